package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.imports.lazy.HttpLegacyAuthenticator;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Lazy migration through the old application's login-check endpoint, served by a real HTTP server
 * standing for the legacy app.
 */
@OneDatabase("lazy migration over HTTP; the legacy table on each database is LazyMigrationTest's")
class HttpLazyMigrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "shared-secret-for-the-test";

  private HttpServer server;
  private final List<JsonNode> migrated = new CopyOnWriteArrayList<>();
  private final AtomicInteger checks = new AtomicInteger();
  private volatile int forcedStatus;

  @BeforeEach
  void startLegacyApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/internal/check-login", this::checkLogin);
    server.createContext(
        "/internal/migrated",
        ex -> {
          migrated.add(JSON.readTree(ex.getRequestBody()));
          respond(ex, 204, null);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** The legacy app: one user, alice, whose password it checks itself. */
  private void checkLogin(HttpExchange ex) throws IOException {
    checks.incrementAndGet();
    if (!("Bearer " + SECRET).equals(ex.getRequestHeaders().getFirst("Authorization"))
        || !"POST".equals(ex.getRequestMethod())) {
      respond(ex, 403, null);
      return;
    }
    if (forcedStatus != 0) {
      respond(ex, forcedStatus, "{\"detail\":\"boom\"}");
      return;
    }
    JsonNode body = JSON.readTree(ex.getRequestBody());
    boolean alice = "alice@example.com".equalsIgnoreCase(body.path("identifier").asText());
    if (alice && "Old-app-password-1".equals(body.path("password").asText())) {
      respond(
          ex,
          200,
          "{\"id\": 42, \"email\": \"alice@example.com\", \"username\": \"alice\","
              + " \"is_active\": true, \"is_verified\": true,"
              + " \"date_joined\": \"2020-01-02T03:04:05Z\"}");
    } else {
      respond(ex, 401, "{\"detail\":\"Invalid credentials\"}");
    }
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  private HttpLegacyAuthenticator legacy() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return HttpLegacyAuthenticator.builder(URI.create(base + "/internal/check-login"))
        .migratedUri(URI.create(base + "/internal/migrated"))
        .header("Authorization", "Bearer " + SECRET)
        .build();
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aUserTheOldAppConfirmsIsCreatedRehashedAndReportedMigrated(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      Gatehouse g = LazyMigrationTest.gatehouse(f, legacy(), new CapturingEmailSender());

      long before = f.hashing.hashComputations();
      g.accounts().login(LazyMigrationTest.login("Alice@Example.com", "Old-app-password-1"));
      // The dummy (the old app did the checking) and the re-hash.
      assertThat(f.hashing.hashComputations() - before).isEqualTo(2);
      assertThat(f.count("select count(*) from gh_user where password_hash like '$argon2id$%'"))
          .isEqualTo(1);
      assertThat(f.rows("gh_user").get(0))
          .contains("email=alice@example.com|")
          .contains("created_at=2020-01-02");
      assertThat(migrated).hasSize(1);
      assertThat(migrated.get(0).get("id").asText()).isEqualTo("42");
      assertThat(migrated.get(0).get("gatehouse_id").asText()).hasSize(36);

      // Second login is local: the old app is not asked again.
      int asked = checks.get();
      g.accounts().login(LazyMigrationTest.login("alice", "Old-app-password-1"));
      assertThat(checks.get()).isEqualTo(asked);
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRefusedOrUnknownUserCreatesNothingAndCostsOneHash(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      Gatehouse g = LazyMigrationTest.gatehouse(f, legacy(), new CapturingEmailSender());
      for (String[] attempt :
          List.of(
              new String[] {"alice@example.com", "wrong-password-1"},
              new String[] {"bob@example.com", "Old-app-password-1"})) {
        long before = f.hashing.hashComputations();
        assertThatThrownBy(
                () -> g.accounts().login(LazyMigrationTest.login(attempt[0], attempt[1])))
            .isInstanceOfSatisfying(
                RejectedInputException.class,
                e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
        assertThat(f.hashing.hashComputations() - before).isEqualTo(1);
      }
      assertThat(f.count("select count(*) from gh_user")).isZero();
      assertThat(migrated).isEmpty();
    }
  }

  @Test
  void anOldAppThatFailsIsAnInfrastructureErrorAndCreatesNothing() throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      Gatehouse g = LazyMigrationTest.gatehouse(f, legacy(), new CapturingEmailSender());
      forcedStatus = 500;
      assertThatThrownBy(
              () ->
                  g.accounts()
                      .login(LazyMigrationTest.login("alice@example.com", "Old-app-password-1")))
          .isInstanceOfSatisfying(
              AuthInfrastructureException.class,
              e -> assertThat(e.code()).isEqualTo("legacy_unavailable"))
          .hasMessageNotContaining("Old-app-password-1");
      assertThat(f.count("select count(*) from gh_user")).isZero();
    }
  }

  @Test
  void plainHttpIsRefusedExceptOnLoopback() {
    assertThatThrownBy(
            () -> HttpLegacyAuthenticator.builder(URI.create("http://old.example.com/check")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }
}
