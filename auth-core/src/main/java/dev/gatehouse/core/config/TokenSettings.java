package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * The settings of access tokens and sessions: issuer, audience, lifetimes, idle timeout, clock
 * skew, claims. Each is read with {@link GatehouseConfig#get(Setting)} and set like every other
 * setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class TokenSettings {
  private TokenSettings() {}

  /** The {@code iss} of access tokens. */
  public static final Setting<String> TOKEN_ISSUER =
      Setting.ofString(
          "gatehouse.token.issuer", "gatehouse", s -> !s.isBlank(), "must not be blank");

  /** The {@code aud} of access tokens. */
  public static final Setting<String> TOKEN_AUDIENCE =
      Setting.ofString(
          "gatehouse.token.audience", "gatehouse-api", s -> !s.isBlank(), "must not be blank");

  /**
   * The {@code client_id} of access tokens (RFC 9068 requires one); resource servers that check it
   * (Spring Security's {@code JwtValidators.createAtJwtValidator()}) expect this value.
   */
  public static final Setting<String> TOKEN_CLIENT_ID =
      Setting.ofString(
          "gatehouse.token.client-id", "gatehouse", s -> !s.isBlank(), "must not be blank");

  /** Access-token lifetime. */
  public static final Setting<Duration> ACCESS_TOKEN_TTL =
      Setting.ofDuration(
          "gatehouse.token.access-ttl",
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofHours(1));

  /** Absolute lifetime of a session (refresh-token family). */
  public static final Setting<Duration> REFRESH_TOKEN_TTL =
      Setting.ofDuration(
          "gatehouse.token.refresh-ttl",
          Duration.ofDays(30),
          Duration.ofHours(1),
          Duration.ofDays(365));

  /**
   * A session unused for this long ends. A use moves the session's idle expiry forward only when it
   * would move by at least a hundredth of this timeout (about 1.7 hours of the default 7 days): a
   * session in steady use then rewrites its idle expiry, which the cleanup's index holds, about
   * once per hundredth instead of at every refresh, so on PostgreSQL most uses update the row in
   * place without touching an index. A session therefore ends between 99% and 100% of this timeout
   * after its last use, never later.
   */
  public static final Setting<Duration> REFRESH_IDLE_TIMEOUT =
      Setting.ofDuration(
          "gatehouse.token.refresh-idle-timeout",
          Duration.ofDays(7),
          Duration.ofMinutes(5),
          Duration.ofDays(365));

  /** Grace window in which a just-rotated refresh token is still accepted once (0 = off). */
  public static final Setting<Duration> REFRESH_REUSE_GRACE =
      Setting.ofDuration(
          "gatehouse.token.refresh-reuse-grace",
          Duration.ZERO,
          Duration.ZERO,
          Duration.ofSeconds(60));

  /** Clock skew tolerated when checking {@code exp}/{@code nbf}. */
  public static final Setting<Duration> CLOCK_SKEW =
      Setting.ofDuration(
          "gatehouse.token.clock-skew",
          Duration.ofSeconds(30),
          Duration.ZERO,
          Duration.ofMinutes(5));

  /**
   * How long {@code SessionService.verifyLiveAccessToken} may answer "this session is alive" from
   * this instance's memory instead of reading the database (0, the default, reads every time). A
   * revocation made through this instance takes effect at once; one made through another instance
   * sharing the database is seen here at most this long later. A session found dead is remembered
   * until its token expires, since it never comes back.
   */
  public static final Setting<Duration> LIVE_CHECK_CACHE =
      Setting.ofDuration(
          "gatehouse.token.live-check-cache", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5));

  /**
   * How often each instance reads the sessions revoked since its previous look, for {@code
   * SessionService.verifyUnrevokedAccessToken} (what the Spring Boot starter checks on the host's
   * own routes): a revocation made through another instance sharing the database is refused here at
   * most this long after it commits, one made through this instance at once. 0 reads the token's
   * session on every call instead, as {@code verifyLiveAccessToken} does.
   */
  public static final Setting<Duration> REVOCATION_FOLLOW =
      Setting.ofDuration(
          "gatehouse.token.revocation-follow",
          Duration.ofSeconds(2),
          Duration.ZERO,
          Duration.ofMinutes(1));

  /**
   * How recently a session must have signed in (its access token's {@code auth_time}) for a
   * destructive operation (account deletion, password change, email or phone change) to go ahead
   * without a fresh password or one-time code.
   */
  public static final Setting<Duration> RECENT_AUTH_WINDOW =
      Setting.ofDuration(
          "gatehouse.security.recent-auth-window",
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofHours(24));

  /** The claim carrying the current profile (jb-drf-auth's PROFILE_ID_CLAIM). */
  public static final Setting<String> PROFILE_CLAIM =
      Setting.ofString(
          "gatehouse.token.profile-claim",
          "profile_id",
          ValueShapes::claim,
          "must be a plain claim name");

  /**
   * Whether access tokens also carry djangorestframework-simplejwt's claims for clients written
   * against it: {@code token_type} ({@code "access"}), {@code user_id} (the subject) and the
   * profile claim as a number. The Spring Boot starter turns it on for the jb-drf-auth HTTP
   * contract.
   */
  public static final Setting<Boolean> TOKEN_SIMPLEJWT_CLAIMS =
      Setting.ofBoolean("gatehouse.token.simplejwt-claims", false);

  /**
   * Whether a user is shown to clients by an integer, as Django's clients know it, where one is
   * known: the {@code user_id} claim of simplejwt's claims and the user {@code id} of the
   * jb-drf-auth contract's answers. The integer is an imported user's legacy key ({@code
   * LegacyAccountResolver#legacyUserIdOf}), else the host user table's numeric primary key; a user
   * with neither (or whose key is another account's legacy key) keeps the public id. The subject
   * ({@code sub}) stays the public id, and nothing authorises by the integer. The Spring Boot
   * starter turns it on for the jb-drf-auth HTTP contract; off keeps the public id everywhere.
   */
  public static final Setting<Boolean> TOKEN_INTEGER_USER_IDS =
      Setting.ofBoolean("gatehouse.token.integer-user-ids", false);

  /**
   * Whether access tokens carry a {@code roles} claim: {@code staff} for a staff account, {@code
   * superuser} for a superuser, and the role of the profile the session acts as, read each time a
   * token is issued (so a refresh drops a role the account lost). Spring Security's {@code
   * hasRole("staff")} reads it through the starter's authorities converter. A host's {@link
   * dev.gatehouse.core.token.AccessTokenCustomizer} that sets {@code roles} replaces it.
   */
  public static final Setting<Boolean> TOKEN_ROLES =
      Setting.ofBoolean("gatehouse.token.roles", true);
}
