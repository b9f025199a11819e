package dev.gatehouse.core.config;

import static dev.gatehouse.core.password.PasswordHashingOptions.DEFAULT_MAX_ARGON2_ITERATIONS;
import static dev.gatehouse.core.password.PasswordHashingOptions.DEFAULT_MAX_ARGON2_MEMORY_KIB;
import static dev.gatehouse.core.password.PasswordHashingOptions.DEFAULT_MAX_ARGON2_PARALLELISM;
import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ConfigurationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Gatehouse's whole configuration: one immutable object, built once by a fail-fast builder — the
 * equivalent of jb-drf-auth's {@code JB_DRF_AUTH} settings dictionary.
 *
 * <pre>{@code
 * GatehouseConfig config = GatehouseConfig.builder()
 *     .set(GatehouseConfig.ENVIRONMENT, Environment.PRODUCTION)
 *     .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.com"))
 *     .set(GatehouseConfig.SECRET_KEY, System.getenv("GATEHOUSE_SECRET_KEY"))
 *     .set(GatehouseConfig.OTP_LENGTH, 6)
 *     .build();
 * // or, for a twelve-factor host:
 * GatehouseConfig config = GatehouseConfig.fromEnvironment(System.getenv());
 * }</pre>
 *
 * <p>Every setting is a {@link Setting} constant below with its key ({@code gatehouse.otp.ttl}),
 * its environment variable ({@code GATEHOUSE_OTP_TTL}), its default and its allowed range. An
 * invalid value, an unknown {@code gatehouse.*} key, or an inconsistent combination fails when it
 * is set or at {@link Builder#build()}, with a {@link ConfigurationException} naming the key.
 * Durations accept ISO-8601 ({@code PT5M}) or {@code 300s}/{@code 5m}/{@code 12h}/{@code 7d}.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never prints a secret.
 */
public final class GatehouseConfig {
  // ---- general ----------------------------------------------------------------------------
  /** Development or production mode. */
  public static final Setting<Environment> ENVIRONMENT =
      Setting.ofEnum("gatehouse.environment", Environment.class, Environment.DEVELOPMENT);

  /** The application's name, used in messages. */
  public static final Setting<String> APP_NAME =
      Setting.ofString(
          "gatehouse.app-name",
          "Gatehouse",
          s -> !s.isBlank() && s.length() <= 64,
          "must be 1 to 64 characters");

  /**
   * The server key (at least 32 characters) under which OTP codes, refresh tokens and link tokens
   * are hashed (HMAC). Required in production; generated per process in development.
   */
  public static final Setting<String> SECRET_KEY = Setting.ofSecret("gatehouse.secret-key", 32);

  /**
   * The frontend base URL that confirmation and reset links point to (never the request's Host).
   */
  public static final Setting<URI> FRONTEND_URL =
      Setting.ofUri("gatehouse.frontend-url", URI.create("http://localhost:3000"));

  /** The address emails are sent from. */
  public static final Setting<String> DEFAULT_FROM_EMAIL =
      Setting.ofString(
          "gatehouse.email.from",
          "no-reply@example.com",
          ValueShapes::email,
          "must be an email address");

  // ---- registration and login -------------------------------------------------------------
  /** Which identifier a password login accepts (email, username or both). */
  public static final Setting<LoginIdentifier> LOGIN_IDENTIFIER =
      Setting.ofEnum("gatehouse.login.identifier", LoginIdentifier.class, LoginIdentifier.EMAIL);

  /** Whether a phone number is also accepted as a login identifier. */
  public static final Setting<Boolean> LOGIN_BY_PHONE =
      Setting.ofBoolean("gatehouse.login.phone", true);

  /** Whether an unverified account is refused at login. */
  public static final Setting<Boolean> REQUIRE_VERIFIED =
      Setting.ofBoolean("gatehouse.login.require-verified", true);

  /**
   * The account-confirmation link, relative to {@link #FRONTEND_URL}: a path and query with the
   * placeholder {@code {token}} and optionally {@code {uid}} (the account's public id, base64url
   * without padding, as Django's {@code uid}). jb-drf-auth front ends use {@code
   * /verify-email/?uid={uid}&token={token}}.
   */
  public static final Setting<String> CONFIRMATION_LINK =
      Setting.ofString(
          "gatehouse.links.email-confirmation",
          "/confirm-email?token={token}",
          ValueShapes::linkTemplate,
          "must be a path starting with / that contains {token}");

  /**
   * The password-reset link, relative to {@link #FRONTEND_URL}, with the placeholders of {@link
   * #CONFIRMATION_LINK}. jb-drf-auth front ends use {@code
   * /reset-password/?uid={uid}&token={token}}.
   */
  public static final Setting<String> RESET_LINK =
      Setting.ofString(
          "gatehouse.links.password-reset",
          "/reset-password?token={token}",
          ValueShapes::linkTemplate,
          "must be a path starting with / that contains {token}");

  /** Whether registration requires accepting the terms and conditions. */
  public static final Setting<Boolean> TERMS_REQUIRED =
      Setting.ofBoolean("gatehouse.registration.terms-required", false);

  /** How long an account-confirmation link stays valid. */
  public static final Setting<Duration> CONFIRMATION_TTL =
      Setting.ofDuration(
          "gatehouse.registration.confirmation-ttl",
          Duration.ofHours(24),
          Duration.ofMinutes(5),
          Duration.ofDays(7));

  /** The bootstrap token that creates the first superuser; unset disables the endpoint. */
  public static final Setting<String> ADMIN_BOOTSTRAP_TOKEN =
      Setting.ofSecret("gatehouse.admin.bootstrap-token", 32);

  /** Whether a mobile login ends the user's other mobile sessions. */
  public static final Setting<Boolean> SINGLE_SESSION_ON_MOBILE =
      Setting.ofBoolean("gatehouse.session.single-on-mobile", false);

  // ---- passwords --------------------------------------------------------------------------
  /** Minimum password length in characters (NIST: at least 8; 15 for password-only accounts). */
  public static final Setting<Integer> PASSWORD_MIN_LENGTH =
      Setting.ofInt("gatehouse.password.min-length", 8, 8, 64);

  /** Maximum password length in characters (at least 64 must be allowed). */
  public static final Setting<Integer> PASSWORD_MAX_LENGTH =
      Setting.ofInt("gatehouse.password.max-length", 128, 64, 1024);

  /** Algorithm for new hashes: argon2id, bcrypt, scrypt or pbkdf2_sha256. */
  public static final Setting<String> PASSWORD_ALGORITHM =
      Setting.ofString(
          "gatehouse.password.algorithm",
          "argon2id",
          s -> List.of("argon2id", "bcrypt", "scrypt", "pbkdf2_sha256").contains(s),
          "must be one of argon2id, bcrypt, scrypt, pbkdf2_sha256");

  /** Argon2id memory in KiB (OWASP: 19456). */
  public static final Setting<Integer> ARGON2_MEMORY_KIB =
      Setting.ofInt(
          "gatehouse.password.argon2.memory-kib", 19456, 7168, DEFAULT_MAX_ARGON2_MEMORY_KIB);

  /** Argon2id iterations (OWASP: 2). */
  public static final Setting<Integer> ARGON2_ITERATIONS =
      Setting.ofInt("gatehouse.password.argon2.iterations", 2, 1, DEFAULT_MAX_ARGON2_ITERATIONS);

  /** Argon2id parallelism (OWASP: 1). */
  public static final Setting<Integer> ARGON2_PARALLELISM =
      Setting.ofInt("gatehouse.password.argon2.parallelism", 1, 1, DEFAULT_MAX_ARGON2_PARALLELISM);

  /** How many password hashes may be computed at once (bounds memory under a login burst). */
  public static final Setting<Integer> MAX_CONCURRENT_HASHES =
      Setting.ofInt(
          "gatehouse.password.max-concurrent-hashes",
          Runtime.getRuntime().availableProcessors(),
          1,
          1024);

  /**
   * Whether bare hexadecimal MD5/SHA-1 password digests without salt are verified (and then
   * upgraded); off by default. Turn on only while migrating users from such a system.
   */
  public static final Setting<Boolean> PASSWORD_ALLOW_UNSALTED_DIGESTS =
      Setting.ofBoolean("gatehouse.password.allow-unsalted-digests", false);

  /**
   * A Firebase project's base64 signer key ({@code base64_signer_key} of its password hash
   * parameters); when set, {@code $firebase-scrypt$} hashes imported from that project verify.
   */
  public static final Setting<String> PASSWORD_FIREBASE_SIGNER_KEY =
      Setting.ofSecret("gatehouse.password.firebase.signer-key", 4);

  /** The Firebase project's base64 salt separator ({@code base64_salt_separator}). */
  public static final Setting<String> PASSWORD_FIREBASE_SALT_SEPARATOR =
      Setting.ofString(
          "gatehouse.password.firebase.salt-separator",
          "",
          s -> s.matches("([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"),
          "must be standard base64");

  /** The Firebase project's scrypt {@code rounds}. */
  public static final Setting<Integer> PASSWORD_FIREBASE_ROUNDS =
      Setting.ofInt("gatehouse.password.firebase.rounds", 8, 1, 16);

  /** The Firebase project's scrypt {@code mem_cost} (N = 2^mem-cost). */
  public static final Setting<Integer> PASSWORD_FIREBASE_MEM_COST =
      Setting.ofInt("gatehouse.password.firebase.mem-cost", 14, 1, 20);

  /** How long a password-reset link stays valid. */
  public static final Setting<Duration> RESET_TTL =
      Setting.ofDuration(
          "gatehouse.password.reset-ttl",
          Duration.ofMinutes(30),
          Duration.ofMinutes(5),
          Duration.ofHours(24));

  // ---- one-time codes ---------------------------------------------------------------------
  /** Digits in a one-time code. */
  public static final Setting<Integer> OTP_LENGTH = Setting.ofInt("gatehouse.otp.length", 6, 4, 10);

  /** How long a code is valid; never above 10 minutes. */
  public static final Setting<Duration> OTP_TTL =
      Setting.ofDuration(
          "gatehouse.otp.ttl",
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10));

  /** Wrong guesses after which a code is burned. */
  public static final Setting<Integer> OTP_MAX_ATTEMPTS =
      Setting.ofInt("gatehouse.otp.max-attempts", 5, 1, 10);

  /** Minimum time between two codes to one destination. */
  public static final Setting<Duration> OTP_RESEND_COOLDOWN =
      Setting.ofDuration(
          "gatehouse.otp.resend-cooldown",
          Duration.ofSeconds(60),
          Duration.ZERO,
          Duration.ofHours(1));

  /** Whether verifying a login code for an unknown destination creates the account. */
  public static final Setting<Boolean> OTP_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.otp.signup-allowed", true);

  // ---- sign-in by emailed link ---------------------------------------------------------------
  /**
   * Whether accounts may sign in with an emailed link (and its code); off unless a host turns it
   * on, so a new way in never appears in an application that did not ask for it.
   */
  public static final Setting<Boolean> MAGIC_LINK_ENABLED =
      Setting.ofBoolean("gatehouse.magic-link.enabled", false);

  /** How long a sign-in link and its code work. */
  public static final Setting<Duration> MAGIC_LINK_TTL =
      Setting.ofDuration(
          "gatehouse.magic-link.ttl",
          Duration.ofMinutes(15),
          Duration.ofMinutes(2),
          Duration.ofHours(1));

  /** Whether a sign-in link to an address without an account creates the account on its use. */
  public static final Setting<Boolean> MAGIC_LINK_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.magic-link.signup-allowed", false);

  /**
   * The sign-in link, relative to {@link #FRONTEND_URL}, with the {@code {token}} placeholder of
   * {@link #CONFIRMATION_LINK}.
   */
  public static final Setting<String> MAGIC_LINK =
      Setting.ofString(
          "gatehouse.links.magic-link",
          "/magic-link?token={token}",
          ValueShapes::linkTemplate,
          "must be a path starting with / that contains {token}");

  // ---- phones -----------------------------------------------------------------------------
  /** Region used to read numbers typed without a country code (ISO 3166 alpha-2). */
  public static final Setting<String> PHONE_DEFAULT_REGION =
      Setting.ofString(
          "gatehouse.phone.default-region",
          "US",
          ValueShapes::region,
          "must be an ISO 3166 alpha-2 region code");

  /** If not empty, only numbers of these regions are accepted. */
  public static final Setting<List<String>> PHONE_ALLOWED_REGIONS =
      Setting.ofList(
          "gatehouse.phone.allowed-regions",
          List.of(),
          ValueShapes::regions,
          "must be a comma-separated list of region codes");

  /**
   * Whether phone numbers of a possible length outside libphonenumber's known ranges are accepted
   * on every phone input (login codes, sign-up, phone change), as imported with the importer's
   * lenient phone mode. Off by default: only valid numbers.
   */
  public static final Setting<Boolean> PHONE_ACCEPT_POSSIBLE_NUMBERS =
      Setting.ofBoolean("gatehouse.phone.accept-possible-numbers", false);

  /** Numbers of these regions are refused. */
  public static final Setting<List<String>> PHONE_DENIED_REGIONS =
      Setting.ofList(
          "gatehouse.phone.denied-regions",
          List.of(),
          ValueShapes::regions,
          "must be a comma-separated list of region codes");

  // ---- tokens -----------------------------------------------------------------------------
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

  /** A session unused for this long ends. */
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

  /**
   * Whether events carry the client's full IP address; by default they carry its network only
   * ({@code /24} for IPv4, {@code /48} for IPv6), as the session list does.
   */
  public static final Setting<Boolean> EVENTS_FULL_IP =
      Setting.ofBoolean("gatehouse.events.full-ip", false);

  /**
   * Whether security events (sign-ins and their refusals, lockouts, second factors, password, email
   * and phone changes, revocations, legacy exchanges, import runs) are kept in the audit trail
   * table {@code gh_audit_event}, each in the transaction of its change. Off, the events still
   * reach the registered listeners, which may keep them elsewhere.
   */
  public static final Setting<Boolean> AUDIT_ENABLED =
      Setting.ofBoolean("gatehouse.audit.enabled", true);

  /** How long the audit trail keeps an entry; older ones go in the cleanup's batches. */
  public static final Setting<Duration> AUDIT_RETENTION =
      Setting.ofDuration(
          "gatehouse.audit.retention",
          Duration.ofDays(365),
          Duration.ofDays(1),
          Duration.ofDays(3650));

  /**
   * The logging-context (SLF4J MDC) key whose value an audit entry keeps as its correlation id:
   * {@code traceId} is what Micrometer Tracing puts there; a host with its own request id names its
   * key.
   */
  public static final Setting<String> AUDIT_CORRELATION_KEY =
      Setting.ofString(
          "gatehouse.audit.correlation-key",
          "traceId",
          s -> !s.isBlank() && s.length() <= 64,
          "must be 1 to 64 characters");

  /**
   * Whether a sign-in from a mobile device the account has not used before sends the account a
   * notice (email, or SMS for an account without email).
   */
  public static final Setting<Boolean> NOTIFY_NEW_DEVICE =
      Setting.ofBoolean("gatehouse.notify.new-device", false);

  // ---- second factors ----------------------------------------------------------------------
  /**
   * The keys that encrypt TOTP seeds at rest: comma-separated {@code id:base64key} entries of 32
   * bytes each, newest first (the newest encrypts, every listed key decrypts, so a key is rotated
   * by putting a new one first and dropping the old one once nothing sealed with it remains).
   * Unset, a key derived from {@code gatehouse.secret-key} (id {@code sk}) is used; it stays
   * readable once a ring is configured.
   */
  public static final Setting<String> MFA_ENCRYPTION_KEYS =
      Setting.ofSecret(
          "gatehouse.mfa.encryption-keys",
          s -> {
            try {
              dev.gatehouse.core.secret.SecretBox.parse(s);
              return true;
            } catch (ConfigurationException e) {
              return false;
            }
          },
          "must be comma-separated id:base64key entries of 32-byte keys");

  /** How long the challenge a login with a second factor answers stays usable. */
  public static final Setting<Duration> MFA_CHALLENGE_TTL =
      Setting.ofDuration(
          "gatehouse.mfa.challenge-ttl",
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          Duration.ofMinutes(30));

  /** How many recovery codes a set holds. */
  public static final Setting<Integer> MFA_RECOVERY_CODES =
      Setting.ofInt("gatehouse.mfa.recovery-codes", 10, 5, 20);

  /**
   * How long a device remembered at a second-factor login skips the second factor of later logins
   * of the same account ("remember this device"); zero, the default, turns remembering off.
   */
  public static final Setting<Duration> MFA_REMEMBER_DEVICE =
      Setting.ofDuration(
          "gatehouse.mfa.remember-device", Duration.ZERO, Duration.ZERO, Duration.ofDays(365));

  /** Which accounts must have a second factor: {@code none}, {@code everyone} or {@code roles}. */
  public static final Setting<SecondFactorRequirement> MFA_REQUIRED =
      Setting.ofEnum(
          "gatehouse.mfa.required", SecondFactorRequirement.class, SecondFactorRequirement.NONE);

  /**
   * With {@code gatehouse.mfa.required=roles}: the profile roles whose accounts must have a second
   * factor (comma-separated; must not be empty then).
   */
  public static final Setting<List<String>> MFA_REQUIRED_ROLES =
      Setting.ofList(
          "gatehouse.mfa.required-roles",
          List.of(),
          l -> l.stream().allMatch(r -> r.length() <= 50),
          "must list roles of at most 50 characters");

  /**
   * How long an account the second-factor policy covers may still sign in without a factor, counted
   * from its first sign-in under the policy; zero asks for enrolment at once.
   */
  public static final Setting<Duration> MFA_ENROLMENT_GRACE =
      Setting.ofDuration(
          "gatehouse.mfa.enrolment-grace", Duration.ofDays(7), Duration.ZERO, Duration.ofDays(365));

  // ---- social sign-in ---------------------------------------------------------------------
  /** Whether a first sign-in with a provider identity that matches no account creates one. */
  public static final Setting<Boolean> SOCIAL_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.social.signup-allowed", true);

  /**
   * Whether a first sign-in links to the existing account with the same email. Only ever when the
   * provider asserts the email as verified and the account's email is verified too; otherwise the
   * sign-in answers "link required" and the user proves the account first.
   */
  public static final Setting<Boolean> SOCIAL_LINK_BY_EMAIL =
      Setting.ofBoolean("gatehouse.social.link-by-email", true);

  /**
   * Where the HTTP contract hands a browser's social sign-in to a single-page application: when
   * set, the callback redirects there with a one-time code in the fragment ({@code #code=...}, or
   * {@code #error=...}) instead of answering the tokens as JSON, and the application exchanges the
   * code with its PKCE verifier at {@code POST /auth/login/social/exchange/}. Unset (the default),
   * the callback answers JSON.
   */
  public static final Setting<URI> SOCIAL_HANDOFF_URL =
      Setting.ofUri("gatehouse.social.handoff-url", null);

  /**
   * How long a sign-in started at a provider (its {@code state}) and a "link required" answer stay
   * usable.
   */
  public static final Setting<Duration> SOCIAL_STATE_TTL =
      Setting.ofDuration(
          "gatehouse.social.state-ttl",
          Duration.ofMinutes(10),
          Duration.ofMinutes(1),
          Duration.ofHours(1));

  /**
   * Whether the provider's access and refresh tokens are kept with the linked identity (sealed with
   * AES-GCM under {@code gatehouse.social.token-key}); off by default: they are dropped.
   */
  public static final Setting<Boolean> SOCIAL_STORE_PROVIDER_TOKENS =
      Setting.ofBoolean("gatehouse.social.store-provider-tokens", false);

  /**
   * The key (at least 32 characters) the provider tokens are sealed under; required when {@code
   * gatehouse.social.store-provider-tokens} is on.
   */
  public static final Setting<String> SOCIAL_TOKEN_KEY =
      Setting.ofSecret("gatehouse.social.token-key", 32);

  // ---- sessions carried over from a legacy system -------------------------------------------
  /**
   * The key djangorestframework-simplejwt signs its tokens with: its {@code SIGNING_KEY}, which is
   * Django's {@code SECRET_KEY} unless the project set it apart. Together with {@code
   * gatehouse.legacy.simplejwt.until}, a simplejwt refresh token presented at a refresh route is
   * exchanged for a Gatehouse session of the account its user became (see {@code
   * SessionService#refresh}); unset (the default), simplejwt's tokens are refused like any other
   * unknown token.
   */
  public static final Setting<String> LEGACY_SIMPLEJWT_SIGNING_KEY =
      Setting.ofSecret("gatehouse.legacy.simplejwt.signing-key", 1);

  /**
   * The end of the transition window (an ISO-8601 instant): simplejwt tokens are carried over
   * before it and refused from it on. Set it at least simplejwt's {@code REFRESH_TOKEN_LIFETIME}
   * after the cut-over, so that every token the legacy system issued can still be exchanged.
   */
  public static final Setting<java.time.Instant> LEGACY_SIMPLEJWT_UNTIL =
      Setting.ofInstant("gatehouse.legacy.simplejwt.until");

  /** simplejwt's {@code ALGORITHM}: the only one its tokens are accepted with. */
  public static final Setting<String> LEGACY_SIMPLEJWT_ALGORITHM =
      Setting.ofString(
          "gatehouse.legacy.simplejwt.algorithm",
          "HS256",
          s -> s.matches("HS(256|384|512)"),
          "must be HS256, HS384 or HS512 (simplejwt's HMAC algorithms)");

  /** simplejwt's {@code USER_ID_CLAIM}: the claim holding the legacy user's key. */
  public static final Setting<String> LEGACY_SIMPLEJWT_USER_ID_CLAIM =
      Setting.ofString(
          "gatehouse.legacy.simplejwt.user-id-claim",
          "user_id",
          s -> s.matches("[A-Za-z0-9_.-]{1,64}"),
          "must be a claim name (letters, digits, '_', '.', '-')");

  /** simplejwt's {@code AUDIENCE}: when set, a token must name it in {@code aud}. */
  public static final Setting<String> LEGACY_SIMPLEJWT_AUDIENCE =
      Setting.ofString(
          "gatehouse.legacy.simplejwt.audience", null, s -> !s.isBlank(), "must not be blank");

  /** simplejwt's {@code ISSUER}: when set, a token must carry it in {@code iss}. */
  public static final Setting<String> LEGACY_SIMPLEJWT_ISSUER =
      Setting.ofString(
          "gatehouse.legacy.simplejwt.issuer", null, s -> !s.isBlank(), "must not be blank");

  /**
   * Whether a simplejwt access token is exchanged for a Gatehouse session at the token-exchange
   * route ({@code SessionService#exchangeLegacyToken}) during the window, for a client that holds
   * no refresh token (off by default; needs {@code gatehouse.legacy.simplejwt.signing-key}).
   */
  public static final Setting<Boolean> LEGACY_SIMPLEJWT_ACCESS_TOKENS =
      Setting.ofBoolean("gatehouse.legacy.simplejwt.access-tokens", false);

  /**
   * The secret FastAPI-Users' {@code JWTStrategy} signs its tokens with. Together with {@code
   * gatehouse.legacy.fastapi-users.until}, a FastAPI-Users JWT is exchanged once for a Gatehouse
   * session of the account its user became ({@code SessionService#exchangeLegacyToken}); unset (the
   * default), such tokens are refused.
   */
  public static final Setting<String> LEGACY_FASTAPI_USERS_SECRET =
      Setting.ofSecret("gatehouse.legacy.fastapi-users.secret", 1);

  /**
   * The end of the FastAPI-Users transition window (an ISO-8601 instant): its tokens are exchanged
   * before it and refused from it on. Set it at least the strategy's {@code lifetime_seconds} after
   * the cut-over.
   */
  public static final Setting<java.time.Instant> LEGACY_FASTAPI_USERS_UNTIL =
      Setting.ofInstant("gatehouse.legacy.fastapi-users.until");

  /** The strategy's {@code token_audience}: a token must name it in {@code aud}. */
  public static final Setting<String> LEGACY_FASTAPI_USERS_AUDIENCE =
      Setting.ofString(
          "gatehouse.legacy.fastapi-users.audience",
          "fastapi-users:auth",
          s -> !s.isBlank(),
          "must not be blank");

  /** The strategy's {@code algorithm}: the only one its tokens are accepted with. */
  public static final Setting<String> LEGACY_FASTAPI_USERS_ALGORITHM =
      Setting.ofString(
          "gatehouse.legacy.fastapi-users.algorithm",
          "HS256",
          s -> s.matches("HS(256|384|512)"),
          "must be HS256, HS384 or HS512 (the HMAC algorithms; a key pair is not supported)");

  /**
   * The end of the window (an ISO-8601 instant) in which a djangorestframework {@code Token} key is
   * exchanged once for a Gatehouse session of the account its user became, at the token-exchange
   * route ({@code SessionService#exchangeLegacyToken}); unset (the default), such keys are refused.
   * Needs the legacy credential tables ({@code Gatehouse.Builder#legacyCredentials}).
   */
  public static final Setting<java.time.Instant> LEGACY_DRF_TOKENS_UNTIL =
      Setting.ofInstant("gatehouse.legacy.drf-tokens.until");

  /**
   * The Django project's {@code SECRET_KEY}, which signs its sessions. Together with {@code
   * gatehouse.legacy.django-sessions.until}, a Django session key (the {@code sessionid} cookie) is
   * exchanged once for a Gatehouse session of the account its user became, at the token-exchange
   * route; needs the legacy credential tables ({@code Gatehouse.Builder#legacyCredentials}).
   */
  public static final Setting<String> LEGACY_DJANGO_SESSIONS_SECRET_KEY =
      Setting.ofSecret("gatehouse.legacy.django-sessions.secret-key", 1);

  /** The end of the Django-session window (an ISO-8601 instant). */
  public static final Setting<java.time.Instant> LEGACY_DJANGO_SESSIONS_UNTIL =
      Setting.ofInstant("gatehouse.legacy.django-sessions.until");

  /**
   * The end of the write-back window (an ISO-8601 instant): until then, every change Gatehouse
   * makes to an account (creation, password, email, phone, verification, deletion) is written back
   * to the legacy store after it commits, so that going back to the legacy application loses
   * nothing. Needs the target ({@code Gatehouse.Builder#legacyWriteBack}); unset (the default),
   * nothing is written back.
   */
  public static final Setting<java.time.Instant> LEGACY_WRITE_BACK_UNTIL =
      Setting.ofInstant("gatehouse.legacy.write-back.until");

  // ---- passkeys (WebAuthn) ----------------------------------------------------------------
  /**
   * The WebAuthn relying-party id: the registrable domain passkeys are bound to, such as {@code
   * example.com} (no scheme, no port). Unset, the passkey ceremonies are refused as not configured.
   */
  public static final Setting<String> PASSKEY_RP_ID =
      Setting.ofString(
          "gatehouse.passkeys.rp-id",
          null,
          s -> s.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?"),
          "must be a lower-case domain name such as example.com, without scheme or port");

  /** The relying-party name authenticators show; unset, {@code gatehouse.app-name}. */
  public static final Setting<String> PASSKEY_RP_NAME =
      Setting.ofString(
          "gatehouse.passkeys.rp-name",
          null,
          s -> !s.isBlank() && s.length() <= 64,
          "must be 1 to 64 characters");

  /**
   * The origins a ceremony may come from, such as {@code https://example.com,
   * https://app.example.com:8443}; empty (the default), only {@code https://<rp-id>}.
   */
  public static final Setting<List<String>> PASSKEY_ORIGINS =
      Setting.ofList(
          "gatehouse.passkeys.origins",
          List.of(),
          l -> l.stream().allMatch(o -> o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")),
          "must be a comma-separated list of origins such as https://example.com (no path)");

  /**
   * Whether the authenticator must verify the user (PIN, biometrics): {@code required} (the
   * default; a passkey alone then counts as multi-factor), {@code preferred} or {@code
   * discouraged}.
   */
  public static final Setting<dev.gatehouse.core.passkey.UserVerification>
      PASSKEY_USER_VERIFICATION =
          Setting.ofEnum(
              "gatehouse.passkeys.user-verification",
              dev.gatehouse.core.passkey.UserVerification.class,
              dev.gatehouse.core.passkey.UserVerification.REQUIRED);

  /** How long a registration or sign-in ceremony's challenge stays usable. */
  public static final Setting<Duration> PASSKEY_CHALLENGE_TTL =
      Setting.ofDuration(
          "gatehouse.passkeys.challenge-ttl",
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(30));

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
   * Whether access tokens carry a {@code roles} claim: {@code staff} for a staff account, {@code
   * superuser} for a superuser, and the role of the profile the session acts as, read each time a
   * token is issued (so a refresh drops a role the account lost). Spring Security's {@code
   * hasRole("staff")} reads it through the starter's authorities converter. A host's {@link
   * dev.gatehouse.core.token.AccessTokenCustomizer} that sets {@code roles} replaces it.
   */
  public static final Setting<Boolean> TOKEN_ROLES =
      Setting.ofBoolean("gatehouse.token.roles", true);

  // ---- profiles ---------------------------------------------------------------------------
  /**
   * The largest profile picture accepted, in bytes (jb-drf-auth's {@code
   * PROFILE_PICTURE_MAX_BYTES}, 1 MiB); a larger one is refused, not re-encoded.
   */
  public static final Setting<Integer> PROFILE_PICTURE_MAX_BYTES =
      Setting.ofInt("gatehouse.profile.picture-max-bytes", 1024 * 1024, 1024, 10 * 1024 * 1024);

  /**
   * The most profiles one account may have; creating one more is refused ({@code
   * too_many_profiles}). A bound on what one signed-in client can make the database hold, not a
   * product rule: set it to what the application needs.
   */
  public static final Setting<Integer> PROFILE_MAX_PER_USER =
      Setting.ofInt("gatehouse.profile.max-per-user", 50, 1, 10_000);

  /** The roles a profile may have. */
  public static final Setting<List<String>> PROFILE_ROLES =
      Setting.ofList(
          "gatehouse.profile.roles",
          List.of("client"),
          l -> !l.isEmpty() && l.stream().allMatch(r -> r.length() <= 50),
          "must list at least one role of at most 50 characters");

  /** The role of the profile created at registration; must be one of {@link #PROFILE_ROLES}. */
  public static final Setting<String> DEFAULT_PROFILE_ROLE =
      Setting.ofString(
          "gatehouse.profile.default-role", "client", s -> !s.isBlank(), "must not be blank");

  // ---- throttling -------------------------------------------------------------------------
  /** Whether rate limits and lockouts apply. */
  public static final Setting<Boolean> THROTTLE_ENABLED =
      Setting.ofBoolean("gatehouse.throttle.enabled", true);

  /** Consecutive failed logins on one account before it is locked (NIST allows at most 100). */
  public static final Setting<Integer> LOGIN_MAX_FAILURES =
      Setting.ofInt("gatehouse.throttle.login.max-failures", 10, 3, 100);

  /** Failed logins on one account after which each further attempt is delayed. */
  public static final Setting<Integer> LOGIN_DELAY_AFTER =
      Setting.ofInt("gatehouse.throttle.login.delay-after", 3, 1, 100);

  /** Failed logins from one client IP within the window before that IP is refused. */
  public static final Setting<Integer> LOGIN_MAX_FAILURES_PER_IP =
      Setting.ofInt("gatehouse.throttle.login.max-failures-per-ip", 100, 5, 100000);

  /** Window over which login failures are counted. */
  public static final Setting<Duration> LOGIN_FAILURE_WINDOW =
      Setting.ofDuration(
          "gatehouse.throttle.login.window",
          Duration.ofMinutes(15),
          Duration.ofMinutes(1),
          Duration.ofDays(1));

  /** How long a lock lasts; it always ends, so an attacker cannot lock a victim out for good. */
  public static final Setting<Duration> LOCKOUT_DURATION =
      Setting.ofDuration(
          "gatehouse.throttle.login.lock",
          Duration.ofMinutes(15),
          Duration.ofMinutes(1),
          Duration.ofDays(1));

  /** Codes one destination may receive per hour. */
  public static final Setting<Integer> OTP_MAX_PER_DESTINATION =
      Setting.ofInt("gatehouse.throttle.otp.per-destination-hourly", 5, 1, 1000);

  /** Codes one client IP may request per hour. */
  public static final Setting<Integer> OTP_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.otp.per-ip-hourly", 20, 1, 100000);

  /** SMS per number prefix per hour (SMS pumping defence). */
  public static final Setting<Integer> SMS_MAX_PER_PREFIX =
      Setting.ofInt("gatehouse.throttle.sms.per-prefix-hourly", 50, 1, 1000000);

  /** SMS in total per day. */
  public static final Setting<Integer> SMS_DAILY_LIMIT =
      Setting.ofInt("gatehouse.throttle.sms.daily", 10000, 1, 100000000);

  /**
   * Registrations one client network may attempt per hour: each may send a confirmation mail to an
   * address of the caller's choosing.
   */
  public static final Setting<Integer> REGISTRATION_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.registration.per-ip-hourly", 30, 1, 100000);

  /**
   * Password-reset requests and confirmation resends, together, one client network may make per
   * hour: each may send a mail to an address of the caller's choosing.
   */
  public static final Setting<Integer> ACCOUNT_MAIL_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.account-mail.per-ip-hourly", 20, 1, 100000);

  /** Passkey sign-in options one client network may request per hour: each stores a challenge. */
  public static final Setting<Integer> PASSKEY_OPTIONS_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.passkey-options.per-ip-hourly", 100, 1, 100000);

  /**
   * How much of an IPv6 address the per-IP limits count as one client network: a /64 by default,
   * the block one subscriber or host is given, so rotating addresses inside it does not reset a
   * limit. An IPv4 address counts on its own.
   */
  public static final Setting<Integer> IPV6_PREFIX_LENGTH =
      Setting.ofInt("gatehouse.throttle.ipv6-prefix-length", 64, 32, 128);

  // ---- delivery (the outbox) ---------------------------------------------------------------
  /** Threads that send messages from the outbox; requests never wait for them. */
  public static final Setting<Integer> DELIVERY_WORKERS =
      Setting.ofInt("gatehouse.delivery.workers", 2, 1, 64);

  /**
   * How often the outbox is checked for messages nobody woke a worker for (after a crash or a
   * restart, or retries that came due).
   */
  public static final Setting<Duration> DELIVERY_POLL_INTERVAL =
      Setting.ofDuration(
          "gatehouse.delivery.poll-interval",
          Duration.ofSeconds(15),
          Duration.ofMillis(100),
          Duration.ofHours(1));

  /**
   * Sending attempts for a link email before it is marked failed (each attempt already goes through
   * the whole failover chain). A one-time code gets one: it expires within minutes, so a failed
   * code is dropped and the user may ask again at once.
   */
  public static final Setting<Integer> DELIVERY_MAX_ATTEMPTS =
      Setting.ofInt("gatehouse.delivery.max-attempts", 3, 1, 20);

  /**
   * How long a dispatcher owns a claimed message; after that another may take it over. Longer than
   * any provider timeout, so two instances do not both send it.
   */
  public static final Setting<Duration> DELIVERY_LEASE =
      Setting.ofDuration(
          "gatehouse.delivery.lease",
          Duration.ofMinutes(5),
          Duration.ofSeconds(10),
          Duration.ofHours(1));

  // ---- housekeeping -----------------------------------------------------------------------
  /** How long delivery logs and used codes are kept. */
  public static final Setting<Duration> LOG_RETENTION =
      Setting.ofDuration(
          "gatehouse.cleanup.retention",
          Duration.ofDays(30),
          Duration.ofHours(1),
          Duration.ofDays(3650));

  /** Rows deleted per cleanup batch. */
  public static final Setting<Integer> CLEANUP_BATCH_SIZE =
      Setting.ofInt("gatehouse.cleanup.batch-size", 500, 1, 100000);

  private static final Map<String, Setting<?>> ALL = SettingFields.collect(GatehouseConfig.class);

  private final Map<Setting<?>, Object> values;
  private final Clock clock;

  private GatehouseConfig(Map<Setting<?>, Object> values, Clock clock) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.clock = clock;
  }

  /** {@return every setting Gatehouse knows, by key; unmodifiable} */
  public static Map<String, Setting<?>> settings() {
    return ALL;
  }

  /** {@return a builder with every setting at its default and the system UTC clock} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the configuration with every setting at its default (development mode)} */
  public static GatehouseConfig defaults() {
    return builder().build();
  }

  /**
   * Reads {@code gatehouse.*} keys from properties; other keys are ignored.
   *
   * @param properties e.g. the contents of {@code gatehouse.properties}
   * @return the configuration
   * @throws ConfigurationException naming the first invalid or unknown key
   */
  public static GatehouseConfig fromProperties(Map<?, ?> properties) {
    return builder().putAll(properties).build();
  }

  /**
   * The {@code GATEHOUSE_*} variables that are Gatehouse's own but name no setting, so every
   * environment reader leaves them alone: the signing keys read by {@code
   * SigningKeys.fromEnvironment} ({@code GATEHOUSE_JWT_*}) and the test databases of {@code
   * auth-testing} ({@code GATEHOUSE_TEST_*}, {@code GATEHOUSE_REQUIRE_DBS}). An entry ending in
   * {@code _} is a prefix.
   */
  public static final List<String> RESERVED_ENVIRONMENT_VARIABLES =
      List.of("GATEHOUSE_JWT_", "GATEHOUSE_TEST_", "GATEHOUSE_REQUIRE_DBS");

  /**
   * Reads {@code GATEHOUSE_*} variables (e.g. {@code GATEHOUSE_OTP_TTL=5m}); variables without that
   * prefix are ignored. A {@code GATEHOUSE_*} variable that names no setting is refused like an
   * unknown {@code gatehouse.*} key, so a typo ({@code GATEHOUSE_OTP_TTLL}) fails at start-up
   * instead of being silently ignored; {@link #RESERVED_ENVIRONMENT_VARIABLES} are Gatehouse's own
   * and always allowed. A host that names its own variables {@code GATEHOUSE_*} declares them with
   * {@link #fromEnvironment(Map, Collection)}.
   *
   * @param environment usually {@code System.getenv()}
   * @return the configuration
   * @throws ConfigurationException naming the first invalid key, or an unknown {@code GATEHOUSE_*}
   *     variable (and the nearest setting's variable, when one is close)
   */
  public static GatehouseConfig fromEnvironment(Map<String, String> environment) {
    return builder().putEnvironment(environment).build();
  }

  /**
   * Reads {@code GATEHOUSE_*} variables like {@link #fromEnvironment(Map)}, allowing the host's own
   * {@code GATEHOUSE_*} variables as well.
   *
   * <pre>{@code
   * GatehouseConfig config = GatehouseConfig.fromEnvironment(
   *     System.getenv(), List.of("GATEHOUSE_DB_", "GATEHOUSE_SMTP_", "GATEHOUSE_CLEANUP_INTERVAL"));
   * }</pre>
   *
   * @param environment usually {@code System.getenv()}
   * @param hostVariables the names the host reads itself; an entry ending in {@code _} or {@code *}
   *     is a prefix ({@code GATEHOUSE_SMTP_} or {@code GATEHOUSE_SMTP_*} covers {@code
   *     GATEHOUSE_SMTP_HOST}); a name that is also a setting's variable is still read as the
   *     setting
   * @return the configuration
   * @throws ConfigurationException naming the first invalid key, or a {@code GATEHOUSE_*} variable
   *     that is neither a setting, reserved, nor declared
   */
  public static GatehouseConfig fromEnvironment(
      Map<String, String> environment, Collection<String> hostVariables) {
    return builder().putEnvironment(environment, hostVariables).build();
  }

  /**
   * The value of a setting.
   *
   * @param setting one of the constants of this class
   * @param <T> its type
   * @return the value; {@code null} only for an unset optional setting
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    requireNonNull(setting, "setting");
    return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
  }

  /** {@return the clock every time-dependent decision reads} */
  public Clock clock() {
    return clock;
  }

  /** {@return whether this is production mode} */
  public boolean production() {
    return get(ENVIRONMENT) == Environment.PRODUCTION;
  }

  /** {@return a builder starting from this configuration} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    b.clock = clock;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("GatehouseConfig[");
    for (Setting<?> s : ALL.values()) {
      if (values.containsKey(s)) {
        b.append(s.key()).append('=').append(s.secret() ? "<secret>" : values.get(s)).append(", ");
      }
    }
    return b.append("]").toString();
  }

  /** Fail-fast builder: each {@code set} checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets a value.
     *
     * @param setting the setting
     * @param value its value; {@code null} unsets an optional setting
     * @param <T> its type
     * @return this builder
     * @throws ConfigurationException naming the key when the value is not allowed
     */
    public <T> Builder set(Setting<T> setting, T value) {
      requireNonNull(setting, "setting");
      values.put(setting, setting.check(value));
      return this;
    }

    /**
     * Sets a value from text, as read from a properties file.
     *
     * @param key e.g. {@code gatehouse.otp.ttl}
     * @param raw e.g. {@code 5m}
     * @return this builder
     * @throws ConfigurationException when the key is unknown or the value invalid
     */
    public Builder set(String key, String raw) {
      Setting<?> s = PropertiesReader.setting(key);
      values.put(s, s.parse(raw));
      return this;
    }

    /**
     * Sets every {@code gatehouse.*} key of {@code properties}.
     *
     * @param properties keys and textual values
     * @return this builder
     */
    public Builder putAll(Map<?, ?> properties) {
      PropertiesReader.read(properties, this::set);
      return this;
    }

    /**
     * Sets every setting whose environment variable is present, refusing a {@code GATEHOUSE_*}
     * variable that names no setting (see {@link GatehouseConfig#fromEnvironment(Map)}).
     *
     * @param environment variables
     * @return this builder
     * @throws ConfigurationException naming an invalid value's key or an unknown variable
     */
    public Builder putEnvironment(Map<String, String> environment) {
      return putEnvironment(environment, List.of());
    }

    /**
     * Sets every setting whose environment variable is present, allowing the host's own {@code
     * GATEHOUSE_*} variables (see {@link GatehouseConfig#fromEnvironment(Map, Collection)}).
     *
     * @param environment variables
     * @param hostVariables names, or prefixes ending in {@code _} or {@code *}, the host reads
     *     itself
     * @return this builder
     * @throws ConfigurationException naming an invalid value's key or an unknown variable
     */
    public Builder putEnvironment(
        Map<String, String> environment, Collection<String> hostVariables) {
      EnvironmentReader.read(environment, hostVariables, (s, v) -> values.put(s, s.parse(v)));
      return this;
    }

    /**
     * @param clock the clock every time-dependent decision reads (inject one in tests)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Checks the combination and freezes it.
     *
     * @return the configuration
     * @throws ConfigurationException naming the keys of an inconsistent combination
     */
    public GatehouseConfig build() {
      GatehouseConfig c = new GatehouseConfig(values, clock);
      CombinationChecks.check(c);
      return c;
    }
  }

  /**
   * Loads {@code gatehouse.*} keys from a {@link Properties} object and the {@code GATEHOUSE_*}
   * environment on top (environment wins).
   *
   * @param properties file properties
   * @param environment variables
   * @return the configuration
   */
  public static GatehouseConfig load(Properties properties, Map<String, String> environment) {
    return builder().putAll(properties).putEnvironment(environment).build();
  }
}
