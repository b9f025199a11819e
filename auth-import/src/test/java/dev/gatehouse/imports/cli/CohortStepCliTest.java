package dev.gatehouse.imports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse-import cohort-step} (issue 76, item 1): the step goes through the host's staff
 * route, here {@code auth-cohorts}' own declared route over a real Gatehouse with the module,
 * served by the JDK's HTTP server as the web module would serve it (the caller verified from the
 * bearer token, an error answered with its status).
 */
class CohortStepCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.5");

  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private Gatehouse gatehouse;
  private HttpServer host;
  private String base;

  @BeforeEach
  void start() throws Exception {
    gatehouse =
        Gatehouse.builder(
                GatehouseConfig.builder()
                    .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                    .build(),
                store)
            .install(new Cohorts(CohortRule.builder().share("pilot", 100).rest("rest").build()))
            .build();
    ModuleRoute<?> step =
        new Cohorts(CohortRule.builder().rest("x").build())
            .manifest().routes().stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow();
    host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    host.createContext(
        "/auth/cohorts/",
        exchange -> {
          String[] parts = exchange.getRequestURI().getPath().split("/");
          int status;
          Object answer;
          try {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            var caller =
                gatehouse.sessions().verifyAccessToken(header.substring("Bearer ".length()));
            @SuppressWarnings("unchecked")
            Map<String, Object> body =
                JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
            Answer a =
                step.handle(
                    gatehouse.feature(CohortService.class),
                    new Request(
                        body, Map.of("cohort", parts[3]), Map.of(), Optional.of(caller), CLIENT));
            status = a.status();
            answer = a.body();
          } catch (AuthException e) {
            status = e.error().code().equals("forbidden") ? 403 : 400;
            answer = Map.of("code", e.error().code());
          }
          byte[] bytes = JSON.writeValueAsBytes(answer);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    host.start();
    base = "http://127.0.0.1:" + host.getAddress().getPort() + "/auth";
  }

  @AfterEach
  void stop() {
    host.stop(0);
    gatehouse.close();
  }

  private String token(boolean staff) {
    return store.inTransaction(
        tx -> {
          UserRecord u =
              AccountFactory.of(gatehouse.config())
                  .create(
                      tx,
                      UserRecord.newAccount(Instant.now())
                          .email(
                              (staff ? "ops" : "ana") + "@example.com",
                              (staff ? "ops" : "ana") + "@example.com")
                          .verified(true)
                          .staff(staff)
                          .build());
          return gatehouse.sessions().start(tx, u.publicId(), List.of("pwd"), CLIENT).accessToken();
        });
  }

  private int cli(Map<String, String> env, ByteArrayOutputStream out, String... args) {
    return ImportCli.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void aStepIsTakenThroughTheHostsStaffRouteAndRefusedForAnyoneElse() throws Exception {
    String[] args = {
      "cohort-step", "--url", base, "--cohort", "pilot", "--state", "MOVING", "--reason", "1 % week"
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(cli(Map.of(), out, args)).as("no token").isEqualTo(2);
    assertThat(cli(Map.of("GATEHOUSE_STAFF_TOKEN", token(false)), out, args)).isEqualTo(1);
    assertThat(gatehouse.feature(CohortService.class).state("pilot")).isEqualTo(CohortState.LEGACY);

    assertThat(cli(Map.of("GATEHOUSE_STAFF_TOKEN", token(true)), out, args)).isZero();
    assertThat(JSON.readTree(out.toByteArray()).get("state").asText()).isEqualTo("MOVING");
    assertThat(gatehouse.feature(CohortService.class).state("pilot")).isEqualTo(CohortState.MOVING);
    assertThat(gatehouse.feature(CohortService.class).state("rest")).isEqualTo(CohortState.LEGACY);

    // Bad usage changes nothing and reaches no host.
    assertThat(
            cli(
                Map.of("GATEHOUSE_STAFF_TOKEN", "x"),
                out,
                "cohort-step",
                "--url",
                base,
                "--cohort",
                "pilot",
                "--state",
                "DONE",
                "--reason",
                "r"))
        .isEqualTo(2);
  }
}
