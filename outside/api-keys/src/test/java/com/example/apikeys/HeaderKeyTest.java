package com.example.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.apikeys.ApiKeyService.CreatedKey;
import com.example.apikeys.host.TestHost;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.testing.CapturingEmailSender;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * A key in {@code X-API-Key} on each request to the host's own API ({@link ApiKeyCallers}), in a
 * Spring Boot host on PostgreSQL (GATEHOUSE_TEST_POSTGRES_URL) whose route decides with {@code
 * PreAuthorize}: a valid key is the account there with its bearer token's authorities; a revoked,
 * unknown or garbled key is a 401 {@code api_key_refused}, counted against the network; a disabled
 * account's key is refused. A fresh schema, dropped after.
 */
@EnabledIfEnvironmentVariable(named = "GATEHOUSE_TEST_POSTGRES_URL", matches = ".+")
@SpringBootTest(
    classes = {TestHost.class, PostgresApiKeysTest.Emails.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.liquibase.change-log=classpath:db/host.changelog.xml",
      "spring.jpa.open-in-view=false",
      "gatehouse.http.enabled=true",
      "gatehouse.frontend-url=http://localhost:8080"
    })
class HeaderKeyTest {
  private static final String URL = System.getenv("GATEHOUSE_TEST_POSTGRES_URL");
  private static final String SCHEMA =
      "api_keys_h_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Autowired Gatehouse gatehouse;
  @Autowired CapturingEmailSender email;
  @Autowired AuthStore store;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void freshSchema(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL)) {
      c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
    }
    registry.add(
        "spring.datasource.url",
        () -> URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL)) {
      c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  /** The flows' steps (a new account, the module's service) on this host; not their tests. */
  private final ApiKeyFlows flows =
      new ApiKeyFlows() {
        @Override
        Gatehouse gatehouse() {
          return gatehouse;
        }

        @Override
        CapturingEmailSender email() {
          return email;
        }
      };

  private ApiKeyService keys() {
    return flows.keys();
  }

  private ResponseEntity<Map> whoami(String key) {
    return RestClient.create("http://localhost:" + port)
        .get()
        .uri("/api/whoami")
        .header(ApiKeyCallers.HEADER, key)
        .retrieve()
        .onStatus(status -> true, (req, res) -> {})
        .toEntity(Map.class);
  }

  /** The wrong keys the module counted, every network together. */
  private static long wrongKeysCounted() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL);
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT COALESCE(SUM(hits), 0) FROM "
                        + SCHEMA
                        + ".gh_counter WHERE counter_key LIKE 'api-key:ip%'")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void aValidKeyIsTheAccountToTheHostsPreAuthorizeWithItsBearersAuthorities() {
    var signedIn = flows.signUp(ApiKeyFlows.unique("kim"));
    CreatedKey created =
        keys().create(gatehouse.sessions().verifyAccessToken(signedIn.tokens().accessToken()), "ci");

    ResponseEntity<Map> byKey = whoami(created.key());
    assertThat(byKey.getStatusCode().value()).isEqualTo(200);
    assertThat(byKey.getBody()).containsEntry("user", signedIn.userId().toString());
    assertThat(byKey.getBody()).containsEntry("amr", List.of("api_key"));

    Map<?, ?> byBearer =
        RestClient.create("http://localhost:" + port)
            .get()
            .uri("/api/whoami")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + signedIn.tokens().accessToken())
            .retrieve()
            .body(Map.class);
    assertThat(byKey.getBody().get("authorities")).isEqualTo(byBearer.get("authorities"));
    assertThat(keys().list(gatehouse.sessions().verifyAccessToken(signedIn.tokens().accessToken())))
        .singleElement()
        .satisfies(k -> assertThat(k.lastUsedAt()).isNotNull());
  }

  @Test
  void aRevokedUnknownOrGarbledKeyIsA401AndCounted() throws SQLException {
    var owner = flows.newAccount(ApiKeyFlows.unique("lee"));
    CreatedKey revoked = keys().create(owner, "old");
    keys().revoke(owner, revoked.description().id());
    String unknown = "gk_" + "0".repeat(32) + "_" + "A".repeat(43);
    long before = wrongKeysCounted();

    for (String key : List.of(revoked.key(), unknown, "garbled")) {
      ResponseEntity<Map> refused = whoami(key);
      assertThat(refused.getStatusCode().value()).isEqualTo(401);
      assertThat(refused.getBody()).containsEntry("code", "api_key_refused");
      assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }
    assertThat(wrongKeysCounted()).isEqualTo(before + 3);
  }

  @Test
  void aDisabledAccountsKeyIsRefused() {
    var owner = flows.newAccount(ApiKeyFlows.unique("mo"));
    CreatedKey created = keys().create(owner, "ci");
    assertThat(whoami(created.key()).getStatusCode().value()).isEqualTo(200);
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(owner.userPublicId()).orElseThrow().toBuilder()
                        .active(false)
                        .build()));

    ResponseEntity<Map> refused = whoami(created.key());
    assertThat(refused.getStatusCode().value()).isEqualTo(401);
    assertThat(refused.getBody()).containsEntry("code", "api_key_refused");
  }
}
