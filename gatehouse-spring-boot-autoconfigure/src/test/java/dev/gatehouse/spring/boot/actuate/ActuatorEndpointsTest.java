package dev.gatehouse.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The host of {@link HostApplication}, with the actuator and a web server: after a login and a
 * failed login, the {@code gatehouse.*} meters appear at {@code /actuator/metrics} and the {@code
 * gatehouse} component at {@code /actuator/health}, with no address, password or key in it.
 */
class ActuatorEndpointsTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static List<DatabaseKind> databases() {
    return TestDatabase.enabledKinds();
  }

  /** Capturing senders, deliveries on the committing thread. */
  static class TestSenders {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }

    @Bean
    CapturingSmsSender capturingSmsSender() {
      return new CapturingSmsSender();
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheCommittingThread() {
      return builder -> builder.deliveryExecutor(Runnable::run);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void metricsAndHealthAppearAtTheActuatorEndpoints(DatabaseKind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        ConfigurableApplicationContext app =
            new SpringApplicationBuilder(HostApplication.class, TestSenders.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                    "spring.datasource.url=" + db.jdbcUrl(),
                    "spring.datasource.username=" + db.user(),
                    "spring.datasource.password=" + db.password(),
                    "spring.main.banner-mode=off",
                    "server.port=0",
                    "management.endpoints.web.exposure.include=health,metrics",
                    "management.endpoint.health.show-details=always")
                .run()) {
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      Gatehouse gatehouse = app.getBean(Gatehouse.class);
      String address = "metrics-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
      gatehouse
          .accounts()
          .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
      EmailMessage mail = app.getBean(CapturingEmailSender.class).lastTo(address).orElseThrow();
      Matcher m = TOKEN.matcher(mail.textBody());
      assertThat(m.find()).isTrue();
      gatehouse.accounts().confirmEmail(m.group(1));
      TokenPair pair =
          gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow().tokens();
      gatehouse.sessions().refresh(pair.refreshToken(), ClientInfo.web());
      gatehouse.otp().request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
      assertThatThrownBy(
              () -> gatehouse.accounts().login(LoginRequest.of(address, "wrong " + PASSWORD)))
          .isInstanceOf(AuthException.class);

      String logins = get(base + "/actuator/metrics/gatehouse.logins", 200);
      assertThat(logins)
          .contains("\"name\":\"gatehouse.logins\"")
          .contains("\"outcome\"", "\"reason\"", "\"method\"")
          .contains("\"success\"", "\"failure\"", "\"invalid_credentials\"", "\"pwd\"");
      assertThat(count(get(base + "/actuator/metrics/gatehouse.logins?tag=outcome:success", 200)))
          .isEqualTo(1.0);
      assertThat(
              count(
                  get(
                      base
                          + "/actuator/metrics/gatehouse.logins?tag=outcome:failure"
                          + "&tag=reason:invalid_credentials&tag=method:pwd",
                      200)))
          .isEqualTo(1.0);
      // Register, login, failed login: at least three hash computations, each timed.
      assertThat(count(get(base + "/actuator/metrics/gatehouse.password.hashing", 200)))
          .isGreaterThanOrEqualTo(3.0);
      assertThat(count(get(base + "/actuator/metrics/gatehouse.password.hashing.queue", 200)))
          .isGreaterThanOrEqualTo(3.0);
      assertThat(
              count(
                  get(
                      base
                          + "/actuator/metrics/gatehouse.deliveries?tag=channel:email"
                          + "&tag=outcome:sent&tag=provider:capturing",
                      200)))
          .isEqualTo(2.0);
      // Each operation is an observation: a timer here, a span with a tracer.
      String signIns = base + "/actuator/metrics/gatehouse.sign-in?tag=method:pwd&tag=step:first";
      assertThat(count(get(signIns + "&tag=outcome:success&tag=reason:none", 200))).isEqualTo(1.0);
      assertThat(count(get(signIns + "&tag=outcome:failure&tag=reason:invalid_credentials", 200)))
          .isEqualTo(1.0);
      assertThat(count(get(base + "/actuator/metrics/gatehouse.refresh?tag=outcome:success", 200)))
          .isEqualTo(1.0);
      assertThat(
              count(
                  get(
                      base
                          + "/actuator/metrics/gatehouse.code.request?tag=channel:email"
                          + "&tag=purpose:login&tag=outcome:success",
                      200)))
          .isEqualTo(1.0);
      // The confirmation mail and the code: two deliveries through the capturing sender.
      assertThat(
              count(
                  get(
                      base
                          + "/actuator/metrics/gatehouse.delivery?tag=channel:email"
                          + "&tag=provider:capturing&tag=outcome:sent",
                      200)))
          .isEqualTo(2.0);
      assertThat(get(base + "/actuator/metrics/gatehouse.sign-in", 200)).doesNotContain(address);
      assertThat(get(base + "/actuator/metrics/gatehouse.lockouts", 200)).contains("COUNT");
      assertThat(get(base + "/actuator/metrics/gatehouse.refresh.reuse", 200)).contains("COUNT");
      // No user id as a tag anywhere.
      String tags = get(base + "/actuator/metrics/gatehouse.logins", 200);
      assertThat(tags).doesNotContain(address).doesNotContainIgnoringCase("userId");

      String health = get(base + "/actuator/health", 200);
      // On PostgreSQL a login's update and its sign-in row are one statement, elsewhere two.
      String signInRow =
          "plain SQL on app_user and gh_user_sign_in"
              + (kind == DatabaseKind.POSTGRESQL ? " in one statement" : "");
      // The component's own status follows its details: {"details":{...,"outbox":{...}},"status"}.
      assertThat(health)
          .containsPattern(
              Pattern.compile(
                  "\"gatehouse\":\\{\"details\":\\{.*?\"outbox\":\\{[^}]*\\}\\},\"status\":\"UP\""))
          .contains("\"app_user\":\"reachable\"", "\"gh_outbox\":\"reachable\"")
          .contains("\"usable\":true")
          .contains("\"providers\"", "\"capturing\"")
          .contains("\"outbox\":{\"pending\":0,\"oldestPendingAgeSeconds\":0}")
          // Spring Boot's naming strategy and the host's tables understood: every statement plain.
          .contains(
              "\"statements\":{\"last-login\":\""
                  + signInRow
                  + "\",\"password-login\":\""
                  + signInRow
                  + "\",\"session-owner\":\"plain SQL on app_user and app_profile\"")
          .doesNotContain(address)
          .doesNotContain(PASSWORD)
          .doesNotContain("test-secret-key")
          .doesNotContain("forwardedHeaders");

      // A request from a local proxy nobody trusts (as the web module reports it): a detail
      // naming the setting, without the address, and still UP.
      gatehouse.forwardedHeaderFrom("127.0.0.1");
      assertThat(get(base + "/actuator/health", 200))
          .contains(
              "\"forwardedHeaders\":{\"untrustedProxy\":true,"
                  + "\"setting\":\"server.forward-headers-strategy")
          .doesNotContain("127.0.0.1")
          .containsPattern(Pattern.compile("\"gatehouse\":\\{\"details\":.*\"status\":\"UP\""));

      // A Gatehouse table that cannot be read breaks authentication: DOWN, naming the table.
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("drop table app_sms_log");
      }
      String down = get(base + "/actuator/health", 503);
      assertThat(down)
          .containsPattern(Pattern.compile("\"gatehouse\":\\{\"details\":.*\"status\":\"DOWN\""))
          .contains("\"app_sms_log\":\"unreachable: ")
          .contains("\"app_user\":\"reachable\"");
    }
  }

  private static String get(String url, int status) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(status);
    return r.body();
  }

  /** The COUNT measurement of a metrics endpoint answer. */
  private static double count(String json) {
    Matcher m =
        Pattern.compile("\\{\"statistic\":\"COUNT\",\"value\":([0-9.Ee+-]+)\\}").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
