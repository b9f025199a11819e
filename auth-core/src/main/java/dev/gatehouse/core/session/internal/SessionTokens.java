package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenCustomizer;
import dev.gatehouse.core.token.AccessTokenIssuer;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.AccessTokenIssuer.IssuedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Token issuing shared by the session and profile flows, so they cannot drift apart: built once by
 * the wiring and handed to every flow that starts, rotates or hands over a session.
 */
public final class SessionTokens {
  /** The purpose every refresh-token hash is made under. */
  static final String REFRESH_PURPOSE = "refresh";

  /** Longer input is never a token we issued (43 characters); it is refused before hashing. */
  static final int MAX_REFRESH_TOKEN_LENGTH = 128;

  private final GatehouseConfig config;
  private final SecretHasher secrets;
  private final AccessTokenIssuer accessTokenIssuer;
  private final AccessTokenCustomizer accessTokenCustomizer;
  private final UserIntegers userIntegers;
  private final ModuleClaims moduleClaims;
  private final HeldRefreshTokens held;

  /** The reader of a legacy system's tokens a module registered; none without one. */
  private final AtomicReference<@Nullable CarryOver> carried = new AtomicReference<>();

  /** Built by the facade's wiring. */
  public SessionTokens(
      GatehouseConfig config,
      SecretHasher secrets,
      AccessTokenIssuer accessTokenIssuer,
      AccessTokenCustomizer accessTokenCustomizer,
      UserIntegers userIntegers,
      ModuleClaims moduleClaims) {
    this.moduleClaims = moduleClaims;
    this.config = config;
    this.secrets = secrets;
    this.accessTokenIssuer = accessTokenIssuer;
    this.accessTokenCustomizer = accessTokenCustomizer;
    this.userIntegers = userIntegers;
    this.held = new HeldRefreshTokens(secrets);
  }

  /** A new refresh token and its hash. The token leaves only inside a {@link TokenPair}. */
  record NewRefreshToken(String token, String hash) {
    @Override
    public String toString() {
      return "NewRefreshToken[<redacted>]";
    }
  }

  /**
   * A new secret of a token a session holds, and its keyed hash. The secret leaves only inside the
   * token's text ({@link #heldToken}).
   */
  record HeldSecret(String secret, String hash) {
    @Override
    public String toString() {
      return "HeldSecret[<redacted>]";
    }
  }

  HeldSecret newHeldSecret() {
    String secret = SecretHasher.newToken();
    return new HeldSecret(secret, hash(secret));
  }

  /** {@return the text of generation {@code generation} of the token session {@code sid} holds} */
  String heldToken(String sid, int generation, HeldSecret secret) {
    return held.format(sid, generation, secret.secret());
  }

  /**
   * The parts of a presented token in the held form ({@link HeldRefreshTokens}); {@code null} when
   * it is not in that form at all (a token row's); a token in that form whose MAC is not ours is
   * refused here, before any read.
   *
   * @throws InvalidRefreshTokenException when it has the form's shape but is not ours
   */
  HeldRefreshTokens.@Nullable Presented presentedHeld(String presented) {
    if (!HeldRefreshTokens.shaped(presented)) {
      return null;
    }
    HeldRefreshTokens.Presented parts = held.parse(presented);
    if (parts == null) {
      throw new InvalidRefreshTokenException();
    }
    return parts;
  }

  /** The first refresh token of a new session, and whether the session holds it. */
  record FirstToken(String token, String hash, boolean held) {
    @Override
    public String toString() {
      return "FirstToken[held=" + held + "]";
    }
  }

  /**
   * The first refresh token of session {@code sid} of {@code account}: in a legacy system's format,
   * kept as a token row, when the module that reads its tokens hands one out now ({@link
   * CarryOver#issueRefresh}); else Gatehouse's own, held by the session.
   */
  FirstToken firstToken(UUID account, String sid, Instant expiresAt, Instant now) {
    CarryOver legacy = carried.get();
    Optional<String> issued =
        legacy == null ? Optional.empty() : legacy.issueRefresh(account, expiresAt, now);
    if (issued.isPresent()) {
      return new FirstToken(issued.get(), hash(issued.get()), false);
    }
    HeldSecret secret = newHeldSecret();
    return new FirstToken(heldToken(sid, 0, secret), secret.hash(), true);
  }

  /**
   * A new refresh token for live session {@code s} without a rotation (a profile switch, a module's
   * renewal), in the form the session started with; {@code null} when the session is no longer
   * live.
   */
  @Nullable String replaceToken(SessionStore store, SessionState s, Instant now) {
    Optional<SessionStore.HeldSession> current = store.findHeldSession(s.id());
    if (current.isPresent()) {
      HeldSecret secret = newHeldSecret();
      int generation = current.get().token().generation();
      return store.replaceHeldToken(s.id(), generation, secret.hash(), now)
          ? heldToken(s.id(), generation + 1, secret)
          : null;
    }
    NewRefreshToken next = newRefreshToken(s.userPublicId(), s.expiresAt(), now);
    return store.replaceRefreshToken(s.id(), next.hash(), now) ? next.token() : null;
  }

  NewRefreshToken newRefreshToken() {
    String token = SecretHasher.newToken();
    return new NewRefreshToken(token, secrets.hash(REFRESH_PURPOSE, token));
  }

  /**
   * The refresh token of a session of {@code account}: in a legacy system's format when the module
   * that reads its tokens hands one out now ({@link CarryOver#issueRefresh}), else Gatehouse's own.
   */
  NewRefreshToken newRefreshToken(UUID account, Instant expiresAt, Instant now) {
    CarryOver legacy = carried.get();
    return legacy == null ? newRefreshToken() : own(legacy.issueRefresh(account, expiresAt, now));
  }

  /** The successor of {@code presented} at a rotation, in the format it was issued in. */
  NewRefreshToken successorOf(String presented, Instant now) {
    CarryOver legacy = carried.get();
    return legacy == null || !legacy.issuedRefresh(presented)
        ? newRefreshToken()
        : own(legacy.rotatedRefresh(presented, now));
  }

  private NewRefreshToken own(Optional<String> issued) {
    return issued.map(t -> new NewRefreshToken(t, hash(t))).orElseGet(this::newRefreshToken);
  }

  /**
   * Whether {@code presented} may be one of the refresh tokens this library issued: Gatehouse's own
   * length, or a legacy-format token the module issued; anything else is refused before it is
   * hashed.
   */
  boolean presentable(@Nullable String presented) {
    CarryOver legacy = carried.get();
    return presented != null
        && !presented.isEmpty()
        && (presented.length() <= MAX_REFRESH_TOKEN_LENGTH
            || (legacy != null && legacy.issuedRefresh(presented)));
  }

  /** The reader of a legacy system's tokens a module registered, or {@code null}. */
  @Nullable CarryOver carried() {
    return carried.get();
  }

  /** See {@code SignInContext#hook}. */
  void carryOver(CarryOver tokens) {
    if (!carried.compareAndSet(null, tokens)) {
      throw new IllegalStateException("a reader of legacy tokens is registered already");
    }
  }

  /** The claims modules keep in sessions, which every token of an existing session carries. */
  ModuleClaims moduleClaims() {
    return moduleClaims;
  }

  /**
   * What an access token issued now for an existing session carries of the claims modules keep in
   * it, checked live by each module ({@link ModuleClaims#held}); nothing is read for a session that
   * keeps none.
   */
  Map<String, Object> claimsHeld(StoreTransaction tx, SessionState session) {
    Map<String, Object> held = moduleClaims.held(tx, session);
    if (held == null) {
      // Its next refresh ends it; this flow's transaction is refused and changes nothing.
      throw new dev.gatehouse.core.error.AuthException.NotFoundException(
          dev.gatehouse.core.error.ErrorCode.SESSION_NOT_FOUND);
    }
    return held;
  }

  /**
   * As {@link #claimsHeld}, or {@code null} when the session was started for claims its module
   * dropped ({@code SessionClaims#endsSession}): the caller ends it.
   */
  @org.jspecify.annotations.Nullable
  Map<String, Object> claimsHeldOrEnded(StoreTransaction tx, SessionState session) {
    return moduleClaims.held(tx, session);
  }

  String hash(String presented) {
    return secrets.hash(REFRESH_PURPOSE, presented);
  }

  /**
   * What the default {@code roles} claim is made of ({@code gatehouse.token.roles}).
   *
   * @param profileRole the role of the profile the token acts as, or {@code null} for none
   */
  record RoleFacts(boolean staff, boolean superuser, @Nullable String profileRole) {
    static RoleFacts of(UserRecord user, ProfileRecord profile) {
      return new RoleFacts(user.staff(), user.superuser(), profile == null ? null : profile.role());
    }

    static RoleFacts of(StoreTransaction.SessionOwner owner) {
      return new RoleFacts(owner.staff(), owner.superuser(), owner.profileRole());
    }

    /** {@return the claim's values: staff, superuser, then the profile's role, each once} */
    List<String> roles() {
      java.util.LinkedHashSet<String> roles = new java.util.LinkedHashSet<>();
      if (staff) {
        roles.add("staff");
      }
      if (superuser) {
        roles.add("superuser");
      }
      if (profileRole != null && !profileRole.isBlank()) {
        roles.add(profileRole);
      }
      return List.copyOf(roles);
    }
  }

  /**
   * Issues the access token of a session and pairs it with the refresh token.
   *
   * @param tx the flow's transaction; the user is read through it only when a customizer or the
   *     roles claim needs what the caller did not pass
   * @param user the user when the caller already loaded it, or {@code null}
   * @param roles what the roles claim is made of when the caller read it, or {@code null} (read
   *     here when the claim is on)
   * @param authTime when the session signed in ({@code auth_time}), or {@code null} when that is
   *     not known (a session carried over from a legacy credential that does not tell): the token
   *     then has no {@code auth_time} and is never a recent sign-in
   * @param sessionClaims the claims modules keep in the session ({@link #claimsHeld}), empty for a
   *     new session
   */
  TokenPair pair(
      StoreTransaction tx,
      UUID userPublicId,
      @Nullable UserRecord user,
      @Nullable RoleFacts roles,
      String sessionId,
      List<String> amr,
      Long profileId,
      @Nullable Instant authTime,
      String refreshToken,
      Map<String, Object> sessionClaims) {
    Map<String, Object> custom = accountClaims(tx, userPublicId, user, roles, profileId);
    // A module's claims are the session's own truth, checked live: no customizer replaces them.
    custom.putAll(sessionClaims);
    OptionalLong userId =
        config.get(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS)
            ? userIntegers.of(tx, userPublicId)
            : OptionalLong.empty();
    IssuedAccessToken at =
        accessTokenIssuer.issue(
            new AccessTokenRequest(
                userPublicId.toString(),
                sessionId,
                amr,
                profileId == null ? null : profileId.toString(),
                Map.of(),
                authTime,
                custom,
                userId.isPresent() ? userId.getAsLong() : null));
    return new TokenPair(
        at.token(),
        refreshToken,
        at.expiresAt(),
        sessionId,
        userPublicId,
        profileId == null ? null : profileId.toString(),
        null);
  }

  /**
   * The claims an access token of the account carries beside the registered ones: the roles claim
   * (when on), then the host's customizer's, which win. Every access token's, and a module
   * credential's caller's ({@link ModuleCallers}), so both carry the same authorities.
   *
   * @param user the user when the caller already loaded it, or {@code null}
   * @param roles what the roles claim is made of when the caller read it, or {@code null}
   * @param profileId the active profile, or {@code null}
   * @return the claims, modifiable
   */
  Map<String, Object> accountClaims(
      StoreTransaction tx,
      UUID userPublicId,
      @Nullable UserRecord user,
      @Nullable RoleFacts roles,
      @Nullable Long profileId) {
    Map<String, Object> custom = new java.util.LinkedHashMap<>();
    if (config.get(TokenSettings.TOKEN_ROLES)) {
      RoleFacts facts = roles;
      if (facts == null) {
        facts =
            tx.sessionOwner(userPublicId, profileId)
                .map(RoleFacts::of)
                .orElse(new RoleFacts(false, false, null));
      }
      List<String> names = facts.roles();
      if (!names.isEmpty()) {
        custom.put("roles", names);
      }
    }
    if (customizes()) {
      UserRecord owner =
          user != null ? user : tx.users().findByPublicId(userPublicId).orElseThrow();
      // The host's claims win: a customizer that sets roles replaces the default claim.
      custom.putAll(accessTokenCustomizer.claimsFor(owner));
    }
    return custom;
  }

  /** {@return whether a host's customizer adds claims to every access token} */
  boolean customizes() {
    return accessTokenCustomizer != AccessTokenCustomizer.none();
  }

  /** The owner's default profile, if they have one. */
  static Optional<ProfileRecord> defaultProfile(StoreTransaction tx, UUID userPublicId) {
    return tx.profiles().findDefault(userPublicId);
  }

  /** Whether a user may hold sessions at all. */
  static boolean maySignIn(UserRecord user) {
    return new StoreTransaction.SessionOwner(user.active(), user.deleted(), false).maySignIn();
  }
}
