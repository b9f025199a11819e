package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.LegacyExchange;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.simplejwt.SimpleJwtController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code jb-drf-auth} contract's token, {@code me/} and profile routes: simplejwt's refresh,
 * the signed-in user in the web or mobile shape, profile switch and CRUD (the picture route is
 * {@link JbPictureController}'s).
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class JbProfileController {
  private final ContractSupport support;
  private final boolean rotate;

  JbProfileController(ContractSupport support, GatehouseHttpProperties properties) {
    this.support = support;
    this.rotate = properties.getJbDrfAuth().isRotateRefreshTokens();
  }

  // ---- tokens, me, profiles ------------------------------------------------------------------

  /**
   * simplejwt's {@code TokenRefreshView}: {@code {"access"}} without rotation (jb-drf-auth's
   * default); {@code {"access", "refresh"}} with {@code rotate-refresh-tokens}.
   */
  @PostMapping("/token/refresh/")
  void refresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Replies.ok(SimpleJwtController.refresh(support.gatehouse(), rotate, request)).send(response);
  }

  /**
   * Gatehouse's addition: the RFC 8693 exchange of a legacy token (a simplejwt access token, a DRF
   * {@code Token} key, a Django {@code sessionid}) for a session, as under Gatehouse's own
   * contract; answers jb-drf-auth's token pair with RFC 8693's fields.
   */
  @PostMapping("/token/exchange/")
  void exchange(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TokenPair pair = LegacyExchange.exchange(support, request);
    Replies.ok(
            LegacyExchange.rfc8693(
                JbShapes.tokens(pair), pair, support.gatehouse().config().clock()))
        .send(response);
  }

  @GetMapping("/me/")
  void me(
      HttpServletRequest request,
      @RequestParam(name = "client", required = false) String client,
      HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request, ContractSupport.Use.READ);
    if (c.profileId() == null) {
      throw DrfException.detail(401, "Falta perfil en el token");
    }
    Me me;
    try {
      me = support.gatehouse().profiles().me(c.user(), c.profileId());
    } catch (NotFoundException e) {
      // Deleted or disabled since the token was issued; an infrastructure failure stays a 503.
      me = null;
    }
    if (me == null || !me.user().active() || !me.user().verified()) {
      throw DrfException.detail(401, "Usuario no valido, eliminado, inactivo o no verificado");
    }
    if (SessionService.CLIENT_WEB.equals(client)) {
      // jb-drf-auth's web answer is about the default profile, whatever the token names.
      ProfileView def =
          me.profiles().stream()
              .filter(ProfileView::defaultProfile)
              .findFirst()
              .orElse(me.currentProfile());
      Replies.ok(JbShapes.web(me, def, null)).send(response);
    } else if (SessionService.CLIENT_MOBILE.equals(client)) {
      Replies.ok(
              JbShapes.mobile(
                  me, me.currentProfile(), null, JbSupport.userId(support, me.user().id())))
          .send(response);
    } else {
      throw DrfException.fieldText("detail", "Parametro 'client' invalido");
    }
  }

  @PostMapping("/profile/switch/")
  void switchProfile(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    Long profile = f.integer("profile", true);
    String client = f.choice("client", JbSupport.CLIENTS, true);
    DrfForm device = f.object("device");
    f.check();
    if (SessionService.CLIENT_MOBILE.equals(client)) {
      JbSupport.client(request, client, device, false);
    }
    TokenPair pair;
    try {
      pair = support.gatehouse().profiles().switchProfile(c.userPublicId(), profile, c.sessionId());
    } catch (AuthException e) {
      if (Problems.notFound(e)) {
        throw DrfException.detail(404, "Perfil no encontrado o no pertenece al usuario.");
      }
      throw e;
    }
    JbSupport.loginAnswer(support, client, pair).send(response);
  }

  @GetMapping("/profiles/")
  void profiles(HttpServletRequest request, HttpServletResponse response) throws IOException {
    List<ProfileView> list =
        support
            .gatehouse()
            .profiles()
            .list(support.caller(request, ContractSupport.Use.READ).user());
    Replies.ok(list.stream().map(JbShapes::profile).toList()).send(response);
  }

  @PostMapping("/profiles/")
  void createProfile(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller c = support.caller(request);
    ProfileInput input = profileInput(DrfForm.read(request), Person.NONE);
    Replies.of(201, JbShapes.profile(support.gatehouse().profiles().create(c.user(), input)))
        .send(response);
  }

  @GetMapping("/profiles/{id}/")
  void profile(HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request, ContractSupport.Use.READ);
    Replies.ok(JbShapes.profile(ownProfile(c, profileId(id)))).send(response);
  }

  /** PUT and PATCH alike: every field of jb-drf-auth's profile is optional. */
  @RequestMapping(
      path = "/profiles/{id}/",
      method = {RequestMethod.PUT, RequestMethod.PATCH})
  void updateProfile(
      HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request);
    long profileId = profileId(id);
    ProfileInput input = profileInput(DrfForm.read(request), ownProfile(c, profileId).person());
    try {
      Replies.ok(
              JbShapes.profile(support.gatehouse().profiles().update(c.user(), profileId, input)))
          .send(response);
    } catch (AuthException e) {
      throw notFoundAsProfile(e);
    }
  }

  @DeleteMapping("/profiles/{id}/")
  void deleteProfile(
      HttpServletRequest request, @PathVariable String id, HttpServletResponse response) {
    Caller c = support.caller(request);
    long profileId = profileId(id);
    try {
      support.gatehouse().profiles().delete(c.user(), profileId);
    } catch (AuthException e) {
      throw notFoundAsProfile(e);
    }
    response.setStatus(204);
  }

  /** One of the caller's profiles, or jb-drf-auth's 404. */
  private ProfileView ownProfile(Caller c, long profileId) {
    return support.gatehouse().profiles().list(c.user()).stream()
        .filter(v -> v.id() == profileId)
        .findFirst()
        .orElseThrow(JbProfileController::noProfile);
  }

  /**
   * A profile's fields as jb-drf-auth's serializer reads them; the person fields sent replace those
   * of {@code person} (the profile's own on an update), the others stay.
   */
  private ProfileInput profileInput(DrfForm f, Person person) {
    List<String> roles = support.gatehouse().config().get(ProfileSettings.PROFILE_ROLES);
    String role = f.choice("role", roles, false);
    String label = f.chars("label", false, true, 80);
    Boolean active = f.has("is_active") ? f.bool("is_active", true) : null;
    boolean makeDefault = f.bool("is_default", false);
    String settings = null;
    if (f.has("settings")) {
      DrfForm s = f.object("settings");
      settings = s == null ? null : s.json();
    }
    String firstName = f.chars("first_name", false, true, 100);
    String lastName1 = f.chars("last_name_1", false, true, 150);
    String lastName2 = f.chars("last_name_2", false, true, 150);
    LocalDate birthday = f.date("birthday", false);
    String gender = f.chars("gender", false, true, 50);
    f.check();
    Person merged =
        new Person(
            f.has("first_name") ? firstName : person.firstName(),
            f.has("last_name_1") ? lastName1 : person.lastName1(),
            f.has("last_name_2") ? lastName2 : person.lastName2(),
            f.has("birthday") ? birthday : person.birthday(),
            f.has("gender") ? gender : person.gender(),
            person.picture());
    return new ProfileInput(role, label, settings, active, makeDefault, merged);
  }

  private static long profileId(String segment) {
    try {
      long v = Long.parseLong(segment);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw DrfException.detail(404, "Not found.");
  }

  private static DrfException noProfile() {
    return DrfException.detail(404, "No Profile matches the given query.");
  }

  private static RuntimeException notFoundAsProfile(AuthException e) {
    if (Problems.notFound(e)) {
      return noProfile();
    }
    return e;
  }
}
