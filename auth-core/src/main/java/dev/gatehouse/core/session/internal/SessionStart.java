package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.internal.TimeOrderedIds;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SecondFactorStore.RememberedDevice;
import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.RevokeFilter;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How a sign-in ends once its first factor is proven ({@link SessionService}'s {@link
 * SessionStarter} half): a second step when the account has one or the policy asks for one, else a
 * session started in the sign-in's transaction, answered with its tokens and the account.
 * Thread-safe.
 */
final class SessionStart {
  private final GatehouseConfig config;
  private final Clock clock;
  private final SecretHasher secrets;
  private final SecurityEvents events;
  private final SessionEnds ends;
  private final Notices notices;
  private final SessionTokens sessionTokens;

  SessionStart(
      GatehouseConfig config,
      Clock clock,
      SecretHasher secrets,
      SecurityEvents events,
      SessionEnds ends,
      Notices notices,
      SessionTokens sessionTokens) {
    this.sessionTokens = sessionTokens;
    this.config = config;
    this.clock = clock;
    this.secrets = secrets;
    this.events = events;
    this.ends = ends;
    this.notices = notices;
  }

  /**
   * A session, or the second step the account or the policy asks for; {@code carried} is the
   * sign-in of another system the session carries over, or {@code null} for one made now.
   */
  SignInResult signIn(
      StoreTransaction tx,
      UUID userPublicId,
      UserRecord known,
      List<String> amr,
      ClientInfo client,
      CredentialCheck.@Nullable CarriedOver carried) {
    requireNonNull(tx, "tx");
    requireNonNull(amr, "amr");
    if (amr.contains(SessionStarter.AMR_MFA)) {
      return session(tx, userPublicId, known, amr, client, null, carried);
    }
    Instant now = clock.instant();
    ClientInfo who = client == null ? ClientInfo.web() : client;
    Instant policySince = policySince(tx, userPublicId, now);
    List<String> methods = secondFactors(tx, userPublicId, amr, policySince);
    if (!methods.isEmpty()) {
      Optional<RememberedDevice> device =
          SecondFactorChallenges.rememberedDevice(
              config, secrets, tx, userPublicId, who.rememberedDevice(), now);
      if (device.isPresent()) {
        tx.secondFactors().rememberedDeviceUsed(device.get().id(), now);
        List<String> withDevice = new ArrayList<>(amr);
        withDevice.add(SecondFactorChallenges.REMEMBERED_DEVICE);
        events.publish(
            tx,
            new AuthEvent.RememberedDeviceUsed(
                now, userPublicId, ClientInfo.originOf(config, who)));
        return session(tx, userPublicId, known, List.copyOf(withDevice), client, null, carried);
      }
      return challenge(tx, userPublicId, amr, SecondFactorChallenges.PURPOSE, methods, now);
    }
    if (policySince == null) {
      return session(tx, userPublicId, known, amr, client, null, carried);
    }
    Instant due = policySince.plus(config.get(SecondFactorSettings.MFA_ENROLMENT_GRACE));
    if (now.isBefore(due)) {
      return session(tx, userPublicId, known, amr, client, due, carried);
    }
    events.publish(
        tx,
        new AuthEvent.SecondFactorEnrolmentRequired(
            now, userPublicId, due, ClientInfo.originOf(config, who)));
    return challenge(
        tx,
        userPublicId,
        amr,
        SecondFactorChallenges.ENROL_PURPOSE,
        List.of(SecondFactorChallenges.TOTP_ENROLMENT),
        now);
  }

  /**
   * Whether a sign-in of the account by {@code amr} would be asked a second step: a factor it has
   * (or a passkey the policy counts as one), or an enrolment the policy asks for once its grace
   * ended. A remembered device never stands in: the caller asking presents none. For a credential
   * that cannot answer a step (a module's request header), which then fails closed.
   */
  boolean asksSecondStep(StoreTransaction tx, UUID userPublicId, List<String> amr, Instant now) {
    if (amr.contains(SessionStarter.AMR_MFA)) {
      return false;
    }
    Instant policySince = policySince(tx, userPublicId, now);
    return !secondFactors(tx, userPublicId, amr, policySince).isEmpty()
        || policySince != null
            && !now.isBefore(
                policySince.plus(config.get(SecondFactorSettings.MFA_ENROLMENT_GRACE)));
  }

  /** Since when the second-factor policy covers the account, or {@code null} when it does not. */
  private @Nullable Instant policySince(StoreTransaction tx, UUID userPublicId, Instant now) {
    return SecondFactorChallenges.policyCovers(config, tx, userPublicId)
        ? tx.secondFactors().secondFactorPolicySince(userPublicId, now)
        : null;
  }

  /** The second factors a sign-in by {@code amr} must present, empty when none. */
  private List<String> secondFactors(
      StoreTransaction tx, UUID userPublicId, List<String> amr, @Nullable Instant policySince) {
    List<String> methods = SecondFactorChallenges.methods(tx, userPublicId, amr);
    if (methods.isEmpty()
        && policySince != null
        && !amr.contains(SecondFactorChallenges.WEBAUTHN)
        && !tx.passkeys().listFor(userPublicId).isEmpty()) {
      // For the policy a passkey is a second factor: the login must present it, not enrol an app.
      return List.of(SecondFactorChallenges.WEBAUTHN);
    }
    return methods;
  }

  private SignInResult challenge(
      StoreTransaction tx,
      UUID userPublicId,
      List<String> amr,
      String purpose,
      List<String> methods,
      Instant now) {
    String token = dev.gatehouse.core.secret.SecretHasher.newToken();
    Instant expiresAt = now.plus(config.get(SecondFactorSettings.MFA_CHALLENGE_TTL));
    tx.actionTokens()
        .issue(
            userPublicId,
            purpose,
            SecondFactorChallenges.hash(secrets, purpose, token),
            String.join(" ", amr),
            expiresAt,
            now);
    return new SignInResult.SecondStepRequired(
        new SecondFactorChallenge(token, expiresAt, methods));
  }

  /**
   * Starts the session and answers it with the account: {@code known} as the flow left it, or the
   * user read now (after the flow recorded the login), and the profiles the session start read. Its
   * {@code auth_time} is now, or the carried-over sign-in's ({@code carried}).
   */
  SignInResult.SignedIn session(
      StoreTransaction tx,
      UUID userPublicId,
      UserRecord known,
      List<String> amr,
      ClientInfo client,
      Instant enrolmentDue,
      CredentialCheck.@Nullable CarriedOver carried) {
    Instant now = clock.instant();
    Started started =
        begin(
            tx,
            userPublicId,
            known,
            amr,
            client,
            now,
            carried == null ? now : carried.signedInAt(),
            null,
            null);
    TokenPair tokens =
        enrolmentDue == null
            ? started.tokens()
            : started.tokens().withSecondFactorEnrolmentDue(enrolmentDue);
    UserRecord user = known != null ? known : tx.users().findByPublicId(userPublicId).orElseThrow();
    return new SignInResult.SignedIn(
        tokens,
        amr,
        false,
        false,
        List.of(),
        Views.me(user, started.profiles(), tokens.profileId()));
  }

  /** A started session: its tokens, and the owner's profiles as its start read them. */
  record Started(TokenPair tokens, List<ProfileRecord> profiles) {}

  /**
   * Starts the session of a sign-in that happens now, its {@code auth_time}; {@code known} is the
   * user when the flow read it, else {@code null}.
   */
  Started begin(
      StoreTransaction tx,
      UUID userPublicId,
      UserRecord known,
      List<String> amr,
      ClientInfo client) {
    Instant now = clock.instant();
    return begin(tx, userPublicId, known, amr, client, now, now, null, null);
  }

  /**
   * Starts a session a module opens for an account with its claims ({@code
   * ModuleSessions#startSessionFor}): no sign-in happened, so it has no {@code auth_time} (never a
   * recent sign-in), and it ends at {@code lifetime} at the latest.
   */
  TokenPair startFor(
      StoreTransaction tx,
      UUID account,
      List<String> amr,
      ClientInfo client,
      Duration lifetime,
      ModuleClaims.StartClaims claims) {
    requireNonNull(lifetime, "lifetime");
    requireNonNull(claims, "claims");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("a session's lifetime is positive, was " + lifetime);
    }
    return begin(tx, account, null, amr, client, clock.instant(), null, lifetime, claims).tokens();
  }

  private Started begin(
      StoreTransaction tx,
      UUID userPublicId,
      UserRecord known,
      List<String> amr,
      ClientInfo client,
      Instant now,
      @Nullable Instant authTime,
      @Nullable Duration lifetime,
      ModuleClaims.@Nullable StartClaims claims) {
    requireNonNull(tx, "tx");
    requireNonNull(amr, "amr");
    ClientInfo c = client == null ? ClientInfo.web() : client;
    String kind = clientKind(c);
    UUID owner = userPublicId;
    Long deviceId = null;
    if (SessionService.CLIENT_MOBILE.equals(kind) && c.device() != null) {
      boolean notify =
          config.get(AuditSettings.NOTIFY_NEW_DEVICE)
              && c.device().token() != null
              && tx.devices().findByToken(owner, c.device().token()).isEmpty()
              // The very first device (usually the sign-up) is no news to its owner.
              && !tx.devices().list(owner).isEmpty();
      deviceId = DefaultDeviceService.upsert(tx, owner, c.device(), now);
      if (notify) {
        tx.users()
            .findByPublicId(owner)
            .ifPresent(u -> notices.toAccount(tx, u, TemplateNames.NEW_SIGN_IN));
      }
    }
    if (SessionService.CLIENT_MOBILE.equals(kind)
        && config.get(AccountSettings.SINGLE_SESSION_ON_MOBILE)) {
      ends.some(
          tx,
          owner,
          new RevokeFilter(SessionService.CLIENT_MOBILE, null, null),
          now,
          "single_session");
    }
    // Every profile, not just the default: a sign-in's answer shows them all (SignedIn#account).
    List<ProfileRecord> profiles = tx.profiles().list(owner);
    ProfileRecord profile =
        profiles.stream().filter(ProfileRecord::defaultProfile).findFirst().orElse(null);
    Long profileId = profile == null ? null : profile.id();
    // Time-ordered (issue 79): a new session's key lands at the end of gh_session's primary key
    // and of the refresh tokens' session index; it tells the session's start, as auth_time does.
    String sid = TimeOrderedIds.at(now).toString();
    Duration ttl = config.get(TokenSettings.REFRESH_TOKEN_TTL);
    Instant expiresAt = now.plus(lifetime == null || lifetime.compareTo(ttl) > 0 ? ttl : lifetime);
    SessionTokens.FirstToken refresh = sessionTokens.firstToken(owner, sid, expiresAt, now);
    NewSession session =
        new NewSession(
            sid,
            owner,
            kind,
            deviceId,
            amr,
            profileId,
            ClientDetails.coarseIp(c.ipAddress()),
            ClientDetails.userAgent(c.userAgent()),
            now,
            authTime,
            expiresAt,
            RefreshRotation.idleExpiry(config, now, expiresAt));
    if (refresh.held()) {
      tx.sessions().createSessionHoldingToken(session, refresh.hash());
    } else {
      tx.sessions().createSession(session, refresh.hash());
    }
    if (claims != null) {
      // Only a module's session start writes claims: a sign-in gains no statement.
      tx.sessions().setSessionClaims(sid, claims.text());
    }
    TokenPair tokens =
        sessionTokens.pair(
            tx,
            owner,
            known,
            known == null ? null : SessionTokens.RoleFacts.of(known, profile),
            sid,
            amr,
            profileId,
            authTime,
            refresh.token(),
            claims == null ? Map.of() : claims.claims());
    return new Started(tokens, profiles);
  }

  private static String clientKind(ClientInfo c) {
    String kind = c.client() == null ? SessionService.CLIENT_WEB : c.client();
    if (!SessionService.CLIENT_WEB.equals(kind) && !SessionService.CLIENT_MOBILE.equals(kind)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CLIENT, "client must be 'web' or 'mobile'");
    }
    return kind;
  }
}
