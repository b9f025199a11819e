package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.account.AccountUpdate;
import dev.gatehouse.core.account.LoginRequest;
import dev.gatehouse.core.account.Reauthentication;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.otp.OtpChannel;
import dev.gatehouse.core.otp.OtpPurpose;
import dev.gatehouse.core.otp.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceInfo;
import dev.gatehouse.core.session.Me;
import dev.gatehouse.core.session.ProfileInput;
import dev.gatehouse.core.session.ProfileView;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.VerifiedAccessToken;
import dev.gatehouse.spring.web.GatehouseHttpProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code jb-drf-auth} contract ({@code gatehouse.http.contract=jb-drf-auth}): jb-drf-auth
 * 0.1.9's routes with its request fields, answers, statuses and DRF error shapes, over the same
 * Gatehouse services as the native contract. Only the edge differs: reading the peer's fields,
 * answering the peer's shapes ({@link JbShapes}) and errors ({@link JbErrors}).
 *
 * <p>Where jb-drf-auth's answers reveal whether an account exists ({@code user_exist}, {@code
 * email_sent: false}, "no such user" on a resend, "email already in use" on a sign-up), every
 * address gets the answer of an existing one; {@code docs/HTTP.md} lists these differences.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class JbDrfAuthController {
  private static final List<String> CLIENTS =
      List.of(SessionService.CLIENT_WEB, SessionService.CLIENT_MOBILE);
  private static final List<String> CHANNELS = List.of("email", "sms");

  static final String REGISTERED = "Usuario creado. Revisa tu correo para verificar tu cuenta.";
  static final String PASSWORDS_DIFFER = "Las contrasenas no coinciden.";
  static final String DEVICE_REQUIRED = "Datos del dispositivo requeridos para cliente movil.";
  static final String NOTIFICATION_TOKEN_REQUIRED =
      "notification_token es requerido para cliente movil.";

  private final ContractSupport support;
  private final boolean rotate;

  JbDrfAuthController(ContractSupport support, GatehouseHttpProperties properties) {
    this.support = support;
    this.rotate = properties.getJbDrfAuth().isRotateRefreshTokens();
  }

  // ---- sign-up and confirmation --------------------------------------------------------------

  @PostMapping("/register/")
  void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    String username = f.chars("username", false, true, 150);
    String password = f.chars("password", true, false, 8, 128);
    String confirm = f.chars("password_confirm", true, false, 8, 128);
    f.chars("first_name", true, false, 100);
    f.chars("last_name_1", true, false, 150);
    f.chars("last_name_2", false, true, 150);
    f.date("birthday", true);
    f.chars("gender", true, false, 50);
    f.chars("role", false, true, 50);
    boolean terms = f.bool("terms_and_conditions_accepted", false);
    if (f.valid() && !terms && support.gatehouse().config().get(GatehouseConfig.TERMS_REQUIRED)) {
      f.errors()
          .put(
              "terms_and_conditions_accepted",
              List.of(new DrfForm.Error("Debes aceptar terminos y condiciones.", "invalid")));
    }
    if (!f.valid()) {
      // jb-drf-auth answers its serializer's errors as a 409 whose detail is their Python text.
      throw DrfException.detail(
          409, "Error al crear el usuario. " + DrfForm.pythonRepr(f.errors()));
    }
    if (!password.equals(confirm)) {
      throw DrfException.detail(400, "Las contraseñas no coinciden.");
    }
    support
        .gatehouse()
        .accounts()
        .register(
            new RegistrationRequest(
                email,
                null,
                username == null || username.isEmpty() ? null : username,
                password,
                terms,
                null,
                null));
    Replies.of(201, Map.of("detail", REGISTERED)).send(response);
  }

  @PostMapping("/registration/account-confirmation-email/")
  void confirm(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String uid = f.chars("uid", true, false, 0);
    String token = f.chars("token", true, false, 0);
    f.check();
    if (!validUid(uid)) {
      throw DrfException.of(400, Map.of("non_field_errors", List.of("Enlace invalido.")));
    }
    refusedLink(
        () -> {
          support.gatehouse().accounts().confirmEmail(token);
          return null;
        },
        () ->
            DrfException.of(
                400, Map.of("non_field_errors", List.of("El token es invalido o ha expirado."))));
    Replies.ok(Map.of("detail", "Correo verificado con éxito.")).send(response);
  }

  @PostMapping("/registration/account-confirmation-email/resend/")
  void resend(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    f.check();
    support.gatehouse().accounts().resendConfirmation(email);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Correo de verificación reenviado.");
    m.put("email_sent", true);
    Replies.ok(m).send(response);
  }

  // ---- password login, reset and change --------------------------------------------------------

  @PostMapping("/login/basic/")
  void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String login = f.chars("login", true, false, 0);
    String password = f.chars("password", true, false, 0);
    String client = f.choice("client", CLIENTS, true);
    DrfForm device = f.object("device");
    f.check();
    ClientInfo info = client(request, client, device, true);
    TokenPair pair = support.gatehouse().accounts().login(new LoginRequest(login, password, info));
    loginAnswer(client, pair).send(response);
  }

  @PostMapping("/password-reset/request/")
  void resetRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    f.check();
    support.gatehouse().accounts().requestPasswordReset(email);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Si el correo existe, se ha enviado un enlace de restablecimiento.");
    m.put("email_sent", true);
    Replies.ok(m).send(response);
  }

  @PostMapping("/password-reset/confirm/")
  void resetConfirm(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String uid = f.chars("uid", true, false, 0);
    String token = f.chars("token", true, false, 0);
    String password = f.chars("new_password", true, false, 0);
    String confirm = f.chars("new_password_confirm", true, false, 0);
    f.check();
    if (!password.equals(confirm)) {
      throw DrfException.of(400, Map.of("non_field_errors", List.of(PASSWORDS_DIFFER)));
    }
    Supplier<DrfException> dead = () -> DrfException.of(400, List.of("Token invalido o expirado."));
    if (!validUid(uid)) {
      throw dead.get();
    }
    refusedLink(
        () -> {
          support.gatehouse().accounts().confirmPasswordReset(token, password);
          return null;
        },
        dead);
    Replies.ok(Map.of("detail", "Contrasena restablecida con exito.")).send(response);
  }

  @PostMapping("/password-reset/change/")
  void change(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    String current = f.chars("old_password", true, false, 0);
    String next = f.chars("new_password", true, false, 0);
    String confirm = f.chars("new_password_confirm", true, false, 0);
    f.check();
    if (!next.equals(confirm)) {
      throw DrfException.of(400, Map.of("non_field_errors", List.of(PASSWORDS_DIFFER)));
    }
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    try {
      support
          .gatehouse()
          .accounts()
          .changePassword(caller, Reauthentication.password(current), next, client);
    } catch (AuthException e) {
      if ("invalid_credentials".equals(e.code())) {
        throw DrfException.fieldText("old_password", "Contrasena actual incorrecta.");
      }
      throw e;
    }
    Replies.ok(Map.of("detail", "Contrasena actualizada con exito.")).send(response);
  }

  // ---- one-time codes
  // ----------------------------------------------------------------------------

  @PostMapping("/otp/request/")
  void otpRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", false);
    String phone = f.chars("phone", false, true, 0);
    String channel = f.choice("channel", CHANNELS, true);
    f.check();
    OtpChannel c = OtpChannel.parse(channel);
    String destination = destination(email, phone, c);
    support
        .gatehouse()
        .otp()
        .request(
            OtpRequest.of(destination, c, OtpPurpose.LOGIN)
                .withClient(ContractSupport.client(request, SessionService.CLIENT_WEB)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Código enviado exitosamente.");
    m.put("channel", channel);
    Replies.of(201, m).send(response);
  }

  @PostMapping("/otp/verify/")
  void otpVerify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", false);
    String phone = f.chars("phone", false, true, 0);
    int length = support.gatehouse().config().get(GatehouseConfig.OTP_LENGTH);
    String code = f.chars("code", true, false, length, length);
    String client = f.choice("client", CLIENTS, true);
    DrfForm device = f.object("device");
    f.chars("role", false, true, 0);
    f.check();
    boolean byPhone = phone != null && !phone.isEmpty();
    if (!byPhone && email == null) {
      throw DrfException.of(
          400, Map.of("non_field_errors", List.of("Debes proporcionar un email o un teléfono.")));
    }
    ClientInfo info = client(request, client, device, false);
    OtpChannel channel = byPhone ? OtpChannel.SMS : OtpChannel.EMAIL;
    TokenPair pair =
        support
            .gatehouse()
            .otp()
            .loginWithCode(byPhone ? phone : email, channel, code, info)
            .tokens();
    loginAnswer(client, pair).send(response);
  }

  /** jb-drf-auth's checks of a code request's destination, in its order. */
  private static String destination(String email, String phone, OtpChannel channel) {
    boolean hasPhone = phone != null && !phone.isEmpty();
    String problem = null;
    if (email == null && !hasPhone) {
      problem = "Debes proporcionar un email o un teléfono.";
    } else if (channel == OtpChannel.SMS && !hasPhone) {
      problem = "Debes proporcionar un teléfono para SMS.";
    } else if (channel == OtpChannel.EMAIL && email == null) {
      problem = "Debes proporcionar un email para correo.";
    }
    if (problem != null) {
      throw DrfException.of(400, Map.of("non_field_errors", List.of(problem)));
    }
    return channel == OtpChannel.SMS ? phone : email;
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

  @GetMapping("/me/")
  void me(
      HttpServletRequest request,
      @RequestParam(name = "client", required = false) String client,
      HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request);
    if (c.profileId() == null) {
      throw DrfException.detail(401, "Falta perfil en el token");
    }
    Me me;
    try {
      me = support.gatehouse().profiles().me(c.user(), c.profileId());
    } catch (AuthException e) {
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
      Replies.ok(JbShapes.mobile(me, me.currentProfile(), null)).send(response);
    } else {
      throw DrfException.fieldText("detail", "Parametro 'client' invalido");
    }
  }

  @PostMapping("/profile/switch/")
  void switchProfile(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    Long profile = f.integer("profile", true);
    String client = f.choice("client", CLIENTS, true);
    DrfForm device = f.object("device");
    f.check();
    if (SessionService.CLIENT_MOBILE.equals(client)) {
      client(request, client, device, false);
    }
    TokenPair pair;
    try {
      pair = support.gatehouse().profiles().switchProfile(c.userPublicId(), profile, c.sessionId());
    } catch (AuthException e) {
      if ("not_found".equals(e.code()) || e.code().endsWith("_not_found")) {
        throw DrfException.detail(404, "Perfil no encontrado o no pertenece al usuario.");
      }
      throw e;
    }
    loginAnswer(client, pair).send(response);
  }

  @GetMapping("/profiles/")
  void profiles(HttpServletRequest request, HttpServletResponse response) throws IOException {
    List<ProfileView> list = support.gatehouse().profiles().list(support.caller(request).user());
    Replies.ok(list.stream().map(JbShapes::profile).toList()).send(response);
  }

  @PostMapping("/profiles/")
  void createProfile(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller c = support.caller(request);
    ProfileInput input = profileInput(DrfForm.read(request));
    Replies.of(201, JbShapes.profile(support.gatehouse().profiles().create(c.user(), input)))
        .send(response);
  }

  @GetMapping("/profiles/{id}/")
  void profile(HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request);
    long profileId = profileId(id);
    ProfileView p =
        support.gatehouse().profiles().list(c.user()).stream()
            .filter(v -> v.id() == profileId)
            .findFirst()
            .orElseThrow(JbDrfAuthController::noProfile);
    Replies.ok(JbShapes.profile(p)).send(response);
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
    ProfileInput input = profileInput(DrfForm.read(request));
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

  private ProfileInput profileInput(DrfForm f) {
    List<String> roles = support.gatehouse().config().get(GatehouseConfig.PROFILE_ROLES);
    String role = f.choice("role", roles, false);
    String label = f.chars("label", false, true, 80);
    Boolean active = f.has("is_active") ? f.bool("is_active", true) : null;
    boolean makeDefault = f.bool("is_default", false);
    String settings = null;
    if (f.has("settings")) {
      DrfForm s = f.object("settings");
      settings = s == null ? null : s.json();
    }
    f.chars("first_name", false, true, 100);
    f.chars("last_name_1", false, true, 150);
    f.chars("last_name_2", false, true, 150);
    f.date("birthday", false);
    f.chars("gender", false, true, 50);
    f.check();
    return new ProfileInput(role, label, settings, active, makeDefault);
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
    if ("not_found".equals(e.code()) || e.code().endsWith("_not_found")) {
      return noProfile();
    }
    return e;
  }

  // ---- account ---------------------------------------------------------------------------------

  /**
   * PUT (with {@code email} and {@code username} required, as jb-drf-auth's serializer) or PATCH.
   * An email or phone different from the account's is refused: those change through the
   * confirmation-code flows, never by a plain update.
   */
  @RequestMapping(
      path = "/account/update/",
      method = {RequestMethod.PUT, RequestMethod.PATCH})
  void update(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller caller = support.caller(request);
    DrfForm f = DrfForm.read(request);
    boolean put = "PUT".equals(request.getMethod());
    String email = f.email("email", put);
    String username = f.chars("username", put, false, 150);
    String phone = f.chars("phone", false, true, 20);
    String language = f.chars("language", false, false, 16);
    String timezone = f.chars("timezone", false, false, 64);
    f.check();
    UserView current = support.gatehouse().profiles().me(caller.user(), null).user();
    if (email != null && !email.equalsIgnoreCase(String.valueOf(current.email()))) {
      throw DrfException.field(
          "email", "Change the email with the email-change flow: a code confirms the new one.");
    }
    if (phone != null && !phone.isEmpty() && !phone.equals(current.phone())) {
      throw DrfException.field(
          "phone", "Change the phone with the phone-change flow: a code confirms the new one.");
    }
    support
        .gatehouse()
        .accounts()
        .updateAccount(caller.user(), new AccountUpdate(language, timezone, username));
    Me me = support.gatehouse().profiles().me(caller.user(), caller.profileId());
    Replies.ok(JbShapes.user(me)).send(response);
  }

  /**
   * DELETE with {@code {"confirmation": true}}; answered with a bare JSON string, as jb-drf-auth's
   * function view. The account must have signed in recently ({@code
   * gatehouse.security.recent-auth-window}).
   */
  @DeleteMapping("/account/delete/")
  void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    if (!f.bool("confirmation", false)) {
      throw DrfException.of(400, "Debe confirmar la eliminacion de la cuenta.");
    }
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    support.gatehouse().accounts().deleteAccount(caller, Reauthentication.recentSignIn(), client);
    Replies.ok("Cuenta eliminada correctamente.").send(response);
  }

  @PostMapping("/admin/create-superuser/")
  void createSuperuser(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    String password = f.chars("password", true, false, 0);
    f.check();
    UUID id =
        support
            .gatehouse()
            .accounts()
            .createSuperuser(request.getHeader("X-Admin-Bootstrap-Token"), email, password);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Superusuario creado.");
    m.put("id", id.toString());
    m.put("email", email);
    m.put("is_superuser", true);
    m.put("is_staff", true);
    Replies.of(201, m).send(response);
  }

  // ---- shared
  // ------------------------------------------------------------------------------------

  /** The login answer of jb-drf-auth for a client: web or mobile shape, with tokens. */
  private Reply loginAnswer(String client, TokenPair pair) {
    VerifiedAccessToken t = support.gatehouse().sessions().verifyAccessToken(pair.accessToken());
    Me me =
        support.gatehouse().profiles().me(UUID.fromString(t.subject()), t.profileId().orElse(null));
    return Replies.ok(
        SessionService.CLIENT_MOBILE.equals(client)
            ? JbShapes.mobile(me, me.currentProfile(), pair)
            : JbShapes.web(me, me.currentProfile(), pair));
  }

  /**
   * The client of a sign-in. A mobile one must bring a device with a notification token, as in
   * jb-drf-auth (checked before the sign-in, so a refused request starts no session); the web
   * ignores the device. A device without {@code token} is identified by its notification token
   * (jb-drf-auth would add a new device row at every such sign-in).
   *
   * @param listErrors whether device errors come as lists (raised in a serializer) or strings
   */
  private static ClientInfo client(
      HttpServletRequest request, String client, DrfForm device, boolean listErrors) {
    DeviceInfo info = null;
    if (SessionService.CLIENT_MOBILE.equals(client)) {
      String problem = null;
      String platform = null;
      String name = null;
      String token = null;
      String notification = null;
      if (device == null) {
        problem = DEVICE_REQUIRED;
      } else {
        platform = device.chars("platform", false, true, 32);
        name = device.chars("name", false, true, 255);
        token = device.chars("token", false, true, 255);
        notification = device.chars("notification_token", false, true, 500);
        if (!device.valid()) {
          throw DrfException.of(400, Map.of("device", DrfForm.messages(device.errors())));
        }
        if (notification == null || notification.isEmpty()) {
          problem =
              device.has("platform") || device.has("token") || device.has("name")
                  ? NOTIFICATION_TOKEN_REQUIRED
                  : DEVICE_REQUIRED;
        }
      }
      if (problem != null) {
        throw listErrors
            ? DrfException.field("device", problem)
            : DrfException.fieldText("device", problem);
      }
      info =
          new DeviceInfo(
              token == null || token.isEmpty() ? "nt:" + digest(notification) : token,
              platform == null && !device.has("platform") ? "Unknown Platform" : platform,
              name == null && !device.has("name") ? "Unknown Device" : name,
              notification);
    }
    return new ClientInfo(
        client, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT), info);
  }

  /** A stable device token for a notification token: SHA-256, base64url, 43 characters. */
  private static String digest(String value) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** Whether a link's {@code uid} is one Gatehouse's links carry (base64url of a public id). */
  static boolean validUid(String uid) {
    try {
      UUID.fromString(new String(Base64.getUrlDecoder().decode(uid), StandardCharsets.US_ASCII));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Runs a link's flow, answering a dead or unknown token with the peer's refusal. */
  private static void refusedLink(Supplier<Void> flow, Supplier<DrfException> dead) {
    try {
      flow.get();
    } catch (AuthException e) {
      if ("invalid_token".equals(e.code())) {
        throw dead.get();
      }
      throw e;
    }
  }
}
