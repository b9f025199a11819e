package com.example.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.apikeys.host.TestHost;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The module in a Spring Boot host on PostgreSQL (GATEHOUSE_TEST_POSTGRES_URL), installed by the
 * starter from the class path, its table made by the host's changelog that includes the module's:
 * the same flows as on the in-memory store, and its routes over HTTP on a random port. Each run has
 * a fresh schema, dropped after it.
 */
@EnabledIfEnvironmentVariable(named = "GATEHOUSE_TEST_POSTGRES_URL", matches = ".+")
@SpringBootTest(
    classes = {TestHost.class, PostgresApiKeysTest.Emails.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.liquibase.change-log=classpath:db/host.changelog.xml",
      "spring.jpa.open-in-view=false",
      "gatehouse.http.enabled=true",
      "gatehouse.frontend-url=http://localhost:8080",
      "gatehouse.api-keys.max-wrong-per-ip=" + ApiKeyFlows.MAX_WRONG
    })
class PostgresApiKeysTest extends ApiKeyFlows {
  private static final String URL = System.getenv("GATEHOUSE_TEST_POSTGRES_URL");
  private static final String SCHEMA =
      "api_keys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Autowired Gatehouse gatehouse;
  @Autowired CapturingEmailSender email;
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

  /** Mails kept in memory and sent on the committing thread, so a test reads them at once. */
  @TestConfiguration
  static class Emails {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }

    @Bean
    GatehouseBuilderCustomizer sendOnTheCommittingThread() {
      return builder -> builder.deliveryExecutor(Runnable::run);
    }
  }

  @Override
  Gatehouse gatehouse() {
    return gatehouse;
  }

  @Override
  CapturingEmailSender email() {
    return email;
  }

  @Test
  void theTableKeepsOnlyTheKeyedHashOfAKey() throws SQLException {
    CreatedKeyOnDisk row = createdOnDisk();

    assertThat(row.hash()).matches("[0-9a-f]{64}").doesNotContain(row.secret());
  }

  private record CreatedKeyOnDisk(String secret, String hash) {}

  private CreatedKeyOnDisk createdOnDisk() throws SQLException {
    var created = keys().create(newAccount(unique("ida")), "on disk");
    try (Connection c = DriverManager.getConnection(URL);
        PreparedStatement s =
            c.prepareStatement("SELECT key_hash FROM " + SCHEMA + ".api_key WHERE id = ?")) {
      s.setString(1, created.description().id().toString());
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return new CreatedKeyOnDisk(created.key().substring(36), r.getString(1));
      }
    }
  }

  @Test
  void theRoutesCreateListSignInAndRevokeOverHttp() {
    RestClient http = RestClient.create("http://localhost:" + port);
    String bearer = "Bearer " + signUp(unique("jo")).tokens().accessToken();

    ResponseEntity<Map> created =
        http.post()
            .uri("/auth/api-keys")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .body(Map.of("name", "ci"))
            .retrieve()
            .toEntity(Map.class);
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    String key = (String) created.getBody().get("key");
    String id = (String) created.getBody().get("id");
    assertThat(key).startsWith("gk_");

    Map<?, ?> listed =
        http.get()
            .uri("/auth/api-keys")
            .header(HttpHeaders.AUTHORIZATION, bearer)
            .retrieve()
            .body(Map.class);
    assertThat((List<?>) listed.get("keys"))
        .singleElement()
        .satisfies(
            k -> {
              assertThat(((Map<?, ?>) k).get("id")).isEqualTo(id);
              assertThat(((Map<?, ?>) k).containsKey("key")).isFalse();
            });

    Map<?, ?> signedIn =
        http.post()
            .uri("/auth/api-keys/sign-in")
            .body(Map.of("key", key))
            .retrieve()
            .body(Map.class);
    assertThat(signedIn.get("token_type")).isEqualTo("Bearer");
    assertThat(gatehouse.sessions().verifyAccessToken((String) signedIn.get("access")).subject())
        .isEqualTo(signedIn.get("user_id"));

    ResponseEntity<Map> wrong =
        exchange(http.post().uri("/auth/api-keys/sign-in").body(Map.of("key", key + "x")));
    assertThat(wrong.getStatusCode().value()).isEqualTo(400);
    assertThat(wrong.getBody()).containsEntry("code", "api_key_invalid");

    ResponseEntity<Map> anonymous =
        exchange(http.post().uri("/auth/api-keys").body(Map.of("name", "x")));
    assertThat(anonymous.getStatusCode().value()).isEqualTo(401);

    ResponseEntity<Map> revoked =
        exchange(
            http.delete().uri("/auth/api-keys/" + id).header(HttpHeaders.AUTHORIZATION, bearer));
    assertThat(revoked.getStatusCode().value()).isEqualTo(204);
    ResponseEntity<Map> again =
        exchange(
            http.delete().uri("/auth/api-keys/" + id).header(HttpHeaders.AUTHORIZATION, bearer));
    assertThat(again.getStatusCode().value()).isEqualTo(404);
    assertThat(again.getBody()).containsEntry("code", "api_key_not_found");
    assertThat(
            exchange(http.post().uri("/auth/api-keys/sign-in").body(Map.of("key", key)))
                .getStatusCode()
                .value())
        .isEqualTo(400);
  }

  /** The answer whatever its status. */
  private static ResponseEntity<Map> exchange(RestClient.RequestHeadersSpec<?> request) {
    return request.retrieve().onStatus(status -> true, (req, res) -> {}).toEntity(Map.class);
  }
}
