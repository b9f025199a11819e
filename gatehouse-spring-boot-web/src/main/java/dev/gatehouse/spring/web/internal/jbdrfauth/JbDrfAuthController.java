package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.drf.JbErrors;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.PeerOpenApi;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code jb-drf-auth} contract ({@code gatehouse.http.contract=jb-drf-auth}): jb-drf-auth
 * 0.1.9's routes with its request fields, answers, statuses and DRF error shapes, over the same
 * Gatehouse services as the native contract. Only the edge differs: reading the peer's fields,
 * answering the peer's shapes ({@link JbShapes}) and errors ({@link JbErrors}).
 *
 * <p>Where jb-drf-auth's answers reveal whether an account exists ({@code user_exist}, {@code
 * email_sent: false}, "no such user" on a resend, "email already in use" on a sign-up), every
 * address gets the answer of an existing one unless {@code
 * gatehouse.http.jb-drf-auth.reveal-accounts} is on; {@code docs/HTTP.md} lists these switches.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class JbDrfAuthController {
  private static final List<String> CHANNELS = List.of("email", "sms");

  static final String REGISTERED = "Usuario creado. Revisa tu correo para verificar tu cuenta.";
  static final String PASSWORDS_DIFFER = "Las contrasenas no coinciden.";
  static final String NO_DESTINATION = "Debes proporcionar un email o un teléfono.";

  private final ContractSupport support;
  private final boolean revealAccounts;
  private final byte[] openApi;

  JbDrfAuthController(
      ContractSupport support, GatehouseHttpProperties properties, ContractPaths paths) {
    this.support = support;
    this.revealAccounts = properties.getJbDrfAuth().isRevealAccounts();
    this.openApi =
        ContractJson.writePretty(JbOpenApiDocument.build(paths)).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The controllers of the contract (this one, {@link JbProfileController}, {@link
   * JbSocialController}): their errors answer in DRF's shapes.
   *
   * @return the controller classes
   */
  public static List<Class<?>> controllers() {
    return JbSupport.CONTROLLERS;
  }

  /**
   * The contract's route table as {@code docs/HTTP.md} shows it, generated from the OpenAPI
   * document's routes.
   *
   * @param basePath the base path shown
   * @return the Markdown table
   */
  public static String routeTable(String basePath) {
    return PeerOpenApi.markdownTable(basePath, JbOpenApiDocument.ROUTES);
  }

  /** The contract's OpenAPI document ({@link JbOpenApiDocument}). */
  @GetMapping(ContractPaths.OPENAPI)
  void openapi(HttpServletResponse response) throws IOException {
    new Reply(200, Replies.JSON, openApi, HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .send(response);
  }

  // ---- sign-up and confirmation --------------------------------------------------------------

  @PostMapping("/register/")
  void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    String username = f.chars("username", false, true, 150);
    String password = f.chars("password", true, false, 8, 128);
    String confirm = f.chars("password_confirm", true, false, 8, 128);
    String firstName = f.chars("first_name", true, false, 100);
    String lastName1 = f.chars("last_name_1", true, false, 150);
    String lastName2 = f.chars("last_name_2", false, true, 150);
    LocalDate birthday = f.date("birthday", true);
    String gender = f.chars("gender", true, false, 50);
    // Read as jb-drf-auth reads it, never applied: a sign-up choosing its own role would be a
    // privilege escalation. The default profile gets gatehouse.profile.default-role.
    f.chars("role", false, true, 50);
    boolean terms = f.bool("terms_and_conditions_accepted", false);
    if (f.valid() && !terms && support.gatehouse().config().get(AccountSettings.TERMS_REQUIRED)) {
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
    if (revealAccounts && support.gatehouse().accounts().findByEmail(email).isPresent()) {
      throw DrfException.detail(400, "El correo electrónico ya esta en uso.");
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
                null,
                new Person(firstName, lastName1, lastName2, birthday, gender, null)),
            ContractSupport.anonymous(request));
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
    if (revealAccounts) {
      Optional<UserView> account = support.gatehouse().accounts().findByEmail(email);
      if (account.isEmpty()) {
        throw DrfException.field("email", "No existe un usuario con este correo.");
      }
      if (account.get().emailVerified()) {
        throw DrfException.field("email", "El correo ya fue verificado.");
      }
    }
    support.gatehouse().accounts().resendConfirmation(email, ContractSupport.anonymous(request));
    emailSent("Correo de verificación reenviado.").send(response);
  }

  /**
   * jb-drf-auth's answer when a mail went out; Gatehouse gives it for every address, sent or not,
   * so the answer never tells whether the address has an account.
   */
  private static Reply emailSent(String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    m.put("email_sent", true);
    return Replies.ok(m);
  }

  // ---- password login, reset and change --------------------------------------------------------

  @PostMapping("/login/basic/")
  void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String login = f.chars("login", true, false, 0);
    String password = f.chars("password", true, false, 0);
    String client = f.choice("client", JbSupport.CLIENTS, true);
    DrfForm device = f.object("device");
    f.check();
    ClientInfo info = JbSupport.client(request, client, device, true);
    JbSupport.loginAnswer(
            support,
            client,
            SecondStepAnswer.signedIn(
                support.gatehouse().accounts().login(new LoginRequest(login, password, info))))
        .send(response);
  }

  @PostMapping("/password-reset/request/")
  void resetRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    f.check();
    if (revealAccounts && support.gatehouse().accounts().findByEmail(email).isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("detail", "Solicitud recibida, pero el correo no fue enviado.");
      m.put("email_sent", false);
      Replies.ok(m).send(response);
      return;
    }
    support.gatehouse().accounts().requestPasswordReset(email, ContractSupport.anonymous(request));
    emailSent("Si el correo existe, se ha enviado un enlace de restablecimiento.").send(response);
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
      if (e.error() == ErrorCode.INVALID_CREDENTIALS) {
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
    if (revealAccounts) {
      m.put(
          "user_exist",
          (email != null && support.gatehouse().accounts().findByEmail(email).isPresent())
              || (phone != null
                  && !phone.isEmpty()
                  && support.gatehouse().accounts().findByPhone(phone).isPresent()));
    }
    Replies.of(201, m).send(response);
  }

  @PostMapping("/otp/verify/")
  void otpVerify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", false);
    String phone = f.chars("phone", false, true, 0);
    int length = support.gatehouse().config().get(OtpSettings.OTP_LENGTH);
    String code = f.chars("code", true, false, length, length);
    String client = f.choice("client", JbSupport.CLIENTS, true);
    DrfForm device = f.object("device");
    f.chars("role", false, true, 0);
    f.check();
    boolean byPhone = phone != null && !phone.isEmpty();
    if (!byPhone && email == null) {
      throw DrfException.of(400, Map.of("non_field_errors", List.of(NO_DESTINATION)));
    }
    ClientInfo info = JbSupport.client(request, client, device, false);
    OtpChannel channel = byPhone ? OtpChannel.SMS : OtpChannel.EMAIL;
    JbSupport.loginAnswer(
            support,
            client,
            SecondStepAnswer.signedIn(
                support
                    .gatehouse()
                    .otp()
                    .loginWithCode(byPhone ? phone : email, channel, code, info)))
        .send(response);
  }

  /** jb-drf-auth's checks of a code request's destination, in its order. */
  private static String destination(String email, String phone, OtpChannel channel) {
    boolean hasPhone = phone != null && !phone.isEmpty();
    String problem = null;
    if (email == null && !hasPhone) {
      problem = NO_DESTINATION;
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

  // ---- account ---------------------------------------------------------------------------------

  /**
   * PUT (with {@code email} and {@code username} required, as jb-drf-auth's serializer) or PATCH.
   * An email or phone different from the account's is refused: those change through the
   * confirmation-code routes of {@link JbContactController}, never by a plain update.
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
          "email", "Change the email with account/email/change/: a code confirms the new one.");
    }
    if (phone != null && !phone.isEmpty() && !phone.equals(current.phone())) {
      throw DrfException.field(
          "phone", "Change the phone with account/phone/change/: a code confirms the new one.");
    }
    support
        .gatehouse()
        .accounts()
        .updateAccount(caller.user(), new AccountUpdate(language, timezone, username));
    Me me = support.gatehouse().profiles().me(caller.user(), caller.profileId());
    Replies.ok(JbShapes.user(me, JbSupport.userId(support, caller.user()))).send(response);
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

  /**
   * The first superuser, with the bootstrap token in {@code X-Admin-Bootstrap-Token}, while none
   * exists. (jb-drf-auth also lets a signed-in superuser create more; Gatehouse's bootstrap closes
   * once a superuser exists.)
   */
  @PostMapping("/admin/create-superuser/")
  void createSuperuser(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    String password = f.chars("password", true, false, 0);
    f.check();
    UUID id =
        adminCreation(
            () ->
                support
                    .gatehouse()
                    .accounts()
                    .createSuperuser(
                        request.getHeader("X-Admin-Bootstrap-Token"), email, password));
    adminAnswer("Superusuario creado.", JbSupport.userId(support, id), email, true).send(response);
  }

  /** A staff account, created by a signed-in superuser. */
  @PostMapping("/admin/create-staff/")
  void createStaff(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    String email = f.email("email", true);
    String password = f.chars("password", true, false, 0);
    f.check();
    UUID id =
        adminCreation(() -> support.gatehouse().accounts().createStaff(caller, email, password));
    adminAnswer("Usuario staff creado.", JbSupport.userId(support, id), email, false)
        .send(response);
  }

  /** Runs an admin creation, answering jb-drf-auth's refusals. */
  private static UUID adminCreation(Supplier<UUID> creation) {
    try {
      return creation.get();
    } catch (AuthException e) {
      if (e.error().equals(ErrorCode.EMAIL_TAKEN)) {
        throw DrfException.detail(409, "El usuario ya existe.");
      }
      if (e.error().equals(ErrorCode.FORBIDDEN)) {
        throw DrfException.detail(403, "Bootstrap token required.");
      }
      throw e;
    }
  }

  private static Reply adminAnswer(String detail, Object id, String email, boolean superuser) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    m.put("id", id);
    m.put("email", email);
    m.put("is_superuser", superuser);
    m.put("is_staff", true);
    return Replies.of(201, m);
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
      if (e.error() == ErrorCode.INVALID_LINK) {
        throw dead.get();
      }
      throw e;
    }
  }
}
