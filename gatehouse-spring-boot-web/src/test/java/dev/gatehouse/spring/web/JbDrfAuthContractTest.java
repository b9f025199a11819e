package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code jb-drf-auth} contract over HTTP, written from jb-drf-auth 0.1.9's own views,
 * serializers and services (and simplejwt's refresh view beneath them): the requests its clients
 * send, the answers they read, on H2 and, when their URLs are set, PostgreSQL and MariaDB.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=jb-drf-auth",
      // What the Spring Boot starter sets for this contract
      // (SpringGatehouseConfig.contractDefaults);
      // TestHost builds its configuration by hand.
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.links.password-reset=/reset-password/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true",
      "gatehouse.token.simplejwt-claims=true",
      "gatehouse.token.integer-user-ids=true",
      // Its bootstrap makes the database's first superuser: no other class's may be there.
      "test-host.own-database=true"
    })
class JbDrfAuthContractTest extends ContractTestSupport {
  /** Legacy keys far above any table key a test database reaches. */
  private static final AtomicLong LEGACY_KEYS = new AtomicLong(880_000_000L);

  @Autowired TestDatabase database;

  static final Pattern VERIFY =
      Pattern.compile("/verify-email/\\?uid=([A-Za-z0-9_-]+)&token=([A-Za-z0-9_-]+)");
  private static final Pattern RESET =
      Pattern.compile("/reset-password/\\?uid=([A-Za-z0-9_-]+)&token=([A-Za-z0-9_-]+)");

  static String signUp(String address) {
    return json(
        "email", address,
        "password", PASSWORD,
        "password_confirm", PASSWORD,
        "first_name", "Ana",
        "last_name_1", "García",
        "last_name_2", "López",
        "birthday", "1990-04-01",
        "gender", "FEMALE",
        "terms_and_conditions_accepted", true);
  }

  static Matcher link(Pattern p, EmailMessage m) {
    Matcher x = p.matcher(m.textBody());
    assertThat(x.find()).as("a jb-drf-auth link in %s", m.textBody()).isTrue();
    return x;
  }

  /** Registers and confirms as a jb-drf-auth front end: sign-up, then the emailed uid and token. */
  String jbAccount() throws Exception {
    String address = newEmail();
    Reply r = http.post("/auth/register/", signUp(address));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    assertThat(r.text("detail"))
        .isEqualTo("Usuario creado. Revisa tu correo para verificar tu cuenta.");
    Matcher m = link(VERIFY, mailTo(address).orElseThrow());
    assertThat(m.group(0)).startsWith("/verify-email/");
    Reply ok =
        http.post(
            "/auth/registration/account-confirmation-email/",
            json("uid", m.group(1), "token", m.group(2)));
    assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
    assertThat(ok.text("detail")).isEqualTo("Correo verificado con éxito.");
    return address;
  }

  Reply webLogin(String address) throws Exception {
    Reply r =
        http.post(
            "/auth/login/basic/", json("login", address, "password", PASSWORD, "client", "web"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r;
  }

  static String access(Reply login) {
    return login.json().get("tokens").get("accessToken").asString();
  }

  static String refresh(Reply login) {
    return login.json().get("tokens").get("refreshToken").asString();
  }

  static void assertDetail(Reply r, int status, String detail) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.text("detail")).isEqualTo(detail);
    if (status == 401) {
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    }
  }

  @Test
  void webPasswordLoginAnswersJbsWebShapeWithTokensUnderTokens() throws Exception {
    String address = jbAccount();
    Reply r = webLogin(address);
    JsonNode body = r.json();
    assertThat(body.has("access")).isFalse();
    List<String> keys = List.copyOf(body.propertyNames());
    assertThat(keys)
        .containsExactly(
            "user",
            "active_profile",
            "user_settings",
            "profile_settings",
            "terms_and_conditions",
            "profile_completion_required",
            "tokens");
    JsonNode user = body.get("user");
    assertThat(user.get("data").get("email").asString()).isEqualTo(address);
    // The person fields of the sign-up, kept on the default profile.
    assertThat(user.get("data").get("display_name").asString()).isEqualTo("Ana García");
    assertThat(user.get("data").get("full_name").asString()).isEqualTo("Ana García López");
    assertThat(user.get("data").get("birthday").asString()).isEqualTo("1990-04-01");
    assertThat(body.get("profile_completion_required").asBoolean()).isFalse();
    assertThat(List.copyOf(user.get("data").propertyNames()))
        .containsExactly(
            "display_name", "full_name", "photoURL", "email", "username", "birthday", "shortcuts");
    assertThat(user.get("login_redirect_url").asString()).isEqualTo("/home");
    assertThat(user.get("role").get(0).asString()).isEqualTo("admin");
    assertThat(user.get("status").asString()).isEqualTo("active");
    JsonNode profile = body.get("active_profile");
    assertThat(profile.get("id").isIntegralNumber()).isTrue();
    assertThat(profile.get("first_name").asString()).isEqualTo("Ana");
    assertThat(profile.get("last_name_1").asString()).isEqualTo("García");
    assertThat(profile.get("last_name_2").asString()).isEqualTo("López");
    assertThat(profile.get("gender").asString()).isEqualTo("FEMALE");
    assertThat(profile.get("is_default").asBoolean()).isTrue();
    assertThat(profile.get("settings").isObject()).isTrue();
    assertThat(body.get("terms_and_conditions").isString()).isTrue();
    assertThat(List.copyOf(body.get("tokens").propertyNames()))
        .containsExactly("refreshToken", "accessToken");
    // simplejwt's claims beside Gatehouse's: token_type, user_id, and a numeric profile_id.
    JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(access(r).split("\\.")[1]));
    assertThat(claims.get("token_type").asString()).isEqualTo("access");
    // user_id is the integer jb-drf-auth's clients know (the tests of integer ids say which);
    // sub stays the public id every route authorises by.
    UUID account = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    assertThat(claims.get("sub").asString()).isEqualTo(account.toString());
    OptionalLong integer = gatehouse.profiles().integerId(account);
    assertThat(claims.get("user_id").asString())
        .isEqualTo(integer.isPresent() ? Long.toString(integer.getAsLong()) : account.toString());
    assertThat(claims.get("profile_id").isIntegralNumber()).isTrue();
    assertThat(claims.get("profile_id").asLong()).isEqualTo(profile.get("id").asLong());
    assertThat(http.get("/api/hello/", access(r)).status()).isEqualTo(200);
  }

  /** The user table's key of an account, read as the host's own SQL reads it. */
  long tableKey(UUID user) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("select id from gh_user where public_id = ?")) {
      s.setString(1, user.toString());
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getLong(1);
      }
    }
  }

  /** A mobile app's login body, with its device. */
  static String mobileLoginBody(String address) {
    return json(
        "login",
        address,
        "password",
        PASSWORD,
        "client",
        "mobile",
        "device",
        Map.of("platform", "android", "notification_token", "push-" + address));
  }

  /** A mobile app's login, with its device. */
  Reply mobileLogin(String address) throws Exception {
    Reply r = http.post("/auth/login/basic/", mobileLoginBody(address));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r;
  }

  static JsonNode claims(String accessToken) {
    return Http.JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
  }

  /** The user id of the mobile login, of me/, of account/update/ and the token's user_id. */
  List<JsonNode> idsSeenBy(String address) throws Exception {
    Reply login = mobileLogin(address);
    String access = access(login);
    Reply me = http.get("/auth/me/?client=mobile", access);
    assertThat(me.status()).as(me.raw().body()).isEqualTo(200);
    Reply updated = http.send("PATCH", "/auth/account/update/", json("language", "es"), access);
    assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);
    JsonNode claims = claims(access);
    // Whatever the id shown, the subject stays the public id, and routes authorise by it.
    UUID user = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    assertThat(claims.get("sub").asString()).isEqualTo(user.toString());
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    return List.of(
        login.json().get("id"),
        me.json().get("id"),
        updated.json().get("id"),
        claims.get("user_id"));
  }

  @Test
  void aUserCreatedOnGatehouseIsKnownByItsTableKeyInAnswersAndInTheTokensUserId() throws Exception {
    String address;
    long key;
    do {
      // (Other tests map a few small legacy ids; a key that is one stays the public id, below.)
      address = jbAccount();
      key = tableKey(gatehouse.accounts().findByEmail(address).orElseThrow().id());
    } while (TestHost.LEGACY_ACCOUNTS.containsKey(Long.toString(key)));
    for (JsonNode id : idsSeenBy(address)) {
      assertThat(id.isIntegralNumber()).as("%s is an integer", id).isTrue();
      assertThat(id.asLong()).isEqualTo(key);
    }
  }

  @Test
  void anImportedUserIsKnownByItsLegacyKeyInAnswersAndInTheTokensUserId() throws Exception {
    String address = jbAccount();
    UUID user = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    long legacy = LEGACY_KEYS.incrementAndGet();
    TestHost.LEGACY_ACCOUNTS.put(Long.toString(legacy), user);
    for (JsonNode id : idsSeenBy(address)) {
      assertThat(id.isIntegralNumber()).as("%s is an integer", id).isTrue();
      assertThat(id.asLong()).isEqualTo(legacy);
    }
    assertThat(claims(access(webLogin(address))).get("user_id").asLong()).isEqualTo(legacy);
  }

  @Test
  void aTableKeyThatIsAnotherAccountsLegacyKeyIsNeverShownTwice() throws Exception {
    String imported = jbAccount();
    String fresh = jbAccount();
    UUID freshUser = gatehouse.accounts().findByEmail(fresh).orElseThrow().id();
    String key = Long.toString(tableKey(freshUser));
    UUID before = TestHost.LEGACY_ACCOUNTS.get(key);
    // The imported account came from the legacy user whose key the fresh account's row now has
    // (a user table whose key sequence was not moved past the legacy keys after the import).
    TestHost.LEGACY_ACCOUNTS.put(
        key, gatehouse.accounts().findByEmail(imported).orElseThrow().id());
    try {
      for (JsonNode id : idsSeenBy(imported)) {
        assertThat(id.isIntegralNumber()).as("%s is an integer", id).isTrue();
        assertThat(id.asLong()).isEqualTo(Long.parseLong(key));
      }
      // The fresh account keeps its public id rather than show the imported account's integer.
      for (JsonNode id : idsSeenBy(fresh)) {
        assertThat(id.isString()).as("%s is a string", id).isTrue();
        assertThat(id.asString()).isEqualTo(freshUser.toString());
      }
    } finally {
      if (before == null) {
        TestHost.LEGACY_ACCOUNTS.remove(key);
      } else {
        TestHost.LEGACY_ACCOUNTS.put(key, before);
      }
    }
  }

  @Test
  void theRefreshTokenKeepsWorkingAsSimplejwtsWithoutRotation() throws Exception {
    Reply login = webLogin(jbAccount());
    String refresh = refresh(login);
    for (int i = 0; i < 3; i++) {
      clock.advance(java.time.Duration.ofMinutes(6));
      Reply r = http.post("/auth/token/refresh/", json("refresh", refresh));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      assertThat(List.copyOf(r.json().propertyNames())).containsExactly("access");
      assertThat(http.get("/api/hello/", r.text("access")).status()).isEqualTo(200);
    }
    // simplejwt's refresh view ignores the (expired) access token a client sends along.
    clock.advance(java.time.Duration.ofMinutes(6));
    Reply stale =
        http.send("POST", "/auth/token/refresh/", json("refresh", refresh), access(login));
    assertThat(stale.status()).as(stale.raw().body()).isEqualTo(200);
    assertThat(http.get("/auth/me/?client=web", access(login)).status()).isEqualTo(401);
    Reply missing = http.post("/auth/token/refresh/", "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("refresh").get(0).asString())
        .isEqualTo("This field is required.");
    Reply bad = http.post("/auth/token/refresh/", json("refresh", "not-a-token"));
    assertDetail(bad, 401, "Token is invalid or expired");
    assertThat(bad.text("code")).isEqualTo("token_not_valid");
  }

  @Test
  void aSignedOutSessionsRefreshTokenStopsWorking() throws Exception {
    Reply login = webLogin(jbAccount());
    UUID user = UUID.fromString(gatehouse.sessions().verifyAccessToken(access(login)).subject());
    gatehouse.sessions().logoutAll(user);
    Reply r = http.post("/auth/token/refresh/", json("refresh", refresh(login)));
    assertDetail(r, 401, "Token is invalid or expired");
  }

  @Test
  void aMobileLoginNeedsADeviceWithANotificationTokenButNotADeviceToken() throws Exception {
    String address = jbAccount();
    Reply none =
        http.post(
            "/auth/login/basic/", json("login", address, "password", PASSWORD, "client", "mobile"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().get("device").get(0).asString())
        .isEqualTo("Datos del dispositivo requeridos para cliente movil.");
    Reply noPush =
        http.post(
            "/auth/login/basic/",
            json(
                "login",
                address,
                "password",
                PASSWORD,
                "client",
                "mobile",
                "device",
                Map.of("platform", "ios")));
    assertThat(noPush.json().get("device").get(0).asString())
        .isEqualTo("notification_token es requerido para cliente movil.");
    Map<String, Object> device = Map.of("platform", "android", "notification_token", "push-1");
    Reply first =
        http.post(
            "/auth/login/basic/",
            json("login", address, "password", PASSWORD, "client", "mobile", "device", device));
    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    JsonNode body = first.json();
    assertThat(body.get("email").asString()).isEqualTo(address);
    assertThat(body.get("profiles").isArray()).isTrue();
    assertThat(body.get("device_registered").asBoolean()).isTrue();
    assertThat(body.get("active_profile").get("id").isIntegralNumber()).isTrue();
    assertThat(body.get("tokens").get("accessToken").asString()).isNotBlank();
    Reply second =
        http.post(
            "/auth/login/basic/",
            json("login", address, "password", PASSWORD, "client", "mobile", "device", device));
    assertThat(second.status()).isEqualTo(200);
    UUID user = UUID.fromString(gatehouse.sessions().verifyAccessToken(access(second)).subject());
    List<DeviceView> devices = gatehouse.devices().list(user);
    assertThat(devices).hasSize(1);
    assertThat(devices.get(0).platform()).isEqualTo("android");
    assertThat(devices.get(0).name()).isEqualTo("Unknown Device");
  }

  @Test
  void formEncodedBodiesAreReadAsDrfReadsThem() throws Exception {
    String address = jbAccount();
    String form =
        "login="
            + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8)
            + "&password="
            + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
            + "&client=mobile&device.notification_token=push-form&device.platform=ios";
    Reply r =
        http.send(
            "POST",
            "/auth/login/basic/",
            form,
            null,
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.json().get("device_registered").asBoolean()).isTrue();
    Reply text =
        http.send("POST", "/auth/login/basic/", "login=x", null, "Content-Type", "text/plain");
    assertDetail(text, 415, "Unsupported media type \"text/plain\" in request.");
  }

  @Test
  void loginRefusalsAreJbsMessages() throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register/", signUp(address)).status()).isEqualTo(201);
    assertDetail(
        http.post(
            "/auth/login/basic/", json("login", address, "password", PASSWORD, "client", "web")),
        401,
        "Esta cuenta no esta verificada.");
    assertDetail(
        http.post(
            "/auth/login/basic/",
            json("login", jbAccount(), "password", "wrong password!", "client", "web")),
        401,
        "Credenciales invalidas.");
    Reply fields = http.post("/auth/login/basic/", json("client", "tablet"));
    assertThat(fields.status()).isEqualTo(400);
    assertThat(fields.json().get("login").get(0).asString()).isEqualTo("This field is required.");
    assertThat(fields.json().get("password").get(0).asString())
        .isEqualTo("This field is required.");
    assertThat(fields.json().get("client").get(0).asString())
        .isEqualTo("\"tablet\" is not a valid choice.");
  }

  @Test
  void signUpRefusalsAreJbs409AndItsPasswordCheck() throws Exception {
    Reply empty = http.post("/auth/register/", "{}");
    assertThat(empty.status()).isEqualTo(409);
    assertThat(empty.text("detail"))
        .startsWith(
            "Error al crear el usuario. {'email': [ErrorDetail(string='This field is"
                + " required.', code='required')]");
    String noTerms =
        signUp(newEmail()).replace("\"terms_and_conditions_accepted\":true", "\"x\":1");
    assertThat(http.post("/auth/register/", noTerms).text("detail"))
        .isEqualTo(
            "Error al crear el usuario. {'terms_and_conditions_accepted':"
                + " [ErrorDetail(string='Debes aceptar terminos y condiciones.',"
                + " code='invalid')]}");
    String mismatch =
        signUp(newEmail())
            .replace(
                "\"password_confirm\":\"" + PASSWORD, "\"password_confirm\":\"other passphrase");
    assertDetail(http.post("/auth/register/", mismatch), 400, "Las contraseñas no coinciden.");
  }

  @Test
  void aTakenAddressSignsUpLikeANewOne() throws Exception {
    String address = jbAccount();
    Reply again = http.post("/auth/register/", signUp(address));
    Reply fresh = http.post("/auth/register/", signUp(newEmail()));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.raw().body()).isEqualTo(fresh.raw().body());
  }

  @Test
  void confirmationRefusesABadUidOrToken() throws Exception {
    Reply missing = http.post("/auth/registration/account-confirmation-email/", "{}");
    assertThat(missing.json().get("uid").get(0).asString()).isEqualTo("This field is required.");
    Reply badUid =
        http.post(
            "/auth/registration/account-confirmation-email/", json("uid", "!!", "token", "x"));
    assertThat(badUid.json().get("non_field_errors").get(0).asString())
        .isEqualTo("Enlace invalido.");
    String uid =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    Reply badToken =
        http.post(
            "/auth/registration/account-confirmation-email/",
            json("uid", uid, "token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    assertThat(badToken.status()).isEqualTo(400);
    assertThat(badToken.json().get("non_field_errors").get(0).asString())
        .isEqualTo("El token es invalido o ha expirado.");
  }

  @Test
  void passwordResetByTheEmailedUidAndToken() throws Exception {
    String address = jbAccount();
    Reply req = http.post("/auth/password-reset/request/", json("email", address));
    Reply unknown = http.post("/auth/password-reset/request/", json("email", newEmail()));
    assertThat(req.status()).isEqualTo(200);
    assertThat(req.json().get("email_sent").asBoolean()).isTrue();
    assertThat(unknown.raw().body()).isEqualTo(req.raw().body());
    Matcher m = link(RESET, mailTo(address).orElseThrow());
    String next = "a brand new passphrase";
    Reply mismatch =
        http.post(
            "/auth/password-reset/confirm/",
            json(
                "uid",
                m.group(1),
                "token",
                m.group(2),
                "new_password",
                next,
                "new_password_confirm",
                next + "!"));
    assertThat(mismatch.json().get("non_field_errors").get(0).asString())
        .isEqualTo("Las contrasenas no coinciden.");
    String confirm =
        json(
            "uid",
            m.group(1),
            "token",
            m.group(2),
            "new_password",
            next,
            "new_password_confirm",
            next);
    Reply ok = http.post("/auth/password-reset/confirm/", confirm);
    assertDetail(ok, 200, "Contrasena restablecida con exito.");
    Reply again = http.post("/auth/password-reset/confirm/", confirm);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.raw().body()).isEqualTo("[\"Token invalido o expirado.\"]");
    assertThat(
            http.post(
                    "/auth/login/basic/", json("login", address, "password", next, "client", "web"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void passwordChangeTakesOldAndNewPasswords() throws Exception {
    String address = jbAccount();
    String access = access(webLogin(address));
    Reply wrong =
        http.post(
            "/auth/password-reset/change/",
            json(
                "old_password", "not it at all",
                "new_password", "another passphrase",
                "new_password_confirm", "another passphrase"),
            access);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.text("old_password")).isEqualTo("Contrasena actual incorrecta.");
    Reply ok =
        http.post(
            "/auth/password-reset/change/",
            json(
                "old_password", PASSWORD,
                "new_password", "another passphrase",
                "new_password_confirm", "another passphrase"),
            access);
    assertDetail(ok, 200, "Contrasena actualizada con exito.");
  }

  @Test
  void meAnswersTheWebOrMobileShapeAndDrfsAuthenticationErrors() throws Exception {
    String access = access(webLogin(jbAccount()));
    Reply web = http.get("/auth/me/?client=web", access);
    assertThat(web.status()).isEqualTo(200);
    assertThat(web.json().has("tokens")).isFalse();
    assertThat(web.json().get("user").get("data").has("display_name")).isTrue();
    Reply mobile = http.get("/auth/me/?client=mobile", access);
    assertThat(mobile.json().has("email")).isTrue();
    assertThat(mobile.json().has("device_registered")).isFalse();
    Reply noClient = http.get("/auth/me/", access);
    assertThat(noClient.status()).isEqualTo(400);
    assertThat(noClient.text("detail")).isEqualTo("Parametro 'client' invalido");
    assertDetail(
        http.get("/auth/me/?client=web", null),
        401,
        "Authentication credentials were not provided.");
    Reply bad = http.get("/auth/me/?client=web", "abc.def.ghi");
    assertDetail(bad, 401, "Given token not valid for any token type");
    assertThat(bad.text("code")).isEqualTo("token_not_valid");
  }

  @Test
  void profilesAreOwnerScopedCrudWithJbsShapes() throws Exception {
    String access = access(webLogin(jbAccount()));
    Reply created = http.post("/auth/profiles/", json("role", "provider", "label", "Shop"), access);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    long id = created.json().get("id").asLong();
    assertThat(List.copyOf(created.json().propertyNames()))
        .containsExactly(
            "id",
            "picture",
            "created",
            "modified",
            "first_name",
            "last_name_1",
            "last_name_2",
            "birthday",
            "gender",
            "is_default",
            "role",
            "settings",
            "label",
            "is_active");
    Reply list = http.get("/auth/profiles/", access);
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.json().size()).isEqualTo(2);
    assertThat(http.get("/auth/profiles/" + id + "/", access).text("label")).isEqualTo("Shop");
    Reply put = http.send("PUT", "/auth/profiles/" + id + "/", json("label", "Shop 2"), access);
    assertThat(put.text("label")).isEqualTo("Shop 2");
    Reply patch =
        http.send("PATCH", "/auth/profiles/" + id + "/", json("settings", Map.of("a", 1)), access);
    assertThat(patch.json().get("settings").get("a").asInt()).isEqualTo(1);
    assertThat(created.json().get("first_name").isNull()).isTrue();
    Reply named =
        http.send(
            "PATCH",
            "/auth/profiles/" + id + "/",
            json("first_name", "Luis", "birthday", "1985-12-31"),
            access);
    assertThat(named.text("first_name")).isEqualTo("Luis");
    assertThat(named.text("birthday")).isEqualTo("1985-12-31");
    assertThat(named.text("label")).isEqualTo("Shop 2");
    Reply renamed =
        http.send("PATCH", "/auth/profiles/" + id + "/", json("last_name_1", "Pérez"), access);
    assertThat(renamed.text("first_name")).isEqualTo("Luis");
    assertThat(renamed.text("last_name_1")).isEqualTo("Pérez");
    Reply badDate =
        http.send("PATCH", "/auth/profiles/" + id + "/", json("birthday", "31/12/1985"), access);
    assertThat(badDate.json().get("birthday").get(0).asString())
        .isEqualTo("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    assertThat(http.get("/auth/profiles/" + id + "/", access).text("birthday"))
        .isEqualTo("1985-12-31");
    Reply badRole = http.post("/auth/profiles/", json("role", "DOCTOR"), access);
    assertThat(badRole.json().get("role").get(0).asString())
        .isEqualTo("\"DOCTOR\" is not a valid choice.");
    String otherAccess = access(webLogin(jbAccount()));
    assertDetail(
        http.get("/auth/profiles/" + id + "/", otherAccess),
        404,
        "No Profile matches the given query.");
    Reply switched =
        http.post("/auth/profile/switch/", json("profile", id, "client", "web"), access);
    assertThat(switched.status()).as(switched.raw().body()).isEqualTo(200);
    assertThat(switched.json().get("active_profile").get("id").asLong()).isEqualTo(id);
    assertThat(switched.json().get("user").get("data").get("full_name").asString())
        .as(switched.raw().body())
        .isEqualTo("Luis Pérez");
    assertThat(switched.json().get("profile_completion_required").asBoolean()).isFalse();
    assertThat(switched.json().get("tokens").get("accessToken").asString()).isNotBlank();
    Reply deleted = http.send("DELETE", "/auth/profiles/" + id + "/", null, access);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.raw().body()).isEmpty();
    assertDetail(
        http.post("/auth/profile/switch/", json("profile", id, "client", "web"), access),
        404,
        "Perfil no encontrado o no pertenece al usuario.");
  }

  @Test
  void accountUpdateAndDeleteAsJbsViews() throws Exception {
    String address = jbAccount();
    String access = access(webLogin(address));
    Reply put = http.send("PUT", "/auth/account/update/", json("language", "es"), access);
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.json().get("email").get(0).asString()).isEqualTo("This field is required.");
    assertThat(put.json().get("username").get(0).asString()).isEqualTo("This field is required.");
    Reply patch =
        http.send(
            "PATCH", "/auth/account/update/", json("language", "es", "timezone", "UTC"), access);
    assertThat(patch.status()).as(patch.raw().body()).isEqualTo(200);
    assertThat(patch.text("language")).isEqualTo("es");
    assertThat(patch.json().get("settings").get("timezone").asString()).isEqualTo("UTC");
    Reply email = http.send("PATCH", "/auth/account/update/", json("email", newEmail()), access);
    assertThat(email.status()).isEqualTo(400);
    assertThat(email.json().get("email").isArray()).isTrue();
    Reply unconfirmed = http.send("DELETE", "/auth/account/delete/", "{}", access);
    assertThat(unconfirmed.status()).isEqualTo(400);
    assertThat(unconfirmed.raw().body())
        .isEqualTo("\"Debe confirmar la eliminacion de la cuenta.\"");
    Reply deleted =
        http.send("DELETE", "/auth/account/delete/", json("confirmation", true), access);
    assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(200);
    assertThat(deleted.raw().body()).isEqualTo("\"Cuenta eliminada correctamente.\"");
    assertThat(
            http.post(
                    "/auth/login/basic/",
                    json("login", address, "password", PASSWORD, "client", "web"))
                .status())
        .isEqualTo(401);
  }

  @Test
  void codeSignInByEmailAnswersTheLoginShape() throws Exception {
    String address = jbAccount();
    Reply sent = http.post("/auth/otp/request/", json("email", address, "channel", "email"));
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    assertThat(sent.text("detail")).isEqualTo("Código enviado exitosamente.");
    assertThat(sent.text("channel")).isEqualTo("email");
    assertThat(sent.json().has("user_exist")).isFalse();
    Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(mailTo(address).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    String code = m.group(1);
    String wrong = code.equals("000000") ? "111111" : "000000";
    assertDetail(
        http.post("/auth/otp/verify/", json("email", address, "code", wrong, "client", "web")),
        401,
        "Codigo invalido o expirado.");
    Reply ok =
        http.post("/auth/otp/verify/", json("email", address, "code", code, "client", "web"));
    assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
    assertThat(ok.json().get("tokens").get("accessToken").asString()).isNotBlank();
    // A mobile app signs in by code with its device, and gets the mobile shape.
    clock.advance(java.time.Duration.ofMinutes(2));
    assertThat(http.post("/auth/otp/request/", json("email", address, "channel", "email")).status())
        .isEqualTo(201);
    Matcher again =
        Pattern.compile("\\b(\\d{6})\\b").matcher(mailTo(address).orElseThrow().textBody());
    assertThat(again.find()).isTrue();
    Reply mobile =
        http.post(
            "/auth/otp/verify/",
            json(
                "email",
                address,
                "code",
                again.group(1),
                "client",
                "mobile",
                "device",
                Map.of("platform", "ios", "notification_token", "push-otp")));
    assertThat(mobile.status()).as(mobile.raw().body()).isEqualTo(200);
    assertThat(mobile.text("email")).isEqualTo(address);
    assertThat(mobile.json().get("device_registered").asBoolean()).isTrue();
    assertThat(mobile.json().get("tokens").get("refreshToken").asString()).isNotBlank();
    Reply neither = http.post("/auth/otp/request/", json("channel", "sms"));
    assertThat(neither.json().get("non_field_errors").get(0).asString())
        .isEqualTo("Debes proporcionar un email o un teléfono.");
  }

  @Test
  void theFifthWrongCodeIsA401LikeTheOthersAndOnlyTheAttemptAfterItIsA429() throws Exception {
    String address = jbAccount();
    http.post("/auth/otp/request/", json("email", address, "channel", "email"));
    Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(mailTo(address).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    String code = m.group(1);
    String wrong = code.equals("000000") ? "111111" : "000000";
    // jb-drf-auth: a wrong code adds an attempt and answers 401; the cap refuses the next one.
    for (int i = 1; i <= 5; i++) {
      assertDetail(
          http.post("/auth/otp/verify/", json("email", address, "code", wrong, "client", "web")),
          401,
          "Codigo invalido o expirado.");
    }
    Reply sixth =
        http.post("/auth/otp/verify/", json("email", address, "code", code, "client", "web"));
    assertDetail(sixth, 429, "Se excedieron los intentos permitidos.");
  }

  /** A 1x1 PNG: its signature, then IHDR, IDAT and IEND chunks. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

  @Test
  void aPictureIsCheckedStoredAndReferencedOnTheProfile() throws Exception {
    String access = access(webLogin(jbAccount()));
    Reply set =
        http.send(
            "PATCH",
            "/auth/profile/picture/",
            json("picture", "data:image/png;base64," + PNG),
            access);
    assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
    assertThat(set.text("detail")).isEqualTo("Foto de perfil actualizada correctamente.");
    long id = set.json().get("profile_id").asLong();
    String url = http.get("/auth/profiles/" + id + "/", access).text("picture");
    assertThat(url).startsWith(TestHost.PICTURES_URL);
    java.nio.file.Path file =
        TestHost.PICTURES.resolve(url.substring(TestHost.PICTURES_URL.length()));
    assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(Base64.getDecoder().decode(PNG));
    assertThat(
            http.get("/auth/me/?client=web", access)
                .json()
                .get("user")
                .get("data")
                .get("photoURL")
                .asString())
        .isEqualTo(url);

    Reply text =
        http.send(
            "PATCH",
            "/auth/profile/picture/",
            json(
                "picture",
                Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))),
            access);
    assertThat(text.json().get("picture").get(0).asString())
        .isEqualTo("The type of the image couldn't be determined.");
    Reply garbage =
        http.send("PATCH", "/auth/profile/picture/", json("picture", "!!not base64!!"), access);
    assertThat(garbage.json().get("picture").get(0).asString())
        .isEqualTo("Please upload a valid image.");
    Reply missing = http.send("PATCH", "/auth/profile/picture/", "{}", access);
    assertThat(missing.json().get("picture").get(0).asString()).isEqualTo("No file was submitted.");
    byte[] big = new byte[1024 * 1024 + 1];
    System.arraycopy(Base64.getDecoder().decode(PNG), 0, big, 0, 8);
    Reply tooLarge =
        http.send(
            "PATCH",
            "/auth/profile/picture/",
            json("picture", Base64.getEncoder().encodeToString(big)),
            access);
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.json().get("picture").get(0).asString()).contains("1048576");
    Reply notMine =
        http.send(
            "PATCH", "/auth/profile/picture/", json("picture", PNG, "profile", 999999), access);
    assertThat(notMine.status()).isEqualTo(400);
    assertThat(notMine.text("profile")).isEqualTo("Perfil no encontrado.");
    assertThat(http.get("/auth/profiles/" + id + "/", access).text("picture")).isEqualTo(url);
    Reply cleared = http.send("PATCH", "/auth/profile/picture/", json("picture", ""), access);
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(http.get("/auth/profiles/" + id + "/", access).json().get("picture").isNull())
        .isTrue();
    assertThat(http.send("POST", "/auth/profile/picture/", "{}", access).status()).isEqualTo(405);
  }

  @Test
  void theBootstrapTokenMakesTheFirstSuperuserWhoCreatesStaff() throws Exception {
    String admin = newEmail();
    String body = json("email", admin, "password", PASSWORD);
    assertDetail(
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            body,
            null,
            "X-Admin-Bootstrap-Token",
            "wrong"),
        401,
        "Authentication credentials were not provided.");
    Reply created =
        http.send(
            "POST",
            "/auth/admin/create-superuser/",
            body,
            null,
            "X-Admin-Bootstrap-Token",
            TestHost.BOOTSTRAP);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    assertThat(created.text("detail")).isEqualTo("Superusuario creado.");
    assertThat(created.json().get("is_superuser").asBoolean()).isTrue();
    assertThat(
            http.send(
                    "POST",
                    "/auth/admin/create-superuser/",
                    json("email", newEmail(), "password", PASSWORD),
                    null,
                    "X-Admin-Bootstrap-Token",
                    TestHost.BOOTSTRAP)
                .status())
        .isEqualTo(401);
    String adminAccess = access(webLogin(admin));
    String staff = newEmail();
    Reply made =
        http.post(
            "/auth/admin/create-staff/", json("email", staff, "password", PASSWORD), adminAccess);
    assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
    assertThat(made.text("detail")).isEqualTo("Usuario staff creado.");
    assertThat(made.json().get("is_superuser").asBoolean()).isFalse();
    assertThat(made.json().get("is_staff").asBoolean()).isTrue();
    assertDetail(
        http.post(
            "/auth/admin/create-staff/", json("email", staff, "password", PASSWORD), adminAccess),
        409,
        "El usuario ya existe.");
    String staffAccess = access(webLogin(staff));
    assertDetail(
        http.post(
            "/auth/admin/create-staff/",
            json("email", newEmail(), "password", PASSWORD),
            staffAccess),
        403,
        "Bootstrap token required.");
    assertDetail(
        http.post("/auth/admin/create-staff/", json("email", newEmail(), "password", PASSWORD)),
        401,
        "Authentication credentials were not provided.");
    // Refused before anything else is looked at: a weak password from a non-superuser is a 403.
    assertDetail(
        http.post(
            "/auth/admin/create-staff/", json("email", newEmail(), "password", "x"), staffAccess),
        403,
        "Bootstrap token required.");
    // A logged-out superuser session creates nobody.
    UUID adminId = UUID.fromString(gatehouse.sessions().verifyAccessToken(adminAccess).subject());
    gatehouse.sessions().logoutAll(adminId);
    Reply loggedOut =
        http.post(
            "/auth/admin/create-staff/",
            json("email", newEmail(), "password", PASSWORD),
            adminAccess);
    assertThat(loggedOut.status()).isEqualTo(401);
  }

  @Test
  void socialPrecheckThenSignInWithTheSameTokenThenLinkAndUnlink() throws Exception {
    String sub = "s-" + UUID.randomUUID();
    String address = newEmail();
    String token = sub + "|" + address + "|true";
    Reply pre =
        http.post(
            "/auth/login/social/precheck/",
            json("provider", "test", "id_token", token, "client", "web"));
    assertThat(pre.status()).as(pre.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(pre.json().propertyNames()))
        .containsExactly(
            "provider",
            "email",
            "email_verified",
            "social_account_exists",
            "linked_existing_user",
            "user_exists",
            "would_create_user",
            "can_login");
    assertThat(pre.json().get("would_create_user").asBoolean()).isTrue();
    assertThat(pre.json().get("user_exists").asBoolean()).isFalse();
    // Terms are required here, and this sign-in would create the account.
    Reply noTerms =
        http.post(
            "/auth/login/social/", json("provider", "test", "id_token", token, "client", "web"));
    assertThat(noTerms.status()).isEqualTo(400);
    assertThat(noTerms.text("code")).isEqualTo("terms_required");
    Reply in =
        http.post(
            "/auth/login/social/",
            json(
                "provider",
                "test",
                "id_token",
                token,
                "client",
                "web",
                "terms_and_conditions_accepted",
                true));
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(in.json().get("tokens").get("accessToken").asString()).isNotBlank();
    assertThat(in.text("social_provider")).isEqualTo("test");
    assertThat(in.json().get("user_created").asBoolean()).isTrue();
    Reply after =
        http.post(
            "/auth/login/social/precheck/",
            json("provider", "test", "id_token", sub + "|" + address + "|true|2", "client", "web"));
    assertThat(after.json().get("social_account_exists").asBoolean()).isTrue();
    assertThat(after.json().get("would_create_user").asBoolean()).isFalse();
    Reply replay =
        http.post(
            "/auth/login/social/",
            json(
                "provider",
                "test",
                "id_token",
                token,
                "client",
                "web",
                "terms_and_conditions_accepted",
                true));
    assertDetail(replay, 401, "Social token is invalid or expired.");
    assertThat(replay.text("code")).isEqualTo("social_invalid_token");
    Reply unknown =
        http.post(
            "/auth/login/social/precheck/",
            json("provider", "nope", "id_token", token, "client", "web"));
    assertThat(unknown.json().get("provider").get(0).asString())
        .isEqualTo("Unsupported social provider.");
    Reply noToken = http.post("/auth/login/social/", json("provider", "test", "client", "web"));
    assertThat(noToken.json().get("detail").get(0).asString())
        .isEqualTo("id_token or authorization_code is required for this provider.");

    String access = access(webLogin(jbAccount()));
    String other = "s-" + UUID.randomUUID() + "||false";
    Reply linked =
        http.post("/auth/login/social/link/", json("provider", "test", "id_token", other), access);
    assertThat(linked.status()).as(linked.raw().body()).isEqualTo(200);
    assertThat(linked.text("detail")).isEqualTo("Social account linked successfully.");
    Reply taken =
        http.post(
            "/auth/login/social/link/",
            json("provider", "test", "id_token", sub + "||false|3"),
            access);
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.text("code")).isEqualTo("social_already_linked");
    Reply unlinked = http.post("/auth/login/social/unlink/", json("provider", "test"), access);
    assertThat(unlinked.status()).as(unlinked.raw().body()).isEqualTo(200);
    Reply again = http.post("/auth/login/social/unlink/", json("provider", "test"), access);
    assertDetail(again, 404, "No linked social account found for this provider.");
    assertThat(again.text("code")).isEqualTo("social_not_found");
  }

  @Test
  void aProviderOfJbDrfAuthsThatTheServerDoesNotHaveIsRefusedAsJbDrfAuthRefusesAnUnconfiguredOne()
      throws Exception {
    // jb-drf-auth always knows google, apple and facebook; unconfigured, an OIDC provider has no
    // client ids and Facebook cannot validate the token: {detail, code}, not a field error.
    for (String route : List.of("/auth/login/social/", "/auth/login/social/precheck/")) {
      for (String provider : List.of("google", "apple")) {
        Reply r =
            http.post(route, json("provider", provider, "id_token", "not-a-jwt", "client", "web"));
        assertDetail(r, 400, "Missing OIDC client ids for provider '" + provider + "'.");
        assertThat(r.text("code")).isEqualTo("social_config_error");
      }
      Reply facebook =
          http.post(
              route, json("provider", "facebook", "access_token", "not-a-token", "client", "web"));
      assertDetail(facebook, 401, "Could not validate Facebook access_token.");
      assertThat(facebook.text("code")).isEqualTo("social_invalid_token");
    }
    String access = access(webLogin(jbAccount()));
    Reply link =
        http.post(
            "/auth/login/social/link/", json("provider", "google", "id_token", "x.y.z"), access);
    assertThat(link.text("code")).isEqualTo("social_config_error");
    Reply unlink = http.post("/auth/login/social/unlink/", json("provider", "apple"), access);
    assertDetail(unlink, 404, "No linked social account found for this provider.");
    assertThat(unlink.text("code")).isEqualTo("social_not_found");
    // A name jb-drf-auth does not know either is its serializer's field error.
    Reply unknown =
        http.post(
            "/auth/login/social/", json("provider", "nope", "id_token", "x.y.z", "client", "web"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("provider").get(0).asString())
        .isEqualTo("Unsupported social provider.");
  }

  @Test
  void unknownRoutesAndMethodsAnswerAsDrf() throws Exception {
    assertDetail(http.get("/auth/nothing-here/", null), 404, "Not found.");
    assertDetail(http.get("/auth/login/basic/", null), 405, "Method \"GET\" not allowed.");
  }
}
