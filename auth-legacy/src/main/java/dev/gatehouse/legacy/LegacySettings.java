package dev.gatehouse.legacy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of sessions and tokens carried over from a legacy system (simplejwt, FastAPI-Users,
 * DRF tokens, Django sessions) and the write-back window. Each is read with {@link
 * GatehouseConfig#get(Setting)} and set like every other setting (its key, its {@code GATEHOUSE_*}
 * variable, or {@link GatehouseConfig.Builder#set(Setting, Object)}); {@link
 * GatehouseConfig#settings()} lists them all.
 */
public final class LegacySettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public LegacySettings() {}

  @Override
  public String module() {
    return "legacy";
  }

  /** Each legacy token's kind and the write-back act only in the installed module. */
  @Override
  public List<Setting<?>> needModule() {
    return List.of(
        LEGACY_SIMPLEJWT_SIGNING_KEY,
        LEGACY_FASTAPI_USERS_SECRET,
        LEGACY_DRF_TOKENS_UNTIL,
        LEGACY_DJANGO_SESSIONS_SECRET_KEY,
        LEGACY_WRITE_BACK_UNTIL);
  }

  @Override
  public List<String> problems(GatehouseConfig c) {
    List<String> problems = new ArrayList<>();
    together(
        c,
        LEGACY_SIMPLEJWT_SIGNING_KEY,
        LEGACY_SIMPLEJWT_UNTIL,
        "the key the legacy tokens are checked with, and when that stops",
        problems);
    together(
        c,
        LEGACY_FASTAPI_USERS_SECRET,
        LEGACY_FASTAPI_USERS_UNTIL,
        "the secret the legacy tokens are checked with, and when that stops",
        problems);
    together(
        c,
        LEGACY_DJANGO_SESSIONS_SECRET_KEY,
        LEGACY_DJANGO_SESSIONS_UNTIL,
        "the key Django signed its sessions with, and when that stops",
        problems);
    if (c.get(LEGACY_SIMPLEJWT_ACCESS_TOKENS) && c.get(LEGACY_SIMPLEJWT_SIGNING_KEY) == null) {
      problems.add(
          LEGACY_SIMPLEJWT_ACCESS_TOKENS.key()
              + " needs "
              + LEGACY_SIMPLEJWT_SIGNING_KEY.key()
              + " (and its until)");
    }
    if (c.get(LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS)
        && (c.get(LEGACY_SIMPLEJWT_SIGNING_KEY) == null
            || c.get(LEGACY_WRITE_BACK_UNTIL) == null)) {
      problems.add(
          LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS.key()
              + " needs "
              + LEGACY_SIMPLEJWT_SIGNING_KEY.key()
              + " and "
              + LEGACY_WRITE_BACK_UNTIL.key()
              + ": the key the legacy application checks its tokens with, and the window in which"
              + " going back to it is possible");
    }
    return problems;
  }

  private static void together(
      GatehouseConfig c, Setting<?> key, Setting<?> until, String what, List<String> problems) {
    if ((c.get(key) == null) != (c.get(until) == null)) {
      problems.add(key.key() + " and " + until.key() + " are set together: " + what);
    }
  }

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
   * simplejwt's {@code ROTATE_REFRESH_TOKENS}: set it as the project did. A refresh token's {@code
   * iat} is the sign-in that issued it, and a session carried over from it keeps that sign-in as
   * its {@code auth_time}; when the project rotates, a rotated token's {@code iat} is its last
   * rotation, not a sign-in, so the session's sign-in is not known (never a recent sign-in).
   */
  public static final Setting<Boolean> LEGACY_SIMPLEJWT_ROTATE_REFRESH_TOKENS =
      Setting.ofBoolean("gatehouse.legacy.simplejwt.rotate-refresh-tokens", false);

  /**
   * Whether a simplejwt access token is exchanged for a Gatehouse session at the token-exchange
   * route ({@code SessionService#exchangeLegacyToken}) during the window, for a client that holds
   * no refresh token (off by default; needs {@code gatehouse.legacy.simplejwt.signing-key}).
   */
  public static final Setting<Boolean> LEGACY_SIMPLEJWT_ACCESS_TOKENS =
      Setting.ofBoolean("gatehouse.legacy.simplejwt.access-tokens", false);

  /**
   * Whether, during the write-back window ({@code gatehouse.legacy.write-back.until}), Gatehouse
   * hands out its refresh tokens in simplejwt's format, signed with {@code
   * gatehouse.legacy.simplejwt.signing-key}, for accounts the legacy system knows by a key, so that
   * the legacy application's refresh view still accepts them after a rollback (off by default;
   * needs the signing key and the write-back window). Gatehouse keeps them as its own: stored as a
   * keyed hash, rotated, revoked, a replay ending the session; after the window it hands out its
   * own again and still takes these until they expire.
   */
  public static final Setting<Boolean> LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS =
      Setting.ofBoolean("gatehouse.legacy.simplejwt.issue-refresh-tokens", false);

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
   * Needs the legacy credential tables ({@code auth-legacy}'s {@code LegacyCutOver}).
   */
  public static final Setting<java.time.Instant> LEGACY_DRF_TOKENS_UNTIL =
      Setting.ofInstant("gatehouse.legacy.drf-tokens.until");

  /**
   * The Django project's {@code SECRET_KEY}, which signs its sessions. Together with {@code
   * gatehouse.legacy.django-sessions.until}, a Django session key (the {@code sessionid} cookie) is
   * exchanged once for a Gatehouse session of the account its user became, at the token-exchange
   * route; needs the legacy credential tables ({@code auth-legacy}'s {@code LegacyCutOver}).
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
   * nothing. Needs {@code auth-legacy} with its target ({@code LegacyCutOver#writeBack}); unset
   * (the default), nothing is written back. During a cut-over by cohort ({@code auth-cohorts}) the
   * write-back stays open beyond it while any cohort is still served by the legacy system ({@link
   * dev.gatehouse.core.migration.LegacyServing}).
   */
  public static final Setting<java.time.Instant> LEGACY_WRITE_BACK_UNTIL =
      Setting.ofInstant("gatehouse.legacy.write-back.until");
}
