package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.internal.LiveSessionCache;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SessionTokens.NewRefreshToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.RefreshTokenState;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.CarriedOverAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh of {@link SessionService#refresh}: one transaction that rotates the presented token
 * and issues the new pair, or, for a token already rotated, either answers a replay inside the
 * reuse grace window once or revokes the session as reuse. Kept apart from the session service
 * because it is the hottest path of the library and has its own failure rules (revocations must
 * commit, so the transaction never throws).
 */
final class RefreshRotation {
  /** The session service's logger: hosts alert on its reuse warning, wherever the code lives. */
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  /** The method a refused legacy-token exchange's audit entry names. */
  private static final String EXCHANGE_METHOD = "token_exchange";

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final LiveSessionCache liveSessions;
  private final SignInPipeline pipeline;
  private final @Nullable LegacyAccountResolver legacyAccounts;

  private final SessionTokens sessionTokens;

  RefreshRotation(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecurityEvents events,
      @Nullable LegacyAccountResolver legacyAccounts,
      LiveSessionCache liveSessions,
      SignInPipeline pipeline,
      SessionTokens sessionTokens) {
    this.sessionTokens = sessionTokens;
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.liveSessions = liveSessions;
    this.pipeline = pipeline;
    this.legacyAccounts = legacyAccounts;
  }

  /** See {@link SessionService#refresh}. */
  TokenPair refresh(String refreshToken, ClientInfo client) {
    if (claimedByCarryOver(refreshToken)) {
      return carryOver(refreshToken, client, true);
    }
    String presented = presentedHash(refreshToken);
    Instant now = clock.instant();
    NewRefreshToken next = sessionTokens.successorOf(refreshToken, now);
    RefreshOutcome outcome =
        store.inTransaction(
            tx -> {
              SessionStore store = tx.sessions();
              Optional<SessionState> rotated =
                  store.rotateRefreshToken(presented, next.hash(), now);
              if (rotated.isPresent()) {
                return issue(tx, rotated.get(), next.token(), client, now);
              }
              return afterFailedRotation(tx, presented, next, client, now);
            });
    return granted(outcome);
  }

  /**
   * A djangorestframework-simplejwt refresh token during the transition window ({@code
   * gatehouse.legacy.simplejwt.*}). Its first presentation is a sign-in through the one pipeline
   * ({@link CarriedSignIn}): a session of the account its user became ({@code amr} {@code
   * simplejwt}, its {@code auth_time} the legacy sign-in's when the token tells it), the token's
   * {@code jti} recorded with that session until the token expires, {@link AuthEvent.LoggedIn} with
   * the method {@code simplejwt}. Presented again:
   *
   * <ul>
   *   <li>at a rotating route, it is reuse, as for a Gatehouse token: its session ends and {@link
   *       AuthEvent.TokenReuseDetected} is published (the client was given the session's own
   *       refresh token the first time);
   *   <li>at a route that does not rotate (simplejwt's default, whose clients keep their refresh
   *       token), it refreshes the session it started, until it expires or the window closes.
   * </ul>
   *
   * <p>A token exchanged at the token-exchange route ({@link #exchange}) is carried over the same
   * way, and presented again it is always reuse.
   */
  private TokenPair carryOver(String presented, ClientInfo client, boolean rotating) {
    CarryOver.Token token = sessionTokens.carried().refresh(presented, clock.instant());
    UUID account = accountOf(token).orElseThrow(InvalidRefreshTokenException::new);
    if (!rotating) {
      Instant now = clock.instant();
      Optional<RefreshOutcome> refreshed =
          store.inTransaction(
              tx ->
                  tx.actionTokens()
                      .findUsable(token.purpose(), token.hash(), now)
                      .map(
                          seen ->
                              Optional.ofNullable(seen.binding())
                                  .flatMap(sid -> tx.sessions().findSession(sid))
                                  .filter(x -> x.liveAt(now))
                                  .map(x -> issue(tx, x, presented, client, now))
                                  .orElse(RefreshOutcome.REJECTED)));
      if (refreshed.isPresent()) {
        return granted(refreshed.get());
      }
    }
    SignInResult result;
    try {
      result =
          pipeline.run(
              new CarriedSignIn(
                  token, account, "refresh", InvalidRefreshTokenException::new, replayed(client)),
              client);
    } catch (DuplicateKeyException e) {
      // Two first presentations of one token at once: the other one carried it over.
      throw new InvalidRefreshTokenException();
    }
    return ((SignInResult.SignedIn) result).tokens();
  }

  /** Ends the session a legacy token presented again produced: reuse, as for a rotated token. */
  private BiConsumer<StoreTransaction, SessionState> replayed(ClientInfo client) {
    return (tx, session) -> {
      reuse(tx, session, client, clock.instant());
      LOG.warn(
          "legacy token reuse detected: session {} of user {} revoked",
          session.id(),
          session.userPublicId());
    };
  }

  /** See {@link SessionService#exchangeLegacyToken}. */
  TokenPair exchange(String subjectToken, ClientInfo client) {
    RequestOrigin origin = ClientInfo.originOf(config, client == null ? ClientInfo.web() : client);
    CarryOver tokens = sessionTokens.carried();
    CarryOver.Token token;
    UUID account;
    try {
      if (tokens == null) {
        LOG.info("legacy token refused: no module reads legacy tokens (auth-legacy)");
        throw new InvalidSubjectTokenException();
      }
      token = tokens.exchange(subjectToken, clock.instant());
      account = accountOf(token).orElseThrow(InvalidSubjectTokenException::new);
    } catch (InvalidSubjectTokenException e) {
      // A token that does not verify names nobody the trail may trust.
      throw events.signInRefused(EXCHANGE_METHOD, null, e, origin);
    }
    SignInResult result;
    try {
      // Presented again it is reuse: the session it produced ends.
      result =
          pipeline.run(
              new CarriedSignIn(
                  token,
                  account,
                  EXCHANGE_METHOD,
                  InvalidSubjectTokenException::new,
                  replayed(client)),
              client);
    } catch (DuplicateKeyException e) {
      throw events.signInRefused(
          EXCHANGE_METHOD, account, new InvalidSubjectTokenException(), origin);
    }
    return ((SignInResult.SignedIn) result).tokens();
  }

  /** See {@link SessionService#verifyLegacyBearer}. */
  VerifiedAccessToken bearer(String presented) {
    CarryOver tokens = sessionTokens.carried();
    Instant now = clock.instant();
    Optional<CarryOver.Token> token =
        tokens == null || presented == null ? Optional.empty() : tokens.bearer(presented, now);
    Optional<UUID> account = token.flatMap(this::accountOf);
    if (account.isEmpty()) {
      throw new InvalidTokenException(InvalidTokenException.Reason.LEGACY_REFUSED);
    }
    // The account must exist and may sign in; its default profile is the one a carried-over
    // session would start on, so profile-bound routes read it as they read a session's.
    Optional<Optional<Long>> profile =
        store.inTransaction(
            tx ->
                tx.users()
                    .findByPublicId(account.get())
                    .filter(u -> u.active() && !u.deleted())
                    .map(
                        u ->
                            SessionTokens.defaultProfile(tx, account.get())
                                .map(ProfileRecord::id)));
    if (profile.isEmpty()) {
      LOG.info("legacy {} bearer refused: its account may not sign in", token.get().method());
      throw new InvalidTokenException(InvalidTokenException.Reason.LEGACY_REFUSED);
    }
    CarryOver.Token t = token.get();
    // The keyed hash stands for the token: a stable jti and sid that never reveal it.
    String name = t.hash().length() > 32 ? t.hash().substring(0, 32) : t.hash();
    return CarriedOverAccessToken.of(
        account.get(),
        "legacy-" + name,
        t.method(),
        t.signedInAt() == null ? now : t.signedInAt(),
        t.expiresAt(),
        name,
        t.signedInAt(),
        config.get(TokenSettings.PROFILE_CLAIM),
        profile.get().map(String::valueOf).orElse(null));
  }

  private boolean claimedByCarryOver(String refreshToken) {
    CarryOver tokens = sessionTokens.carried();
    return tokens != null && tokens.claimsRefresh(refreshToken);
  }

  /** The account a legacy token's user became, through the host's resolver. */
  private Optional<UUID> accountOf(CarryOver.Token token) {
    Optional<UUID> account =
        legacyAccounts == null ? Optional.empty() : legacyAccounts.accountOf(token.legacyUserId());
    if (account.isEmpty()) {
      LOG.info(
          "legacy {} token refused: its user has no account here (not imported)", token.method());
    }
    return account;
  }

  /** The pair a refresh transaction granted; a reuse it detected is reported first. */
  private TokenPair granted(RefreshOutcome outcome) {
    if (outcome.reuse() != null) {
      LOG.warn(
          "refresh token reuse detected: session {} of user {} revoked",
          outcome.reuse().id(),
          outcome.reuse().userPublicId());
    }
    if (outcome.pair() == null) {
      throw new InvalidRefreshTokenException();
    }
    return outcome.pair();
  }

  /**
   * See {@link SessionService#refreshWithoutRotation}: the presented token must be the session's
   * current one; the session is used and a new access token issued, and the same refresh token is
   * handed back. A token that was rotated (its session rotates at another route) is reuse, exactly
   * as for {@link #refresh}: a stolen copy cannot slip past rotation's detection here.
   */
  TokenPair refreshWithoutRotation(String refreshToken, ClientInfo client) {
    if (claimedByCarryOver(refreshToken)) {
      return carryOver(refreshToken, client, false);
    }
    String presented = presentedHash(refreshToken);
    Instant now = clock.instant();
    RefreshOutcome outcome =
        store.inTransaction(
            tx -> {
              SessionStore store = tx.sessions();
              Optional<RefreshTokenState> token = store.findRefreshToken(presented);
              if (token.isEmpty()) {
                return RefreshOutcome.REJECTED;
              }
              Optional<SessionState> session = store.findSession(token.get().sessionId());
              if (session.isEmpty() || !session.get().liveAt(now)) {
                return RefreshOutcome.REJECTED;
              }
              if (token.get().rotatedAt() != null) {
                return reuse(tx, session.get(), client, now);
              }
              return issue(tx, session.get(), refreshToken, client, now);
            });
    return granted(outcome);
  }

  /** The stored form of a presented refresh token; a malformed one is refused before any read. */
  private String presentedHash(String refreshToken) {
    if (!sessionTokens.presentable(refreshToken)) {
      throw new InvalidRefreshTokenException();
    }
    return sessionTokens.hash(refreshToken);
  }

  /** What a refresh transaction decided; revocations inside it must commit, so it never throws. */
  private record RefreshOutcome(TokenPair pair, SessionState reuse) {
    static final RefreshOutcome REJECTED = new RefreshOutcome(null, null);

    @Override
    public String toString() {
      return "RefreshOutcome[granted=" + (pair != null) + "]";
    }
  }

  /**
   * Uses the session and issues its new access token beside {@code refreshToken} (the successor of
   * a rotation, or the presented token itself without rotation), or ends the session when its owner
   * may no longer sign in.
   */
  private RefreshOutcome issue(
      StoreTransaction tx, SessionState s, String refreshToken, ClientInfo client, Instant now) {
    SessionStore store = tx.sessions();
    String sid = s.id();
    // The owner's flags and the profile's existence in one read, not two records: the access token
    // needs no more of the user (a customizer that does reads it in pair()).
    Optional<SessionOwner> owner = tx.sessionOwner(s.userPublicId(), s.profileId());
    // A customizer needs the whole user: read here, so that an account deleted since the owner
    // read ends the session like a disabled one instead of failing the refresh.
    UserRecord customized = null;
    if (owner.isPresent() && owner.get().maySignIn() && sessionTokens.customizes()) {
      customized = tx.users().findByPublicId(s.userPublicId()).orElse(null);
    }
    if (owner.isEmpty()
        || !owner.get().maySignIn()
        || (customized == null && sessionTokens.customizes())) {
      liveSessions.revoked(tx, s.userPublicId());
      store.revokeSession(sid, null, now, "user_disabled");
      return RefreshOutcome.REJECTED;
    }
    Map<String, Object> held = sessionTokens.claimsHeldOrEnded(tx, s);
    if (held == null) {
      // Started for claims its module no longer grants (an impersonation whose admin lost the
      // role): the session ends rather than living on without them.
      liveSessions.revoked(tx, s.userPublicId());
      store.revokeSession(sid, null, now, "claims_ended");
      return RefreshOutcome.REJECTED;
    }
    boolean used =
        store.recordUse(
            sid,
            now,
            idleExpiry(config, now, s.expiresAt()),
            client == null ? null : ClientDetails.coarseIp(client.ipAddress()),
            client == null ? null : ClientDetails.userAgent(client.userAgent()));
    if (!used) {
      // Revoked after this refresh read it (a logout that committed while the write waited for
      // the row): no access token for a session that has ended.
      return RefreshOutcome.REJECTED;
    }
    Long profileId = s.profileId();
    SessionTokens.RoleFacts roles = SessionTokens.RoleFacts.of(owner.get());
    if (profileId != null && !owner.get().profileFound()) {
      ProfileRecord fallback = SessionTokens.defaultProfile(tx, s.userPublicId()).orElse(null);
      profileId = fallback == null ? null : fallback.id();
      roles =
          new SessionTokens.RoleFacts(
              roles.staff(), roles.superuser(), fallback == null ? null : fallback.role());
      store.setSessionProfile(sid, profileId);
    }
    return new RefreshOutcome(
        sessionTokens.pair(
            tx,
            s.userPublicId(),
            customized,
            roles,
            sid,
            s.amr(),
            profileId,
            s.authTime(),
            refreshToken,
            held),
        null);
  }

  private RefreshOutcome afterFailedRotation(
      StoreTransaction tx, String presented, NewRefreshToken next, ClientInfo client, Instant now) {
    SessionStore store = tx.sessions();
    Optional<RefreshTokenState> token = store.findRefreshToken(presented);
    if (token.isEmpty() || token.get().rotatedAt() == null) {
      // Never issued, already cleaned up, or its session is revoked or expired.
      return RefreshOutcome.REJECTED;
    }
    RefreshTokenState t = token.get();
    Optional<SessionState> session = store.findSession(t.sessionId());
    if (session.isEmpty() || !session.get().liveAt(now)) {
      return RefreshOutcome.REJECTED;
    }
    Duration grace = config.get(TokenSettings.REFRESH_REUSE_GRACE);
    if (!grace.isZero()
        && t.successorHash() != null
        && store.claimGraceUse(presented, now.minus(grace), now)) {
      Optional<SessionState> rotated =
          store.rotateRefreshToken(t.successorHash(), next.hash(), now);
      if (rotated.isPresent()) {
        return issue(tx, rotated.get(), next.token(), client, now);
      }
    }
    return reuse(tx, session.get(), client, now);
  }

  /** Ends a session whose already rotated token was presented again: a copy is in other hands. */
  private RefreshOutcome reuse(
      StoreTransaction tx, SessionState session, ClientInfo client, Instant now) {
    liveSessions.revoked(tx, session.userPublicId());
    tx.sessions().revokeSession(session.id(), null, now, "token_reuse");
    events.publish(
        tx,
        SecurityEvents.Actor.SYSTEM,
        new AuthEvent.TokenReuseDetected(
            now, session.userPublicId(), session.id(), ClientInfo.originOf(config, client)));
    return new RefreshOutcome(null, session);
  }

  /** When a session used now goes idle: the idle timeout from now, never past its expiry. */
  static Instant idleExpiry(GatehouseConfig config, Instant now, Instant expiresAt) {
    Instant idle = now.plus(config.get(TokenSettings.REFRESH_IDLE_TIMEOUT));
    return idle.isBefore(expiresAt) ? idle : expiresAt;
  }
}
