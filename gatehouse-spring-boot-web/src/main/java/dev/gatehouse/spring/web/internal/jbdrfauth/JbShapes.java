package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the {@code jb-drf-auth} contract, field for field as jb-drf-auth 0.1.9 answers: its
 * {@code ProfileSerializer}, its {@code UserSerializer} (the mobile shape), the web shape of {@code
 * MeService.get_me_web}, and tokens as {@code {refreshToken, accessToken}}.
 */
final class JbShapes {
  /** jb-drf-auth's web payload constants ({@code MeService.get_me_web} hard-codes them). */
  static final String LOGIN_REDIRECT_URL = "/home";

  static final List<String> WEB_ROLE = List.of("admin");

  private JbShapes() {}

  /** {@code {"refreshToken": …, "accessToken": …}}, in jb-drf-auth's order. */
  static Map<String, Object> tokens(TokenPair pair) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("refreshToken", pair.refreshToken());
    m.put("accessToken", pair.accessToken());
    return m;
  }

  /** jb-drf-auth's {@code ProfileSerializer}. */
  static Map<String, Object> profile(ProfileView p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    Person person = p.person();
    m.put("picture", person.picture());
    m.put("created", Shapes.time(p.createdAt()));
    m.put("modified", Shapes.time(p.modifiedAt()));
    m.put("first_name", person.firstName());
    m.put("last_name_1", person.lastName1());
    m.put("last_name_2", person.lastName2());
    m.put("birthday", date(person));
    m.put("gender", person.gender());
    m.put("is_default", p.defaultProfile());
    m.put("role", p.role());
    m.put("settings", ContractJson.tree(p.settingsJson()));
    m.put("label", p.label() == null ? "" : p.label());
    m.put("is_active", p.active());
    return m;
  }

  /** The user's settings object jb-drf-auth keeps on the user: language and time zone. */
  static Map<String, Object> userSettings(UserView u) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (u.language() != null) {
      m.put("language", u.language());
    }
    if (u.timeZone() != null) {
      m.put("timezone", u.timeZone());
    }
    return m;
  }

  /**
   * jb-drf-auth's {@code UserSerializer}: the user with its profiles.
   *
   * @param userId the user's id as clients see it ({@link JbSupport#userId})
   */
  static Map<String, Object> user(Me me, Object userId) {
    Map<String, Object> m = new LinkedHashMap<>();
    UserView u = me.user();
    m.put("id", userId);
    m.put("profiles", me.profiles().stream().map(JbShapes::profile).toList());
    m.put("language", u.language());
    m.put("timezone", u.timeZone());
    m.put("username", u.username());
    m.put("date_joined", Shapes.time(u.createdAt()));
    m.put("email", u.email());
    m.put("phone", u.phone());
    m.put("is_verified", u.verified());
    m.put("terms_and_conditions", Shapes.time(u.termsAcceptedAt()));
    m.put("settings", userSettings(u));
    m.put("groups", List.of());
    m.put("user_permissions", List.of());
    return m;
  }

  /** The profile's settings object, or an empty one. */
  private static JsonNode profileSettings(ProfileView p) {
    return ContractJson.tree(p == null ? null : p.settingsJson());
  }

  /** Whether the app should ask for the person's names ({@code profile_completion_required}). */
  private static boolean completionRequired(ProfileView p) {
    return p == null || p.person().namesIncomplete();
  }

  private static String date(Person person) {
    return person.birthday() == null ? null : person.birthday().toString();
  }

  /**
   * The web shape ({@code client=web}).
   *
   * @param me the user and profiles
   * @param profile the profile the answer is about
   * @param tokens the tokens, or {@code null} (the {@code me/} answer)
   */
  static Map<String, Object> web(Me me, ProfileView profile, TokenPair tokens) {
    UserView u = me.user();
    Map<String, Object> data = new LinkedHashMap<>();
    Person person = profile == null ? Person.NONE : profile.person();
    data.put("display_name", person.displayName());
    data.put("full_name", person.fullName());
    data.put("photoURL", person.picture());
    data.put("email", u.email());
    data.put("username", u.username());
    data.put("birthday", date(person));
    data.put("shortcuts", List.of());
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("data", data);
    user.put("login_redirect_url", LOGIN_REDIRECT_URL);
    // Constants in jb-drf-auth (its web front end gates routes on them), so constants here too.
    user.put("role", WEB_ROLE);
    user.put("status", "active");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", user);
    m.put("active_profile", profile(profile));
    m.put("user_settings", userSettings(u));
    m.put("profile_settings", profileSettings(profile));
    m.put("terms_and_conditions", Shapes.time(u.termsAcceptedAt()));
    m.put("profile_completion_required", completionRequired(profile));
    if (tokens != null) {
      m.put("tokens", tokens(tokens));
    }
    return m;
  }

  /**
   * The mobile shape ({@code client=mobile}): the user at the top level.
   *
   * @param me the user and profiles
   * @param profile the profile the answer is about
   * @param tokens the tokens, or {@code null} (the {@code me/} answer)
   * @param userId the user's id as clients see it ({@link JbSupport#userId})
   */
  static Map<String, Object> mobile(Me me, ProfileView profile, TokenPair tokens, Object userId) {
    Map<String, Object> m = user(me, userId);
    if (tokens != null) {
      m.put("tokens", tokens(tokens));
    }
    m.put("active_profile", profile(profile));
    m.put("user_settings", userSettings(me.user()));
    m.put("profile_settings", profileSettings(profile));
    m.put("profile_completion_required", completionRequired(profile));
    if (tokens != null) {
      m.put("device_registered", true);
    }
    return m;
  }
}
