package dev.gatehouse.spring.boot.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.spring.boot.incomplete.IncompleteHost;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What the starter refuses at start-up, and the integrations it wires when they are present. */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {
  private static final String PASSWORD = "correct horse battery staple";

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * A typo stops the start before Liquibase touched the empty database, and Spring Boot's failure
   * report says which key and what it probably meant in a few lines (issue 37, item 5).
   */
  @Test
  void anUnknownGatehouseKeyStopsTheStartNamingItBeforeAnyTableIsCreated() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> RunningHost.builder(db, null, "gatehouse.otp.lenght=6").run());
      assertThat(rootCause(failure))
          .hasMessageContaining("unknown setting gatehouse.otp.lenght")
          .hasMessageContaining("did you mean gatehouse.otp.length?");
      try (java.sql.Connection c = db.dataSource().getConnection();
          java.sql.ResultSet tables =
              c.createStatement()
                  .executeQuery(
                      "select count(*) from information_schema.tables"
                          + " where table_schema = current_schema()")) {
        assertThat(tables.next()).isTrue();
        assertThat(tables.getInt(1)).as("tables created before the refusal").isZero();
      }
      List<org.springframework.boot.diagnostics.FailureAnalyzer> analyzers =
          // Spring Boot's own analyzers need its context to be built; only ours is wanted here.
          org.springframework.core.io.support.SpringFactoriesLoader.forDefaultResourceLocation()
              .load(
                  org.springframework.boot.diagnostics.FailureAnalyzer.class,
                  // No context was built: no bean factory to pass.
                  org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver.of(
                      org.springframework.beans.factory.BeanFactory.class, null),
                  org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler
                      .handleMessage((message, e) -> {}));
      org.springframework.boot.diagnostics.FailureAnalysis analysis =
          analyzers.stream()
              .filter(
                  a ->
                      a.getClass()
                          .getName()
                          .equals("dev.gatehouse.spring.boot.GatehouseFailureAnalyzer"))
              .findFirst()
              .orElseThrow()
              .analyze(failure);
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("did you mean gatehouse.otp.length?");
      assertThat(analysis.getAction()).contains("wrote nothing to the database");
      String report = analysis.getDescription() + "\n" + analysis.getAction();
      assertThat(report.lines().count()).isLessThanOrEqualTo(15);
    }
  }

  /**
   * Kubernetes injects service links into every pod of a namespace with a Service named {@code
   * gatehouse}; they name no setting, and the host starts without a word about them (issue 59, item
   * 7).
   */
  @Test
  void startsInAPodOfANamespaceWithAServiceNamedGatehouse(CapturedOutput output) {
    StandardEnvironment pod = new StandardEnvironment();
    pod.getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                    "GATEHOUSE_SERVICE_HOST", "10.96.0.20",
                    "GATEHOUSE_SERVICE_PORT", "8080",
                    "GATEHOUSE_PORT", "tcp://10.96.0.20:8080",
                    "GATEHOUSE_PORT_8080_TCP", "tcp://10.96.0.20:8080",
                    "GATEHOUSE_PORT_8080_TCP_PROTO", "tcp",
                    "GATEHOUSE_PORT_8080_TCP_PORT", "8080",
                    "GATEHOUSE_PORT_8080_TCP_ADDR", "10.96.0.20")));
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext context =
            RunningHost.builder(db, RunningHost.TestSenders.class).environment(pod).run()) {
      assertThat(context.getEnvironment().getProperty("GATEHOUSE_PORT_8080_TCP_ADDR"))
          .as("the pod's variables reached the host")
          .isEqualTo("10.96.0.20");
      assertThat(context.getBean(dev.gatehouse.core.Gatehouse.class)).isNotNull();
    }
    // The development mode's own warnings (an ephemeral signing key) are not about them.
    assertThat(output.getAll().lines().filter(l -> l.contains("WARN")))
        .noneMatch(
            l ->
                l.contains("SpringGatehouseConfig")
                    || l.contains("GATEHOUSE_SERVICE")
                    || l.contains("GATEHOUSE_PORT"));
  }

  @Test
  void productionRefusesToStartWithDevelopmentProvidersOrWithoutSigningKeys() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      String production = "gatehouse.environment=production";
      String https = "gatehouse.frontend-url=https://app.example.com";
      String secret = "gatehouse.jwt.hs256-secret=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
      String kid = "gatehouse.jwt.kid=k1";
      assertThatThrownBy(() -> RunningHost.builder(db, null, production, https, secret, kid).run())
          .satisfies(
              e ->
                  assertThat(rootCause(e))
                      .hasMessageContaining("production mode refuses the development SMS sender")
                      .hasMessageContaining("declare an SmsSender bean")
                      .hasMessageNotContaining("smsSender(...)"));
      assertThatThrownBy(
              () -> RunningHost.builder(db, RunningHost.TestSenders.class, production, https).run())
          .satisfies(
              e ->
                  assertThat(rootCause(e))
                      .hasMessageContaining("production mode requires configured signing keys")
                      .hasMessageContaining(
                          "set gatehouse.jwt.jwks or gatehouse.jwt.private-key-pem")
                      .hasMessageNotContaining("signingKeys("));
      RunningHost.builder(db, RunningHost.TestSenders.class, production, https, secret, kid)
          .run()
          .close();
    }
  }

  @Test
  void aLegacySettingWithoutItsBeansStopsTheStartNamingTheBeansToDeclare() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      assertThatThrownBy(
              () ->
                  RunningHost.builder(
                          db,
                          RunningHost.TestSenders.class,
                          "gatehouse.legacy.drf-tokens.until=2030-01-01T00:00:00Z")
                      .run())
          .satisfies(
              e ->
                  assertThat(rootCause(e))
                      .hasMessageContaining("gatehouse.legacy.drf-tokens.until is set")
                      .hasMessageContaining("declare a LegacyAccountResolver bean")
                      .hasMessageContaining("declare a LegacyCredentials bean")
                      .hasMessageContaining("dev.gatehouse:auth-import beside the starter")
                      .hasMessageNotContaining("legacyAccounts(...)")
                      .hasMessageNotContaining("install new LegacyCutOver"));
      assertThatThrownBy(
              () ->
                  RunningHost.builder(
                          db,
                          RunningHost.TestSenders.class,
                          "gatehouse.legacy.write-back.until=2030-01-01T00:00:00Z")
                      .run())
          .satisfies(
              e ->
                  assertThat(rootCause(e))
                      .hasMessageContaining("declare a LegacyWriteBack bean")
                      .hasMessageNotContaining("LegacyCutOver().writeBack"));
    }
  }

  @Test
  void aMissingEntitySubclassStopsTheStartNamingTheBaseClass() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      SpringApplicationBuilder incomplete =
          new SpringApplicationBuilder(IncompleteHost.class)
              .web(org.springframework.boot.WebApplicationType.NONE)
              .properties(
                  "spring.datasource.url=" + db.jdbcUrl(),
                  "spring.datasource.username=" + db.user(),
                  "spring.main.banner-mode=off");
      assertThatThrownBy(incomplete::run)
          .satisfies(
              e ->
                  assertThat(rootCause(e))
                      .hasMessageContaining("no entity extends AbstractAuthDevice")
                      .hasMessageNotContaining("AbstractAuthProfile;"));
    }
  }

  /** A host's email sender bean, and a customizer that sets the email sender again. */
  static class EmailSenderSetTwice extends RunningHost.TestSenders {
    @Bean
    GatehouseBuilderCustomizer anotherEmailSender() {
      return builder -> builder.emailSender(new CapturingEmailSender());
    }
  }

  /**
   * The builder takes each part once: a customizer cannot silently replace the sender the starter
   * took from the host's bean; the start stops and names the setting.
   */
  @Test
  void aCustomizerSettingWhatTheStarterSetFromABeanStopsTheStartNamingTheSetting() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      assertThatThrownBy(() -> RunningHost.builder(db, EmailSenderSetTwice.class).run())
          .satisfies(
              e ->
                  assertThat(rootCause(e))
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageStartingWith("emailSender was already set on this builder"));
    }
  }

  /** Deliveries on the committing thread, and nothing else. */
  static class DeliverInline {
    @Bean
    GatehouseBuilderCustomizer deliverOnTheCommittingThread() {
      return builder -> builder.deliveryExecutor(Runnable::run);
    }
  }

  @Test
  void springMailSendsTheConfirmationAsHtmlAndTextWithTheLink() throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app =
            RunningHost.builder(
                    db,
                    DeliverInline.class,
                    "spring.mail.host=127.0.0.1",
                    "spring.mail.port=" + smtp.getSmtp().getPort())
                .run()) {
      assertThat(app.getBeansOfType(CapturingEmailSender.class)).isEmpty();
      app.getBean(dev.gatehouse.core.Gatehouse.class)
          .accounts()
          .register(
              RegistrationRequest.builder().email("mail@example.com").password(PASSWORD).build());

      assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
      MimeMessage received = smtp.getReceivedMessages()[0];
      assertThat(received.getAllRecipients()[0].toString()).isEqualTo("mail@example.com");
      assertThat(received.getContent()).isInstanceOf(MimeMultipart.class);
      String body = GreenMailUtil.getBody(received);
      assertThat(body).contains("https://app.example.test/confirm-email?token=");
      assertThat(body).containsIgnoringCase("text/html").containsIgnoringCase("text/plain");
    } finally {
      smtp.stop();
    }
  }

  /** An actuator audit repository, which turns on Gatehouse's audit events. */
  static class Audited extends RunningHost.TestSenders {
    @Bean
    AuditEventRepository auditEventRepository() {
      return new InMemoryAuditEventRepository();
    }
  }

  @Test
  void authEventsBecomeAuditEventsWhenTheHostAudits() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app = RunningHost.builder(db, Audited.class).run()) {
      List<AuditApplicationEvent> audits = new CopyOnWriteArrayList<>();
      app.addApplicationListener((ApplicationListener<AuditApplicationEvent>) audits::add);
      app.getBean(dev.gatehouse.core.Gatehouse.class)
          .accounts()
          .register(
              RegistrationRequest.builder().email("audit@example.com").password(PASSWORD).build());

      assertThat(audits)
          .extracting(a -> a.getAuditEvent().getType())
          .contains("GATEHOUSE_REGISTERED");
      assertThat(audits.get(0).getAuditEvent().getPrincipal()).isNotEqualTo("anonymous");
    }
  }

  /**
   * A host migrating lazily and writing back: a legacy user table of one user, and a legacy store
   * that records what it is given.
   */
  static class LazyLegacy extends RunningHost.TestSenders {
    static final String EMAIL = "lazy-legacy@example.com";
    static final java.util.List<String> MIGRATED = new CopyOnWriteArrayList<>();

    @Bean
    dev.gatehouse.legacy.LegacyAuthenticator legacyAuthenticator() {
      return new dev.gatehouse.legacy.LegacyAuthenticator() {
        @Override
        public java.util.Optional<LegacyAccount> lookup(
            LegacyIdentifier identifier, @org.jspecify.annotations.Nullable String password) {
          return EMAIL.equals(identifier.canonical()) && MIGRATED.isEmpty()
              ? java.util.Optional.of(
                  LegacyAccount.builder("41")
                      .email(EMAIL)
                      .passwordHash(DJANGO_HASH)
                      .verified(true)
                      .emailVerified(true)
                      .build())
              : java.util.Optional.empty();
        }

        @Override
        public void markMigrated(String legacyId, java.util.UUID userPublicId) {
          MIGRATED.add(legacyId);
        }
      };
    }

    @Bean
    dev.gatehouse.legacy.LegacyWriteBack legacyWriteBack() {
      return new dev.gatehouse.legacy.LegacyWriteBack() {
        @Override
        public String name() {
          return "test-legacy";
        }

        @Override
        public String hashPassword(String rawPassword) {
          return "legacy$" + rawPassword.length();
        }

        @Override
        public Result apply(LegacyChange change) {
          return Result.applied();
        }
      };
    }
  }

  /** Django's {@code pbkdf2_sha256} hash of {@link #DJANGO_PASSWORD}. */
  static final String DJANGO_HASH =
      "pbkdf2_sha256$260000$03oVoQ00Ff2RrD2YSgmMMw$KEUfmBVu3/xcrPjqUttEw4oqVqqR8FyEx/SFH3oE2tc=";

  static final String DJANGO_PASSWORD = "Pass-fdb9fb6c3f";

  @Test
  void aHostsLegacyAuthenticatorMigratesLazilyAndAConfiguredWriteBackShowsInHealthAtZero() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app =
            RunningHost.builder(
                    db, LazyLegacy.class, "gatehouse.legacy.write-back.until=2099-01-01T00:00:00Z")
                .run()) {
      dev.gatehouse.core.Gatehouse gatehouse = app.getBean(dev.gatehouse.core.Gatehouse.class);

      assertThat(
              gatehouse
                  .accounts()
                  .login(
                      dev.gatehouse.core.account.AccountService.LoginRequest.of(
                          LazyLegacy.EMAIL, DJANGO_PASSWORD)))
          .isInstanceOf(dev.gatehouse.core.session.SignInResult.SignedIn.class);
      assertThat(LazyLegacy.MIGRATED).containsExactly("41");
      assertThat(gatehouse.accounts().findByEmail(LazyLegacy.EMAIL)).isPresent();

      // Nothing journaled, yet the write-back's counts are there: a drained journal is not none.
      Object writeBack =
          app.getBean(
                  "gatehouseHealthIndicator",
                  org.springframework.boot.health.contributor.HealthIndicator.class)
              .health()
              .getDetails()
              .get("legacyWriteBack");
      assertThat(writeBack).isEqualTo(Map.of("pending", 0L, "failed", 0L));
    }
  }

  /** A host's legacy beans: which account a legacy user became, and its credential tables. */
  static class Legacy extends RunningHost.TestSenders {
    static final String DRF_KEY = "0123456789abcdef0123456789abcdef01234567";
    static final java.util.Map<String, java.util.UUID> ACCOUNTS =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Bean
    dev.gatehouse.core.migration.LegacyAccountResolver legacyAccounts() {
      return id -> java.util.Optional.ofNullable(ACCOUNTS.get(id));
    }

    @Bean
    dev.gatehouse.legacy.LegacyCredentials legacyCredentials() {
      // The one Token row of a legacy database: user 7's key.
      return new dev.gatehouse.legacy.LegacyCredentials() {
        @Override
        public java.util.Optional<String> drfTokenOwner(String key) {
          return DRF_KEY.equals(key) ? java.util.Optional.of("7") : java.util.Optional.empty();
        }

        @Override
        public boolean simpleJwtBlacklisted(String jti) {
          return false;
        }

        @Override
        public java.util.Optional<StoredSession> djangoSession(String sessionKey) {
          return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<String> djangoPasswordHash(String legacyUserId) {
          return java.util.Optional.empty();
        }
      };
    }
  }

  @Test
  void aHostsLegacyBeansAreWiredAndItsDrfTokensExchanged() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app =
            RunningHost.builder(
                    db, Legacy.class, "gatehouse.legacy.drf-tokens.until=2099-01-01T00:00:00Z")
                .run()) {
      dev.gatehouse.core.Gatehouse gatehouse = app.getBean(dev.gatehouse.core.Gatehouse.class);
      gatehouse
          .accounts()
          .register(
              RegistrationRequest.builder().email("legacy@example.com").password(PASSWORD).build());
      java.util.UUID account =
          gatehouse.accounts().findByEmail("legacy@example.com").orElseThrow().id();
      Legacy.ACCOUNTS.put("7", account);

      var pair =
          gatehouse
              .sessions()
              .exchangeLegacyToken(
                  Legacy.DRF_KEY, dev.gatehouse.core.session.ClientInfo.web("192.0.2.1"));

      assertThat(gatehouse.sessions().verifyAccessToken(pair.accessToken()).subject())
          .isEqualTo(account.toString());
    }
    // Without the beans the same setting stops the start, naming what is missing.
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  RunningHost.builder(
                          db,
                          RunningHost.TestSenders.class,
                          "gatehouse.legacy.drf-tokens.until=2099-01-01T00:00:00Z")
                      .run());
      assertThat(rootCause(failure)).hasMessageContaining("legacyCredentials");
    }
  }

  @Test
  void theCleanupIsScheduledUnlessTurnedOff() {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext on =
            RunningHost.builder(db, RunningHost.TestSenders.class).run()) {
      assertThat(on.getBeanNamesForType(AuthEvent.class)).isEmpty();
      assertThat(on.containsBean("gatehouseCleanup")).isTrue();
    }
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext off =
            RunningHost.builder(
                    db, RunningHost.TestSenders.class, "gatehouse.cleanup.enabled=false")
                .run()) {
      assertThat(off.containsBean("gatehouseCleanup")).isFalse();
    }
  }
}
