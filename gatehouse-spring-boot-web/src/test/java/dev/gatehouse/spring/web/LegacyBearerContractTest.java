package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * During the cut-over window a client that still holds the legacy system's access token (issue 58
 * item 2) is not signed out: a simplejwt access token or a FastAPI-Users JWT sent as a bearer is
 * taken by the contract's routes and the host's own, for the account its user became, again and
 * again until it expires, and never as a live session. As an attacker: a forged, re-signed,
 * unsigned, wrong-key, expired, refresh, reset or verification token, one of a user with no account
 * here, and one of an account deactivated since, are all refused with 401.
 */
@TestPropertySource(
    properties = {
      "gatehouse.legacy.simplejwt.signing-key=" + SimpleJwtVectors.SECRET_KEY,
      "gatehouse.legacy.simplejwt.until=2030-01-01T00:00:00Z",
      "gatehouse.legacy.simplejwt.access-tokens=true",
      "gatehouse.legacy.fastapi-users.secret=SECRET-fastapi",
      "gatehouse.legacy.fastapi-users.until=2030-01-01T00:00:00Z"
    })
class LegacyBearerContractTest extends ContractTestSupport {
  @Autowired JpaAuthStore store;

  private UUID mapped(String legacyId) throws Exception {
    UUID account = gatehouse.accounts().findByEmail(confirmedAccount()).orElseThrow().id();
    TestHost.LEGACY_ACCOUNTS.put(legacyId, account);
    return account;
  }

  @Test
  void aSimplejwtAccessTokenIsTakenOnEveryRouteForTheAccountItsUserBecame() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));

    Reply me = http.get(base() + "/me/", legacy.access());
    assertThat(me.status()).as(me.raw().body()).isEqualTo(200);
    assertThat(me.json().get("user").get("id").asString()).isEqualTo(account.toString());
    Reply hello = http.get("/api/hello/", legacy.access());
    assertThat(hello.status()).as(hello.raw().body()).isEqualTo(200);
    assertThat(hello.text("user")).isEqualTo(account.toString());
    // Not spent: the client sends it with every request until it expires, as simplejwt took it.
    assertThat(http.get("/api/hello/", legacy.access()).status()).isEqualTo(200);
    // No session started, and the routes that need a live one refuse it.
    assertThat(gatehouse.sessions().listSessions(account, null)).isEmpty();
    assertProblem(http.get(base() + "/sessions/", legacy.access()), 401, "invalid_token");
    assertThat(gatehouse.sessions().verifyLegacyBearer(legacy.access()).authTime()).isEmpty();

    clock.set(legacy.accessExpiresAt());
    assertProblem(http.get(base() + "/me/", legacy.access()), 401, "invalid_token");
    assertThat(http.get("/api/hello/", legacy.access()).status()).isEqualTo(401);
  }

  @Test
  void aLegacyAccessTokenReadsTheCallerAndChangesNothing() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));

    // What reads the caller still works during the window.
    assertThat(http.get(base() + "/me/", legacy.access()).status()).isEqualTo(200);
    assertThat(http.get(base() + "/profiles/", legacy.access()).status()).isEqualTo(200);
    assertThat(http.get(base() + "/devices/", legacy.access()).status()).isEqualTo(200);
    // What needs a live session refuses it: it cannot be revoked, so it may not change anything.
    String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
    assertProblem(
        http.post(
            base() + "/organizations/", json("name", "Legacy", "slug", slug), legacy.access()),
        401,
        "invalid_token");
    assertProblem(http.get(base() + "/organizations/", legacy.access()), 401, "invalid_token");
    assertProblem(
        http.post(base() + "/profiles/", json("name", "x"), legacy.access()), 401, "invalid_token");
    assertProblem(
        http.send("PATCH", base() + "/account/update/", json("first_name", "X"), legacy.access()),
        401,
        "invalid_token");
    assertProblem(
        http.get(base() + "/admin/users/?email=x@example.com", legacy.access()),
        401,
        "invalid_token");
    // A read route does not become a change route by its method.
    assertProblem(
        http.send("DELETE", base() + "/devices/1/", null, legacy.access()), 401, "invalid_token");
    assertThat(http.get(base() + "/organizations/", loginOf(account)).status()).isEqualTo(200);
  }

  private String loginOf(UUID account) throws Exception {
    String address = gatehouse.accounts().find(account).orElseThrow().email();
    return http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD))
        .text("access");
  }

  @Test
  void aFastApiUsersTokenIsTakenOnTheHostsRoutes() throws Exception {
    FastApiUsersVectors.Case legacy = FastApiUsersVectors.get("auth");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.expiresAt().minusSeconds(60));

    Reply hello = http.get("/api/hello/", legacy.token());
    assertThat(hello.status()).as(hello.raw().body()).isEqualTo(200);
    assertThat(hello.text("user")).isEqualTo(account.toString());
    // No session started.
    assertThat(gatehouse.sessions().listSessions(account, null)).isEmpty();
  }

  @Test
  void forgedWrongKeyAndOtherKindsOfLegacyTokensAreRefused() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key_second");
    mapped(legacy.userId());
    SimpleJwtVectors.Case other = SimpleJwtVectors.get("secret_key_other_user");
    mapped(other.userId());
    FastApiUsersVectors.Case fu = FastApiUsersVectors.get("auth");
    mapped(fu.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));

    String[] parts = legacy.access().split("\\.");
    // Another user's id under the first token's signature.
    String forged =
        parts[0]
            + "."
            + b64(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"user_id\":7", "\"user_id\":12"))
            + "."
            + parts[2];
    assertThat(forged).isNotEqualTo(legacy.access());
    String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    for (String refused :
        new String[] {
          forged,
          unsigned,
          parts[0] + "." + parts[1] + ".AAAA",
          legacy.refresh(), // a refresh token is no bearer
          SimpleJwtVectors.get("signing_key_hs512").access(), // another key and algorithm
          FastApiUsersVectors.get("other_secret").token(),
          FastApiUsersVectors.get("reset_password").token(),
          FastApiUsersVectors.get("verify").token(),
          FastApiUsersVectors.get("auth_hs512").token(),
          "not.a.token"
        }) {
      assertProblem(http.get(base() + "/me/", refused), 401, "invalid_token");
      assertThat(http.get("/api/hello/", refused).status()).as(refused).isEqualTo(401);
    }
  }

  @Test
  void aLegacyTokenOfADeactivatedAccountIsRefused() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key");
    UUID account = mapped(legacy.userId());
    clock.set(legacy.issuedAt().plusSeconds(30));
    assertThat(http.get(base() + "/me/", legacy.access()).status()).isEqualTo(200);

    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(account).orElseThrow().toBuilder()
                        .active(false)
                        .build()));

    // The token still verifies under the legacy key and is unexpired: the account decides.
    assertProblem(http.get(base() + "/me/", legacy.access()), 401, "invalid_token");
    assertThat(http.get("/api/hello/", legacy.access()).status()).isEqualTo(401);
    assertThat(gatehouse.sessions().listSessions(account, null)).isEmpty();
  }

  @Test
  void aLegacyTokenOfAUserWithNoAccountHereIsRefused() throws Exception {
    SimpleJwtVectors.Case unmapped = SimpleJwtVectors.get("unmapped_user");
    TestHost.LEGACY_ACCOUNTS.remove(unmapped.userId());
    FastApiUsersVectors.Case unknown = FastApiUsersVectors.get("unknown_user");
    TestHost.LEGACY_ACCOUNTS.remove(unknown.userId());
    clock.set(unmapped.issuedAt().plusSeconds(30));
    assertProblem(http.get(base() + "/me/", unmapped.access()), 401, "invalid_token");
    assertThat(http.get("/api/hello/", unknown.token()).status()).isEqualTo(401);

    // Mapped to an account that no longer exists.
    TestHost.LEGACY_ACCOUNTS.put(unmapped.userId(), UUID.randomUUID());
    assertThat(http.get("/api/hello/", unmapped.access()).status()).isEqualTo(401);
    TestHost.LEGACY_ACCOUNTS.remove(unmapped.userId());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
