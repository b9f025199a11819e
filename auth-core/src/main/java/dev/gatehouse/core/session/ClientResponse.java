package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jb-drf-auth's two response shapes for login, refresh and {@code /auth/me/}: one for web clients
 * and one for mobile clients, with the token pair under {@code tokens} as {@code accessToken} and
 * {@code refreshToken}. {@link #body()} is a tree of maps, lists, strings, booleans and nulls
 * (times as ISO-8601 strings) that any JSON library writes as-is.
 *
 * <pre>{@code
 * Me me = gatehouse.profiles().me(user, caller.profileId().orElse(null));
 * ClientResponse r = ClientResponse.forClient(client, me, pair, deviceRegistered);
 * return json(200, r.body());
 * }</pre>
 *
 * <p>Web: {@code {user: {data: {display_name, full_name, photoURL, email, username, birthday,
 * shortcuts}, login_redirect_url, role, status}, active_profile, user_settings, profile_settings,
 * terms_and_conditions, profile_completion_required, tokens?}}. Mobile: the user's public fields at
 * the top level, then {@code tokens?, active_profile, user_settings, profile_settings,
 * profile_completion_required, device_registered?}. Where jb-drf-auth hard-codes a value ({@code
 * role: ["admin"]}) this uses the current profile's role; person fields Gatehouse does not keep
 * ({@code full_name}, {@code birthday}) are {@code null}, and {@code profile_completion_required}
 * is {@code false}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the tokens.
 */
public final class ClientResponse {
  private final String client;
  private final Map<String, Object> body;

  private ClientResponse(String client, Map<String, Object> body) {
    this.client = client;
    this.body = body;
  }

  /**
   * The shape for a client kind.
   *
   * @param client {@code web} or {@code mobile}
   * @param me the user, profiles and current profile
   * @param tokens the pair to include, or {@code null} (for {@code /auth/me/})
   * @param deviceRegistered for mobile: whether the login registered a device
   * @return the response
   * @throws IllegalArgumentException when {@code client} is neither
   */
  public static ClientResponse forClient(
      String client, Me me, TokenPair tokens, boolean deviceRegistered) {
    if (SessionService.CLIENT_WEB.equals(client)) {
      return web(me, tokens);
    }
    if (SessionService.CLIENT_MOBILE.equals(client)) {
      return mobile(me, tokens, deviceRegistered);
    }
    throw new IllegalArgumentException("client must be 'web' or 'mobile'");
  }

  /**
   * The web shape.
   *
   * @param me the user, profiles and current profile
   * @param tokens the pair to include, or {@code null}
   * @return the response
   */
  public static ClientResponse web(Me me, TokenPair tokens) {
    requireNonNull(me, "me");
    UserView u = me.user();
    ProfileView p = me.currentProfile();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("display_name", displayName(u, p));
    data.put("full_name", null);
    data.put("photoURL", "");
    data.put("email", u.email());
    data.put("username", u.username());
    data.put("birthday", null);
    data.put("shortcuts", List.of());
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("data", Collections.unmodifiableMap(data));
    user.put("login_redirect_url", "/home");
    user.put("role", p == null ? List.of() : List.of(p.role()));
    user.put("status", u.active() ? "active" : "inactive");
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("user", Collections.unmodifiableMap(user));
    b.put("active_profile", profile(p));
    b.put("user_settings", userSettings(u));
    b.put("profile_settings", settings(p));
    b.put("terms_and_conditions", time(u.termsAcceptedAt()));
    b.put("profile_completion_required", false);
    if (tokens != null) {
      b.put("tokens", tokens(tokens));
    }
    return new ClientResponse(SessionService.CLIENT_WEB, Collections.unmodifiableMap(b));
  }

  /**
   * The mobile shape.
   *
   * @param me the user, profiles and current profile
   * @param tokens the pair to include, or {@code null}
   * @param deviceRegistered whether to add {@code device_registered: true} (after a mobile login)
   * @return the response
   */
  public static ClientResponse mobile(Me me, TokenPair tokens, boolean deviceRegistered) {
    requireNonNull(me, "me");
    UserView u = me.user();
    ProfileView p = me.currentProfile();
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("id", u.id().toString());
    b.put("email", u.email());
    b.put("phone", u.phone());
    b.put("username", u.username());
    b.put("is_active", u.active());
    b.put("is_verified", u.verified());
    b.put("email_verified", u.emailVerified());
    b.put("phone_verified", u.phoneVerified());
    b.put("is_staff", u.staff());
    b.put("is_superuser", u.superuser());
    b.put("terms_and_conditions", time(u.termsAcceptedAt()));
    b.put("created", time(u.createdAt()));
    b.put("last_login", time(u.lastLoginAt()));
    if (tokens != null) {
      b.put("tokens", tokens(tokens));
    }
    b.put("active_profile", profile(p));
    b.put("user_settings", userSettings(u));
    b.put("profile_settings", settings(p));
    b.put("profile_completion_required", false);
    if (deviceRegistered) {
      b.put("device_registered", true);
    }
    return new ClientResponse(SessionService.CLIENT_MOBILE, Collections.unmodifiableMap(b));
  }

  /** {@return the client kind the body is shaped for: {@code web} or {@code mobile}} */
  public String client() {
    return client;
  }

  /**
   * {@return the JSON-ready body; unmodifiable} It contains the tokens when they were given: never
   * log it.
   */
  public Map<String, Object> body() {
    return body;
  }

  @Override
  public String toString() {
    return "ClientResponse[client="
        + client
        + ", tokens="
        + (body.containsKey("tokens") ? "<redacted>" : "none")
        + "]";
  }

  private static Map<String, Object> tokens(TokenPair t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accessToken", t.accessToken());
    m.put("refreshToken", t.refreshToken());
    return Collections.unmodifiableMap(m);
  }

  private static Object profile(ProfileView p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("role", p.role());
    m.put("label", p.label());
    m.put("is_default", p.defaultProfile());
    m.put("is_active", p.active());
    m.put("settings", settings(p));
    m.put("created", time(p.createdAt()));
    m.put("modified", time(p.modifiedAt()));
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> userSettings(UserView u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("language", u.language());
    m.put("timezone", u.timeZone());
    m.put("custom_features_available", u.featureFlags().stream().sorted().toList());
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> settings(ProfileView p) {
    if (p == null || p.settingsJson() == null) {
      return Map.of();
    }
    try {
      return Collections.unmodifiableMap(JSONObjectUtils.parse(p.settingsJson()));
    } catch (ParseException e) {
      // Validated on write; a row written by other means is shown as empty rather than failing.
      return Map.of();
    }
  }

  private static String displayName(UserView u, ProfileView p) {
    if (p != null && p.label() != null) {
      return p.label();
    }
    return u.username() != null ? u.username() : u.email();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
