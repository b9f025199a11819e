package dev.gatehouse.spring.web;

import dev.gatehouse.admin.Administration;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.magiclink.MagicLinks;
import dev.gatehouse.mfa.SecondFactorModule;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.passkeys.WebAuthn4jPasskeys;
import dev.gatehouse.pictures.PictureStore.DirectoryPictureStore;
import dev.gatehouse.pictures.ProfilePictures;
import dev.gatehouse.social.SocialSignIn;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A host as small as a test allows: Spring Boot's auto-configuration (web MVC, security, this
 * module) and a Gatehouse bean over its database kind's migrated database ({@link
 * TestHostDatabases}: H2 unless {@code gatehouse.test.database} names {@code POSTGRESQL} or {@code
 * MARIADB}), with capturing senders and a clock the tests move.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({HelloController.class, HostFilter.class})
public class TestHost {
  /** The passkeys' relying-party id and the origin the virtual authenticator signs for. */
  static final String PASSKEY_RP_ID = "example.test";

  static final String PASSKEY_ORIGIN = "https://app.example.test";

  static final String BOOTSTRAP = "bootstrap-token-0123456789-abcdefghijklmnop";
  static final String FRONTEND = "https://app.example.test";

  /** The DNS of the tests: the TXT value published at each domain. */
  static final java.util.Map<String, String> DNS = new java.util.concurrent.ConcurrentHashMap<>();

  static final Path PICTURES = Path.of("target", "pictures-" + java.util.UUID.randomUUID());
  static final String PICTURES_URL = "https://media.example.test/pictures/";

  /** The accounts legacy users became, by legacy id, for tests that carry legacy sessions over. */
  static final java.util.Map<String, java.util.UUID> LEGACY_ACCOUNTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * {@link #LEGACY_ACCOUNTS} both ways, as the importer's mapping answers: which account a legacy
   * user became, and which legacy user an account was imported from.
   */
  static final class MappedLegacyAccounts implements LegacyAccountResolver {
    @Override
    public java.util.Optional<java.util.UUID> accountOf(String legacyUserId) {
      return java.util.Optional.ofNullable(LEGACY_ACCOUNTS.get(legacyUserId));
    }

    @Override
    public java.util.Optional<String> legacyUserIdOf(java.util.UUID account) {
      return LEGACY_ACCOUNTS.entrySet().stream()
          .filter(e -> e.getValue().equals(account))
          .map(java.util.Map.Entry::getKey)
          .min(java.util.Comparator.naturalOrder());
    }
  }

  /**
   * The context's database and entity manager factory: its kind's, shared with the other contexts
   * on it ({@link TestHostDatabases}), or its own with {@code test-host.own-database=true}. Not
   * closed with the context: dropped when the JVM ends.
   */
  @Bean(destroyMethod = "")
  TestHostDatabases.HostDatabase hostDatabase(org.springframework.core.env.Environment env) {
    // A test class may choose its database with the Spring property; system properties count too.
    DatabaseKind kind =
        DatabaseKind.valueOf(
            env.getProperty("gatehouse.test.database", "H2").toUpperCase(Locale.ROOT));
    return TestHostDatabases.on(
        kind, env.getProperty("test-host.own-database", Boolean.class, false));
  }

  @Bean(destroyMethod = "")
  TestDatabase testDatabase(TestHostDatabases.HostDatabase db) {
    return db.db();
  }

  @Bean(destroyMethod = "")
  EntityManagerFactory entityManagerFactory(TestHostDatabases.HostDatabase db) {
    return db.entityManagerFactory();
  }

  @Bean
  JpaAuthStore authStore(EntityManagerFactory emf) {
    return new JpaAuthStore(emf, DefaultEntities.classes());
  }

  /**
   * Profile pictures in a fresh directory of the build's output (the jb-drf-auth picture route).
   */
  @Bean
  DirectoryPictureStore pictureStore() {
    return new DirectoryPictureStore(PICTURES, URI.create(PICTURES_URL));
  }

  @Bean
  MutableClock clock() {
    return MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
  }

  @Bean
  CapturingEmailSender emailSender() {
    return new CapturingEmailSender();
  }

  @Bean
  CapturingSmsSender smsSender() {
    return new CapturingSmsSender();
  }

  @Bean(destroyMethod = "close")
  Gatehouse gatehouse(
      JpaAuthStore store,
      MutableClock clock,
      CapturingEmailSender email,
      CapturingSmsSender sms,
      org.springframework.core.env.Environment env) {
    GatehouseConfig.Builder builder =
        GatehouseConfig.builder()
            .clock(clock)
            .set("gatehouse.frontend-url", FRONTEND)
            .set("gatehouse.admin.bootstrap-token", BOOTSTRAP)
            .set("gatehouse.password.argon2.memory-kib", "7168")
            .set("gatehouse.password.argon2.iterations", "1")
            .set(ProfileSettings.PROFILE_ROLES, List.of("client", "provider"))
            .set("gatehouse.passkeys.rp-id", PASSKEY_RP_ID)
            .set("gatehouse.passkeys.origins", PASSKEY_ORIGIN)
            // The organisations' in-test providers listen on loopback over plain http.
            .set("gatehouse.social.development.loopback-providers", "true");
    // The settings a test class may choose with its Spring properties.
    for (String key :
        List.of(
            "gatehouse.mfa.remember-device",
            "gatehouse.mfa.required",
            "gatehouse.mfa.required-roles",
            "gatehouse.mfa.enrolment-grace",
            "gatehouse.links.email-confirmation",
            "gatehouse.links.password-reset",
            "gatehouse.magic-link.enabled",
            "gatehouse.registration.terms-required",
            "gatehouse.accounts.time-ordered-public-ids",
            "gatehouse.token.simplejwt-claims",
            "gatehouse.token.integer-user-ids",
            "gatehouse.social.handoff-url",
            "gatehouse.legacy.simplejwt.signing-key",
            "gatehouse.legacy.simplejwt.until",
            "gatehouse.legacy.simplejwt.access-tokens",
            "gatehouse.legacy.fastapi-users.secret",
            "gatehouse.legacy.fastapi-users.until")) {
      String value = env.getProperty(key);
      if (value != null) {
        builder.set(key, value);
      }
    }
    // Every test's requests come from loopback, far more than one client may make in an hour;
    // the tests of those limits turn this off.
    builder.set(
        "gatehouse.throttle.development.exempt-loopback",
        env.getProperty("gatehouse.throttle.development.exempt-loopback", "true"));
    GatehouseConfig config = builder.build();
    // No delivery workers or poller: a test sends what the outbox holds with deliverPending()
    // before it reads a message, so no background thread races it.
    Gatehouse.Builder gatehouse = Gatehouse.builder(config, store);
    if (env.getProperty("gatehouse.test.greeting-module", Boolean.class, false)) {
      // A module's own routes (issue 75 item 4): ModuleRoutesTest's.
      gatehouse.install(new GreetingModule());
    }
    if (env.getProperty("gatehouse.test.key-module", Boolean.class, false)) {
      // A module's header credential on the host's routes (issue 95): ModuleCredentialTest's.
      gatehouse.install(new HeaderKeyModule());
    }
    return gatehouse
        .emailSender(email)
        .smsSender(sms)
        .dispatchDeliveries(false)
        .install(new WebAuthn4jPasskeys())
        .install(new SecondFactorModule())
        .install(new MagicLinks())
        .install(new SocialSignIn(new TestSocialProvider()))
        .install(new LegacyCutOver())
        .install(new Administration())
        .install(
            Organizations.builder()
                .domainVerifier((domain, challenge) -> challenge.equals(DNS.get(domain)))
                // The tests' providers listen on loopback over http.
                .issuers(issuer -> true)
                .build())
        .install(new ProfilePictures())
        .legacyAccounts(new MappedLegacyAccounts())
        .build();
  }
}
