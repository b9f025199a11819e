package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.account.Account;
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
import dev.gatehouse.core.session.NotFoundException;
import dev.gatehouse.core.session.PictureStore;
import dev.gatehouse.core.session.ProfileInput;
import dev.gatehouse.core.session.ProfileView;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.social.SocialPrecheck;
import dev.gatehouse.core.social.SocialSignIn;
import dev.gatehouse.core.store.Person;
import dev.gatehouse.core.token.VerifiedAccessToken;
import dev.gatehouse.spring.web.GatehouseHttpProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
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
 * address gets the answer of an existing one unless {@code
 * gatehouse.http.jb-drf-auth.reveal-accounts} is on; {@code docs/HTTP.md} lists these switches.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class JbDrfAuthController {
  private static final List<String> CLIENTS =
      List.of(SessionService.CLIENT_WEB, SessionService.CLIENT_MOBILE);
  private static final List<String> CHANNELS = List.of("email", "sms");

  static final String REGISTERED = "Usuario creado. Revisa tu correo para verificar tu cuenta.";
  static final String PASSWORDS_DIFFER = "Las contrasenas no coinciden.";
  static final String NO_DESTINATION = "Debes proporcionar un email o un teléfono.";
  static final String DEVICE_REQUIRED = "Datos del dispositivo requeridos para cliente movil.";
  static final String NOTIFICATION_TOKEN_REQUIRED =
      "notification_token es requerido para cliente movil.";

  private final ContractSupport support;
  private final boolean rotate;
  private final boolean revealAccounts;
  private final ObjectProvider<PictureStore> pictures;

  private final byte[] openApi;

  JbDrfAuthController(
      ContractSupport support,
      GatehouseHttpProperties properties,
      ObjectProvider<PictureStore> pictures,
      ContractPaths paths) {
    this.support = support;
    this.rotate = properties.getJbDrfAuth().isRotateRefreshTokens();
    this.revealAccounts = properties.getJbDrfAuth().isRevealAccounts();
    this.pictures = pictures;
    this.openApi =
        ContractJson.writePretty(JbOpenApiDocument.build(paths)).getBytes(StandardCharsets.UTF_8);
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
                new Person(firstName, lastName1, lastName2, birthday, gender, null)));
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
      Optional<Account> account = support.gatehouse().accounts().findByEmail(email);
      if (account.isEmpty()) {
        throw DrfException.field("email", "No existe un usuario con este correo.");
      }
      if (account.get().emailVerified()) {
        throw DrfException.field("email", "El correo ya fue verificado.");
      }
    }
    support.gatehouse().accounts().resendConfirmation(email);
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
    if (revealAccounts && support.gatehouse().accounts().findByEmail(email).isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("detail", "Solicitud recibida, pero el correo no fue enviado.");
      m.put("email_sent", false);
      Replies.ok(m).send(response);
      return;
    }
    support.gatehouse().accounts().requestPasswordReset(email);
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
    int length = support.gatehouse().config().get(GatehouseConfig.OTP_LENGTH);
    String code = f.chars("code", true, false, length, length);
    String client = f.choice("client", CLIENTS, true);
    DrfForm device = f.object("device");
    f.chars("role", false, true, 0);
    f.check();
    boolean byPhone = phone != null && !phone.isEmpty();
    if (!byPhone && email == null) {
      throw DrfException.of(400, Map.of("non_field_errors", List.of(NO_DESTINATION)));
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

  // ---- social sign-in ---------------------------------------------------------------------------

  /** The token of a social request, with jb-drf-auth's refusals for a missing one. */
  private static String socialToken(DrfForm f, String provider) {
    String idToken = f.chars("id_token", false, true, 0);
    String accessToken = f.chars("access_token", false, true, 0);
    String code = f.chars("authorization_code", false, true, 0);
    for (String ignored : List.of("redirect_uri", "code_verifier", "client_id")) {
      f.chars(ignored, false, true, 0);
    }
    f.check();
    if (idToken != null && !idToken.isEmpty()) {
      return idToken;
    }
    if (accessToken != null && !accessToken.isEmpty()) {
      return accessToken;
    }
    if (code != null && !code.isEmpty()) {
      // A code a mobile app obtained itself is exchanged by the provider's own SDK flow in
      // jb-drf-auth; Gatehouse exchanges only codes of the sign-ins it started.
      throw DrfException.coded(
          400,
          "authorization_code is not accepted here; send the id_token (or use"
              + " login/social/redirect/ of the gatehouse contract).",
          "social_bad_request");
    }
    throw DrfException.of(
        400,
        Map.of(
            "detail",
            List.of(
                "facebook".equals(provider)
                    ? "access_token is required for Facebook."
                    : "id_token or authorization_code is required for this provider.")));
  }

  /** A social refusal in jb-drf-auth's {@code {detail, code}} shape. */
  private static RuntimeException socialRefusal(AuthException e) {
    return switch (e.code()) {
      case "unknown_provider" -> DrfException.field("provider", "Unsupported social provider.");
      case "invalid_id_token" ->
          DrfException.coded(401, "Social token is invalid or expired.", "social_invalid_token");
      case "social_not_configured" ->
          DrfException.coded(400, e.getMessage(), "social_config_error");
      case "social_signup_disabled" ->
          DrfException.coded(
              400, "No account is linked for this social provider.", "social_account_not_linked");
      case "account_disabled" ->
          DrfException.coded(401, "Esta cuenta esta inactiva.", "account_disabled");
      case "social_account_taken" ->
          DrfException.coded(
              400,
              "This social account is already linked to another user.",
              "social_already_linked");
      case "provider_already_linked" ->
          DrfException.coded(400, e.getMessage(), "social_provider_already_linked");
      case "social_account_not_found" ->
          DrfException.coded(
              404, "No linked social account found for this provider.", "social_not_found");
      default -> e;
    };
  }

  @PostMapping("/login/social/")
  void socialLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String client = f.choice("client", CLIENTS, true);
    DrfForm device = f.object("device");
    f.chars("role", false, true, 0);
    boolean terms = f.bool("terms_and_conditions_accepted", false);
    String provider = f.chars("provider", true, false, 0);
    String token = socialToken(f, provider);
    ClientInfo info = client(request, client, device, false);
    SocialSignIn outcome;
    try {
      if (!terms && support.gatehouse().config().get(GatehouseConfig.TERMS_REQUIRED)) {
        // A sign-up needs the terms; a sign-in to an existing account does not.
        if (support.gatehouse().social().precheck(provider, token, null).wouldCreateUser()) {
          throw DrfException.coded(400, "Terms and conditions must be accepted.", "terms_required");
        }
      }
      outcome = support.gatehouse().social().signInWithNativeToken(provider, token, null, info);
    } catch (AuthException e) {
      throw socialRefusal(e);
    }
    if (outcome instanceof SocialSignIn.LinkRequired required) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "detail",
          "provider_email_unverified".equals(required.reason())
              ? "Social provider did not return a verified email."
              : "An account uses this email: sign in to it, then send link_token to"
                  + " login/social/link/.");
      m.put(
          "code",
          "provider_email_unverified".equals(required.reason())
              ? "social_email_not_verified"
              : "social_account_not_linked");
      m.put("link_token", required.linkToken());
      throw DrfException.of(400, m);
    }
    SocialSignIn.SignedIn in = (SocialSignIn.SignedIn) outcome;
    Map<String, Object> m = loginBody(client, in.tokens());
    m.put("social_provider", in.provider());
    m.put("user_created", in.created());
    m.put("linked_existing_user", in.linked());
    Replies.ok(m).send(response);
  }

  @PostMapping("/login/social/precheck/")
  void socialPrecheck(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    f.choice("client", CLIENTS, true);
    f.chars("role", false, true, 0);
    f.bool("terms_and_conditions_accepted", false);
    String provider = f.chars("provider", true, false, 0);
    String token = socialToken(f, provider);
    SocialPrecheck p;
    try {
      p = support.gatehouse().social().precheck(provider, token, null);
    } catch (AuthException e) {
      throw socialRefusal(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", p.provider());
    m.put("email", p.email());
    m.put("email_verified", p.emailVerified());
    m.put("social_account_exists", p.socialAccountExists());
    m.put("linked_existing_user", p.linkedExistingUser());
    m.put("user_exists", p.userExists());
    m.put("would_create_user", p.wouldCreateUser());
    m.put("can_login", p.canLogin());
    Replies.ok(m).send(response);
  }

  /**
   * Links a provider's identity to the signed-in account: with the provider's token, as in
   * jb-drf-auth, or with the {@code link_token} a social sign-in answered when the account had to
   * be proven first.
   */
  @PostMapping("/login/social/link/")
  void socialLink(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    String linkToken = f.chars("link_token", false, true, 0);
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    String provider;
    try {
      if (linkToken != null && !linkToken.isEmpty()) {
        f.check();
        provider =
            support
                .gatehouse()
                .social()
                .linkPending(caller.userPublicId(), linkToken, client)
                .provider();
      } else {
        provider = f.chars("provider", true, false, 0);
        String token = socialToken(f, provider);
        support
            .gatehouse()
            .social()
            .linkWithNativeToken(caller.userPublicId(), provider, token, null, client);
      }
    } catch (AuthException e) {
      throw socialRefusal(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Social account linked successfully.");
    m.put("provider", provider);
    Replies.ok(m).send(response);
  }

  @PostMapping("/login/social/unlink/")
  void socialUnlink(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    String provider = f.chars("provider", true, false, 0);
    f.check();
    try {
      support
          .gatehouse()
          .social()
          .unlink(
              caller.userPublicId(),
              provider,
              ContractSupport.client(request, SessionService.CLIENT_WEB));
    } catch (AuthException e) {
      throw socialRefusal(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Social account unlinked successfully.");
    m.put("provider", provider);
    Replies.ok(m).send(response);
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
      if (JbErrors.notFound(e)) {
        throw DrfException.detail(404, "Perfil no encontrado o no pertenece al usuario.");
      }
      throw e;
    }
    loginAnswer(client, pair).send(response);
  }

  /**
   * A profile's picture as base64 or a data URI ({@code data:image/png;base64,…}), kept by the
   * host's {@link PictureStore} bean; {@code ""} clears it. Without such a bean the route answers
   * 503.
   */
  @PatchMapping("/profile/picture/")
  void picture(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller c = support.caller(request);
    int max = support.gatehouse().config().get(GatehouseConfig.PROFILE_PICTURE_MAX_BYTES);
    // Base64 takes four characters for three bytes, plus room for the other fields.
    DrfForm f = DrfForm.read(request, max / 3 * 4 + 8 * 1024);
    String picture;
    if (!f.has("picture")) {
      picture = null;
      f.errors().put("picture", List.of(new DrfForm.Error("No file was submitted.", "required")));
    } else {
      picture = f.chars("picture", true, true, 0);
    }
    Long profile = f.integer("profile", false);
    f.check();
    PictureStore store = pictures.getIfAvailable();
    if (store == null) {
      throw DrfException.detail(503, "Profile pictures are not configured on this server.");
    }
    byte[] image = picture.isEmpty() ? new byte[0] : decodePicture(picture);
    ProfileView changed;
    try {
      changed = support.gatehouse().profiles().setPicture(c.user(), profile, image, store);
    } catch (AuthException e) {
      throw switch (e.code()) {
        case "profile_not_found" -> DrfException.fieldText("profile", "Perfil no encontrado.");
        case "invalid_picture" ->
            DrfException.field("picture", "The type of the image couldn't be determined.");
        case "picture_too_large" -> DrfException.field("picture", e.getMessage());
        default -> e;
      };
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Foto de perfil actualizada correctamente.");
    m.put("profile_id", changed.id());
    Replies.ok(m).send(response);
  }

  /** Base64 (standard or URL-safe) or a data URI's payload; else DRF's "valid image" refusal. */
  private static byte[] decodePicture(String value) {
    int comma = value.indexOf(";base64,");
    String data = comma >= 0 ? value.substring(comma + ";base64,".length()) : value;
    try {
      String b64 = data.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
      return Base64.getDecoder().decode(b64 + "==".substring(0, (4 - b64.length() % 4) % 4 % 3));
    } catch (IllegalArgumentException e) {
      throw DrfException.field("picture", "Please upload a valid image.");
    }
  }

  @GetMapping("/profiles/")
  void profiles(HttpServletRequest request, HttpServletResponse response) throws IOException {
    List<ProfileView> list = support.gatehouse().profiles().list(support.caller(request).user());
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
    Caller c = support.caller(request);
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
        .orElseThrow(JbDrfAuthController::noProfile);
  }

  /**
   * A profile's fields as jb-drf-auth's serializer reads them; the person fields sent replace those
   * of {@code person} (the profile's own on an update), the others stay.
   */
  private ProfileInput profileInput(DrfForm f, Person person) {
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
    if (JbErrors.notFound(e)) {
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
    adminAnswer("Superusuario creado.", id, email, true).send(response);
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
    adminAnswer("Usuario staff creado.", id, email, false).send(response);
  }

  /** Runs an admin creation, answering jb-drf-auth's refusals. */
  private static UUID adminCreation(Supplier<UUID> creation) {
    try {
      return creation.get();
    } catch (AuthException e) {
      throw switch (e.code()) {
        case "email_taken" -> DrfException.detail(409, "El usuario ya existe.");
        case "forbidden" -> DrfException.detail(403, "Bootstrap token required.");
        default -> e;
      };
    }
  }

  private static Reply adminAnswer(String detail, UUID id, String email, boolean superuser) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    m.put("id", id.toString());
    m.put("email", email);
    m.put("is_superuser", superuser);
    m.put("is_staff", true);
    return Replies.of(201, m);
  }

  // ---- shared
  // ------------------------------------------------------------------------------------

  /** The login answer of jb-drf-auth for a client: web or mobile shape, with tokens. */
  private Reply loginAnswer(String client, TokenPair pair) {
    return Replies.ok(loginBody(client, pair));
  }

  /** The body of {@link #loginAnswer}, for routes that add to it. */
  private Map<String, Object> loginBody(String client, TokenPair pair) {
    VerifiedAccessToken t = support.gatehouse().sessions().verifyAccessToken(pair.accessToken());
    Me me =
        support.gatehouse().profiles().me(UUID.fromString(t.subject()), t.profileId().orElse(null));
    return SessionService.CLIENT_MOBILE.equals(client)
        ? JbShapes.mobile(me, me.currentProfile(), pair)
        : JbShapes.web(me, me.currentProfile(), pair);
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
