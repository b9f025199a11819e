package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code fastapi-users} contract over HTTP, written from FastAPI-Users' own routers (auth with
 * the bearer transport, register, reset password, verify, users) and FastAPI's error handlers: the
 * requests its clients send, the answers they read, on H2 and, when their URLs are set, PostgreSQL
 * and MariaDB. Gatehouse's defaults stand in for {@code requires_verification=True}: an unverified
 * account cannot sign in.
 */
// Time-ordered public ids here (the jb-drf-auth contract's tests keep the default, random ones):
// a taken address's stand-in id must have the form a new account's has.
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=fastapi-users",
      "gatehouse.accounts.time-ordered-public-ids=true",
      // Its bootstrap makes the database's first superuser: no other class's may be there.
      "test-host.own-database=true"
    })
class FastApiUsersContractTest extends ContractTestSupport {
  private static final String FORM = "application/x-www-form-urlencoded";

  /** The fields of FastAPI-Users' {@code UserRead}, in its order. */
  private static final List<String> USER_READ =
      List.of("id", "email", "is_active", "is_superuser", "is_verified");

  static String form(String username, String password) {
    return "username="
        + URLEncoder.encode(username, StandardCharsets.UTF_8)
        + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
  }

  Reply login(String address, String password) throws Exception {
    return http.send(
        "POST", "/auth/jwt/login", form(address, password), null, "Content-Type", FORM);
  }

  static String access(Reply login) {
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    return login.text("access_token");
  }

  /** Registers, asks for a verification token and verifies with it, as a FastAPI-Users client. */
  String verifiedAccount() throws Exception {
    return verifiedAccount(http, this);
  }

  /** As {@link #verifiedAccount()}, for another test class of this contract. */
  static String verifiedAccount(Http http, ContractTestSupport test) throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(201);
    assertThat(http.post("/auth/request-verify-token", json("email", address)).status())
        .isEqualTo(202);
    Reply verified =
        http.post("/auth/verify", json("token", tokenIn(test.mailTo(address).orElseThrow())));
    assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
    return address;
  }

  static void assertDetail(Reply r, int status, String body) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.raw().body()).isEqualTo(body);
    // FastAPI-Users raises its HTTPExceptions without headers: no WWW-Authenticate on a 401.
    assertThat(r.header("WWW-Authenticate")).isNull();
  }

  @Test
  void aClientWalksRegisterVerifyLoginMeResetAndLogout() throws Exception {
    String address = newEmail();
    Reply registered =
        http.post(
            "/auth/register",
            json(
                "email", address, "password", PASSWORD, "is_superuser", true, "is_verified", true));
    assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
    assertThat(List.copyOf(registered.json().propertyNames())).isEqualTo(USER_READ);
    assertThat(registered.text("email")).isEqualTo(address);
    assertThat(registered.json().get("is_active").asBoolean()).isTrue();
    assertThat(registered.json().get("is_superuser").asBoolean()).isFalse();
    assertThat(registered.json().get("is_verified").asBoolean()).isFalse();

    assertDetail(login(address, PASSWORD), 400, "{\"detail\":\"LOGIN_USER_NOT_VERIFIED\"}");

    Reply asked = http.post("/auth/request-verify-token", json("email", address));
    assertThat(asked.status()).isEqualTo(202);
    assertThat(asked.raw().body()).isEqualTo("null");
    Reply verified =
        http.post("/auth/verify", json("token", tokenIn(mailTo(address).orElseThrow())));
    assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(verified.json().propertyNames())).isEqualTo(USER_READ);
    assertThat(verified.text("email")).isEqualTo(address);
    assertThat(verified.json().get("is_verified").asBoolean()).isTrue();
    String id = verified.text("id");

    Reply login = login(address, PASSWORD);
    assertThat(login.contentType()).startsWith("application/json");
    assertThat(List.copyOf(login.json().propertyNames()))
        .containsExactly("access_token", "token_type");
    assertThat(login.text("token_type")).isEqualTo("bearer");
    String access = access(login);
    assertThat(gatehouse.sessions().verifyAccessToken(access).subject()).isEqualTo(id);

    Reply me = http.get("/users/me", access);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.raw().body()).isEqualTo(verified.raw().body());
    Reply patched =
        http.send(
            "PATCH",
            "/users/me",
            json("is_superuser", true, "is_active", false, "email", address.toUpperCase()),
            access);
    assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
    assertThat(patched.raw().body()).isEqualTo(verified.raw().body());

    Reply forgot = http.post("/auth/forgot-password", json("email", address));
    assertThat(forgot.status()).isEqualTo(202);
    assertThat(forgot.raw().body()).isEqualTo("null");
    String token = tokenIn(mailTo(address).orElseThrow());
    String next = "a brand new passphrase";
    Reply reset = http.post("/auth/reset-password", json("token", token, "password", next));
    assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
    assertThat(reset.raw().body()).isEqualTo("null");
    assertDetail(
        http.post("/auth/reset-password", json("token", token, "password", next)),
        400,
        "{\"detail\":\"RESET_PASSWORD_BAD_TOKEN\"}");
    assertDetail(login(address, PASSWORD), 400, "{\"detail\":\"LOGIN_BAD_CREDENTIALS\"}");
    String again = access(login(address, next));

    Reply logout = http.post("/auth/jwt/logout", null, again);
    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.raw().body()).isEmpty();
    Assertions.assertThatThrownBy(() -> gatehouse.sessions().verifyLiveAccessToken(again))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void signInRefusalsAreFastApiUsersCodes() throws Exception {
    String address = verifiedAccount();
    assertDetail(
        login(address, "not the password at all"), 400, "{\"detail\":\"LOGIN_BAD_CREDENTIALS\"}");
    assertDetail(login(newEmail(), PASSWORD), 400, "{\"detail\":\"LOGIN_BAD_CREDENTIALS\"}");
    // The token is the form's username; a JSON body is no form, so both fields are missing.
    Reply json = http.post("/auth/jwt/login", json("username", address, "password", PASSWORD));
    assertDetail(
        json,
        422,
        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"username\"],\"msg\":\"Field"
            + " required\",\"input\":null},{\"type\":\"missing\",\"loc\":[\"body\",\"password\"],"
            + "\"msg\":\"Field required\",\"input\":null}]}");
    Reply grant =
        http.send(
            "POST",
            "/auth/jwt/login",
            "grant_type=client_credentials&" + form(address, PASSWORD),
            null,
            "Content-Type",
            FORM);
    assertThat(grant.status()).isEqualTo(422);
    JsonNode error = grant.json().get("detail").get(0);
    assertThat(error.get("type").asString()).isEqualTo("string_pattern_mismatch");
    assertThat(error.get("ctx").get("pattern").asString()).isEqualTo("^password$");
    // An empty form field counts as missing, as FastAPI reads forms.
    Reply empty =
        http.send("POST", "/auth/jwt/login", "username=&password=x", null, "Content-Type", FORM);
    assertThat(empty.json().get("detail").size()).isEqualTo(1);
    assertThat(empty.json().at("/detail/0/loc/1").asString()).isEqualTo("username");
    assertThat(empty.json().at("/detail/0/type").asString()).isEqualTo("missing");
  }

  @Test
  void aMultipartFormSignsInAsAnUrlEncodedOne() throws Exception {
    String address = verifiedAccount();
    String body =
        "--b0und\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n"
            + address
            + "\r\n--b0und\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
            + PASSWORD
            + "\r\n--b0und--\r\n";
    Reply r =
        http.send(
            "POST",
            "/auth/jwt/login",
            body,
            null,
            "Content-Type",
            "multipart/form-data; boundary=b0und");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("token_type")).isEqualTo("bearer");
  }

  @Test
  void aStaleTokenOnAnOpenRouteIsIgnoredAsFastApiUsersIgnoresIt() throws Exception {
    String address = verifiedAccount();
    Reply r =
        http.send(
            "POST",
            "/auth/jwt/login",
            form(address, PASSWORD),
            "not.a.token",
            "Content-Type",
            FORM);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(http.post("/auth/forgot-password", json("email", address), "expired").status())
        .isEqualTo(202);
  }

  @Test
  void protectedRoutesAnswerUnauthorizedWithoutAValidToken() throws Exception {
    String unauthorized = "{\"detail\":\"Unauthorized\"}";
    assertDetail(http.get("/users/me", null), 401, unauthorized);
    assertDetail(http.get("/users/me", "abc.def.ghi"), 401, unauthorized);
    assertDetail(http.send("PATCH", "/users/me", "{}", null), 401, unauthorized);
    assertDetail(http.post("/auth/jwt/logout", null, null), 401, unauthorized);
    assertDetail(http.get("/users/" + UUID.randomUUID(), null), 401, unauthorized);
    // A token whose account was deleted since: FastAPI-Users' active check answers 401.
    String address = verifiedAccount();
    String access = access(login(address, PASSWORD));
    UUID user = UUID.fromString(gatehouse.sessions().verifyAccessToken(access).subject());
    gatehouse.accounts().deleteAccount(user, PASSWORD);
    assertDetail(http.get("/users/me", access), 401, unauthorized);
  }

  @Test
  void validationErrorsArePydanticsInFastApisShape() throws Exception {
    assertDetail(
        http.post("/auth/forgot-password", "{}"),
        422,
        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"email\"],\"msg\":\"Field"
            + " required\",\"input\":null}]}");
    String address = newEmail();
    assertDetail(
        http.post("/auth/register", json("email", address)),
        422,
        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"password\"],\"msg\":\"Field"
            + " required\",\"input\":{\"email\":\""
            + address
            + "\"}}]}");
    assertDetail(
        http.post("/auth/register", json("email", "ann.example.com", "password", 12345678)),
        422,
        "{\"detail\":[{\"type\":\"value_error\",\"loc\":[\"body\",\"email\"],\"msg\":\"value is"
            + " not a valid email address: An email address must have an @-sign.\",\"input\":"
            + "\"ann.example.com\",\"ctx\":{\"reason\":\"An email address must have an"
            + " @-sign.\"}},{\"type\":\"string_type\",\"loc\":[\"body\",\"password\"],\"msg\":"
            + "\"Input should be a valid string\",\"input\":12345678}]}");
    Reply bool =
        http.post(
            "/auth/register",
            json("email", newEmail(), "password", PASSWORD, "is_active", "maybe"));
    assertThat(bool.status()).isEqualTo(422);
    assertThat(bool.json().at("/detail/0/type").asString()).isEqualTo("bool_parsing");
    assertThat(bool.json().at("/detail/0/loc/1").asString()).isEqualTo("is_active");
    assertDetail(
        http.post("/auth/register", "[1]"),
        422,
        "{\"detail\":[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],\"msg\":\"Input"
            + " should be a valid dictionary or object to extract fields from\",\"input\":[1]}]}");
    Reply broken = http.post("/auth/verify", "{\"token\": ");
    assertThat(broken.status()).isEqualTo(422);
    JsonNode decode = broken.json().at("/detail/0");
    assertThat(decode.get("type").asString()).isEqualTo("json_invalid");
    assertThat(decode.get("msg").asString()).isEqualTo("JSON decode error");
    assertThat(decode.get("loc").get(0).asString()).isEqualTo("body");
    assertThat(decode.get("loc").get(1).isIntegralNumber()).isTrue();
    // Not declared JSON: FastAPI keeps the bytes, and an embedded field is then missing.
    Reply text =
        http.send("POST", "/auth/verify", "{\"token\":\"x\"}", null, "Content-Type", "text/plain");
    assertThat(text.status()).isEqualTo(422);
    assertThat(text.json().at("/detail/0/type").asString()).isEqualTo("missing");
  }

  @Test
  void linkTokensAndPasswordsAreRefusedWithFastApiUsersCodes() throws Exception {
    assertDetail(
        http.post("/auth/verify", json("token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
        400,
        "{\"detail\":\"VERIFY_USER_BAD_TOKEN\"}");
    assertDetail(
        http.post("/auth/reset-password", json("token", "nope", "password", PASSWORD)),
        400,
        "{\"detail\":\"RESET_PASSWORD_BAD_TOKEN\"}");
    Reply weak = http.post("/auth/register", json("email", newEmail(), "password", "short"));
    assertThat(weak.status()).as(weak.raw().body()).isEqualTo(400);
    assertThat(List.copyOf(weak.json().get("detail").propertyNames()))
        .containsExactly("code", "reason");
    assertThat(weak.json().at("/detail/code").asString()).isEqualTo("REGISTER_INVALID_PASSWORD");
    assertThat(weak.json().at("/detail/reason").asString()).isNotBlank();

    String address = verifiedAccount();
    http.post("/auth/forgot-password", json("email", address));
    String token = tokenIn(mailTo(address).orElseThrow());
    Reply weakReset = http.post("/auth/reset-password", json("token", token, "password", "short"));
    assertThat(weakReset.status()).isEqualTo(400);
    assertThat(weakReset.json().at("/detail/code").asString())
        .isEqualTo("RESET_PASSWORD_INVALID_PASSWORD");
    // A refused password leaves the link usable, so the user can try another.
    String next = "another good passphrase";
    assertThat(http.post("/auth/reset-password", json("token", token, "password", next)).status())
        .isEqualTo(200);
    access(login(address, next));
  }

  @Test
  void aTakenAddressRegistersLikeANewOne() throws Exception {
    String address = verifiedAccount();
    long before = mailsTo(address);
    Reply again = http.post("/auth/register", json("email", address, "password", PASSWORD));
    Reply fresh = http.post("/auth/register", json("email", newEmail(), "password", PASSWORD));
    assertThat(again.status()).isEqualTo(201).isEqualTo(fresh.status());
    JsonNode a = again.json();
    JsonNode f = fresh.json();
    assertThat(List.copyOf(a.propertyNames())).isEqualTo(USER_READ);
    for (String field : List.of("is_active", "is_superuser", "is_verified")) {
      assertThat(a.get(field)).isEqualTo(f.get(field));
    }
    assertThat(again.text("email")).isEqualTo(address);
    // Not the account's id: that is read from users/me once signed in.
    String access = access(login(address, PASSWORD));
    assertThat(a.get("id").asString()).isNotEqualTo(http.get("/users/me", access).text("id"));
    assertThat(mailsTo(address)).as("nothing sent to a verified account").isEqualTo(before);
  }

  @Test
  void theRegisterAnswerCarriesTheNewAccountsIdAndARandomOneForATakenAddress() throws Exception {
    String address = newEmail();
    Reply registered = http.post("/auth/register", json("email", address, "password", PASSWORD));
    assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
    String id = registered.text("id");
    assertThat(gatehouse.accounts().findByEmail(address).orElseThrow().id().toString())
        .isEqualTo(id);
    Reply again = http.post("/auth/register", json("email", address, "password", PASSWORD));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.text("id")).isNotEqualTo(id).hasSize(id.length());
    assertThat(UUID.fromString(again.text("id")).version())
        .isEqualTo(UUID.fromString(id).version())
        .isEqualTo(7);
    assertThat(List.copyOf(again.json().propertyNames()))
        .isEqualTo(List.copyOf(registered.json().propertyNames()));
  }

  long mailsTo(String address) {
    gatehouse.deliverPending();
    return email.sent().stream().filter(m -> m.to().equals(address)).count();
  }

  @Test
  void updatingMeChangesThePasswordAfterARecentSignInOnly() throws Exception {
    String address = verifiedAccount();
    String access = access(login(address, PASSWORD));
    Reply weak = http.send("PATCH", "/users/me", json("password", "short"), access);
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.json().at("/detail/code").asString()).isEqualTo("UPDATE_USER_INVALID_PASSWORD");
    String next = "a third good passphrase";
    Reply changed = http.send("PATCH", "/users/me", json("password", next), access);
    assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
    assertThat(changed.text("email")).isEqualTo(address);
    assertDetail(login(address, PASSWORD), 400, "{\"detail\":\"LOGIN_BAD_CREDENTIALS\"}");
    String fresh = access(login(address, next));
    // Past the recent-authentication window the token still works, but not for a new password.
    clock.advance(Duration.ofMinutes(5).plusSeconds(10));
    assertThat(http.get("/users/me", fresh).status()).isEqualTo(200);
    Reply late = http.send("PATCH", "/users/me", json("password", "a fourth passphrase"), fresh);
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.json().at("/detail/code").asString()).isEqualTo("UPDATE_USER_INVALID_PASSWORD");
    assertThat(late.json().at("/detail/reason").asString()).contains("Sign in again");
  }

  @Test
  void aSuperuserReadsAUserByIdAndOthersAreForbidden() throws Exception {
    String address = verifiedAccount();
    String access = access(login(address, PASSWORD));
    String id = http.get("/users/me", access).text("id");
    assertDetail(http.get("/users/" + id, access), 403, "{\"detail\":\"Forbidden\"}");
    String admin = newEmail();
    gatehouse.accounts().createSuperuser(TestHost.BOOTSTRAP, admin, PASSWORD);
    String adminAccess = access(login(admin, PASSWORD));
    Reply user = http.get("/users/" + id, adminAccess);
    assertThat(user.status()).as(user.raw().body()).isEqualTo(200);
    assertThat(user.text("email")).isEqualTo(address);
    assertThat(http.get("/users/me", adminAccess).json().get("is_superuser").asBoolean()).isTrue();
    // FastAPI-Users' UUID ids: without hyphens too; anything else, or nobody, is not found.
    assertThat(http.get("/users/" + id.replace("-", ""), adminAccess).text("email"))
        .isEqualTo(address);
    String notFound = "{\"detail\":\"Not Found\"}";
    assertDetail(http.get("/users/" + UUID.randomUUID(), adminAccess), 404, notFound);
    assertDetail(http.get("/users/42", adminAccess), 404, notFound);

    // With auth-admin (issue 58 item 7): a superuser disables, enables and deletes another
    // account; anyone else is forbidden, anonymous callers unauthorized, and nothing changes.
    String forbidden = "{\"detail\":\"Forbidden\"}";
    String unauthorized = "{\"detail\":\"Unauthorized\"}";
    assertDetail(
        http.send("PATCH", "/users/" + id, json("is_active", false), access), 403, forbidden);
    assertDetail(http.send("DELETE", "/users/" + id, null, access), 403, forbidden);
    assertDetail(
        http.send("PATCH", "/users/" + id, json("is_active", false), null), 401, unauthorized);
    assertDetail(http.send("DELETE", "/users/" + id, null, null), 401, unauthorized);
    // The caller before the body: a malformed body is still 401 or 403.
    assertDetail(http.send("PATCH", "/users/" + id, "{", null), 401, unauthorized);
    assertDetail(http.send("PATCH", "/users/" + id, "{", access), 403, forbidden);
    assertThat(http.get("/users/me", access).status()).isEqualTo(200);

    // Every other field of UserUpdate: FastApiUsersSuperuserUpdateTest.
    Reply disabled = http.send("PATCH", "/users/" + id, json("is_active", false), adminAccess);
    assertThat(disabled.status()).as(disabled.raw().body()).isEqualTo(200);
    assertThat(disabled.json().get("is_active").asBoolean()).isFalse();
    assertThat(http.get("/users/me", access).status()).isEqualTo(401);
    assertDetail(login(address, PASSWORD), 400, "{\"detail\":\"LOGIN_BAD_CREDENTIALS\"}");
    Reply enabled = http.send("PATCH", "/users/" + id, json("is_active", true), adminAccess);
    assertThat(enabled.json().get("is_active").asBoolean()).isTrue();
    String back = access(login(address, PASSWORD));
    assertDetail(
        http.send("DELETE", "/users/" + UUID.randomUUID(), null, adminAccess), 404, notFound);
    // A superuser does not disable themselves (and so never the last active superuser).
    String adminId = http.get("/users/me", adminAccess).text("id");
    assertDetail(
        http.send("PATCH", "/users/" + adminId, json("is_active", false), adminAccess),
        403,
        forbidden);
    assertThat(http.get("/users/me", adminAccess).status()).isEqualTo(200);
    Reply delete = http.send("DELETE", "/users/" + id, null, adminAccess);
    assertThat(delete.status()).as(delete.raw().body()).isEqualTo(204);
    assertThat(http.get("/users/me", back).status()).isEqualTo(401);
    assertDetail(http.get("/users/" + id, adminAccess), 404, notFound);
  }

  @Test
  void unknownRoutesAndMethodsAnswerAsStarlette() throws Exception {
    assertDetail(http.get("/auth/nothing-here", null), 404, "{\"detail\":\"Not Found\"}");
    Reply get = http.get("/auth/register", null);
    assertDetail(get, 405, "{\"detail\":\"Method Not Allowed\"}");
    assertThat(get.header("Allow")).isEqualTo("POST");
  }

  @Test
  void theSecondFactorRoutesStayBesideWithTheirProblemDetails() throws Exception {
    Reply r = http.post("/auth/login/mfa/", json("mfa_token", "x", "code", "123456"));
    assertProblem(r, r.status(), r.text("code"));
    assertThat(r.status()).isBetween(400, 499);
  }

  @Test
  void theContractPropertyNamesItsValues() {
    GatehouseHttpProperties p = new GatehouseHttpProperties();
    p.setContract(" fastapi-users ");
    assertThat(p.getContract()).isEqualTo(GatehouseHttpProperties.CONTRACT_FASTAPI_USERS);
    Assertions.assertThatThrownBy(() -> p.setContract("fastapi_users"))
        .hasMessageContaining("gatehouse, jb-drf-auth or fastapi-users");
    Assertions.assertThatThrownBy(() -> p.getFastapiUsers().setAuthPath("jwt"))
        .hasMessageContaining("gatehouse.http.fastapi-users.auth-path");
    Assertions.assertThatThrownBy(() -> p.getFastapiUsers().setUsersPath("/users/"))
        .hasMessageContaining("gatehouse.http.fastapi-users.users-path");
    p.getFastapiUsers().setAuthPath("");
    assertThat(p.getFastapiUsers().getAuthPath()).isEmpty();
    assertThat(p.getFastapiUsers().getUsersPath()).isEqualTo("/users");
    assertThat(p.getFastapiUsers().isUsersUnderBasePath()).isFalse();
    // At the root an empty users-path would let /{id} claim every path of one segment.
    Assertions.assertThatThrownBy(
            () ->
                dev.gatehouse.spring.web.internal.fastapiusers.FuUsersController.outsideBasePath(
                    "/auth", ""))
        .hasMessageContaining("gatehouse.http.fastapi-users.users-path")
        .hasMessageContaining("users-under-base-path");
  }
}
