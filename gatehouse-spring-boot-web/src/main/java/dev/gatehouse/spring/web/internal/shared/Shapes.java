package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's bodies, one shape per thing and snake_case throughout: a user is always {@link
 * #user}, a profile always {@link #profile}, and every answer that issues tokens carries {@link
 * #tokens} ({@code access}, {@code refresh}, {@code expires_in}, {@code token_type}).
 */
public final class Shapes {
  /** The token type of every token answer (RFC 6750). */
  public static final String TOKEN_TYPE = "Bearer";

  private Shapes() {}

  /**
   * The one shape of a user.
   *
   * @param u the user's public fields
   * @return the body
   */
  public static Map<String, Object> user(UserView u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id().toString());
    m.put("email", u.email());
    m.put("phone", u.phone());
    m.put("username", u.username());
    m.put("is_active", u.active());
    m.put("is_verified", u.verified());
    m.put("email_verified", u.emailVerified());
    m.put("phone_verified", u.phoneVerified());
    m.put("is_staff", u.staff());
    m.put("is_superuser", u.superuser());
    m.put("language", u.language());
    m.put("timezone", u.timeZone());
    m.put("feature_flags", u.featureFlags().stream().sorted().toList());
    m.put("terms_accepted_at", time(u.termsAcceptedAt()));
    m.put("created_at", time(u.createdAt()));
    m.put("last_login_at", time(u.lastLoginAt()));
    return m;
  }

  /**
   * The one shape of a profile; {@code settings} is a JSON object, never a string.
   *
   * @param p the profile, or {@code null}
   * @return the body, or {@code null}
   */
  public static Map<String, Object> profile(ProfileView p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("role", p.role());
    m.put("label", p.label());
    m.put("is_default", p.defaultProfile());
    m.put("is_active", p.active());
    m.put("settings", ContractJson.tree(p.settingsJson()));
    m.put("created_at", time(p.createdAt()));
    m.put("modified_at", time(p.modifiedAt()));
    return m;
  }

  /**
   * @param profiles profiles
   * @return their bodies
   */
  public static List<Map<String, Object>> profiles(List<ProfileView> profiles) {
    return profiles.stream().map(Shapes::profile).toList();
  }

  /**
   * The one shape of a device.
   *
   * @param d the device, or {@code null}
   * @return the body, or {@code null}
   */
  public static Map<String, Object> device(DeviceView d) {
    if (d == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("platform", d.platform());
    m.put("name", d.name());
    m.put("token", d.token());
    m.put("has_notification_token", d.hasNotificationToken());
    m.put("linked_at", time(d.linkedAt()));
    m.put("last_seen_at", time(d.lastSeenAt()));
    return m;
  }

  /**
   * The one shape of a session.
   *
   * @param s the session
   * @return the body
   */
  public static Map<String, Object> session(SessionView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("client", s.client());
    m.put("device", device(s.device()));
    m.put("created_at", time(s.createdAt()));
    m.put("last_used_at", time(s.lastUsedAt()));
    m.put("expires_at", time(s.expiresAt()));
    m.put("network", s.network());
    m.put("user_agent", s.userAgent());
    m.put("current", s.current());
    m.put("impersonated_by", s.actor());
    return m;
  }

  /**
   * A token answer: {@code access}, {@code refresh}, {@code expires_in} (seconds the access token
   * lives from now), {@code token_type}.
   *
   * @param pair the tokens
   * @param clock Gatehouse's clock
   * @return the body (mutable, so that a login adds the user)
   */
  public static Map<String, Object> tokens(TokenPair pair, Clock clock) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access", pair.accessToken());
    m.put("refresh", pair.refreshToken());
    long seconds = Duration.between(clock.instant(), pair.accessTokenExpiresAt()).toSeconds();
    m.put("expires_in", Math.max(0, seconds));
    m.put("token_type", TOKEN_TYPE);
    if (pair.secondFactorEnrolmentDue() != null) {
      m.put("mfa_enrolment_due", pair.secondFactorEnrolmentDue().toString());
    }
    return m;
  }

  /**
   * What {@code me/} answers: the user, the profile the caller acts as, and every profile.
   *
   * @param me the user and profiles
   * @return the body
   */
  public static Map<String, Object> me(Me me) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", user(me.user()));
    m.put("active_profile", profile(me.currentProfile()));
    m.put("profiles", profiles(me.profiles()));
    return m;
  }

  /**
   * A login answer: the token answer plus {@link #me}, and {@code device_registered} when a mobile
   * login registered a device.
   *
   * @param pair the tokens
   * @param me the user and profiles
   * @param deviceRegistered whether a device was registered
   * @param clock Gatehouse's clock
   * @return the body
   */
  public static Map<String, Object> login(
      TokenPair pair, Me me, boolean deviceRegistered, Clock clock) {
    Map<String, Object> m = tokens(pair, clock);
    m.putAll(me(me));
    if (deviceRegistered) {
      m.put("device_registered", true);
    }
    return m;
  }

  /**
   * A message answer.
   *
   * @param detail the message
   * @return {@code {"detail": detail}}
   */
  public static Map<String, Object> detail(String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    return m;
  }

  public static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
