package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.GatehouseConfig.Environment;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code application.yml} and environment variables onto {@link GatehouseConfig}. */
@ExtendWith(OutputCaptureExtension.class)
class SpringGatehouseConfigTest {

  /**
   * An environment with {@code properties} as a file source and {@code variables} as the OS's (also
   * for the pages module's tests, which have every starter module on their class path).
   */
  static StandardEnvironment environment(
      Map<String, Object> properties, Map<String, Object> variables) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    env.getPropertySources().addLast(new MapPropertySource("application.yml", properties));
    return env;
  }

  private static GatehouseConfig read(Map<String, Object> properties) {
    return SpringGatehouseConfig.read(environment(properties, Map.of()), null);
  }

  @Test
  void everySettingIsReadUnderItsOwnKeyWithRelaxedBinding() {
    GatehouseConfig config =
        read(
            Map.of(
                "gatehouse.otp.length", "8",
                "gatehouse.otp.resendCooldown", "2m",
                "gatehouse.token.access-ttl", "PT10M",
                "gatehouse.profile.roles[0]", "client",
                "gatehouse.profile.roles[1]", "staff",
                "gatehouse.login.identifier", "both"));

    assertThat(config.get(OtpSettings.OTP_LENGTH)).isEqualTo(8);
    assertThat(config.get(OtpSettings.OTP_RESEND_COOLDOWN)).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.get(TokenSettings.ACCESS_TOKEN_TTL)).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.get(ProfileSettings.PROFILE_ROLES)).containsExactly("client", "staff");
  }

  /**
   * The settings of {@code properties} with the defaults of the jb-drf-auth contract, which the web
   * module's {@code gatehouse.http.contract} chooses (that module is not on this class path).
   */
  private static GatehouseConfig withContract(Map<String, String> properties) {
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>(properties);
    SpringGatehouseConfig.contractDefaults(
        environment(Map.of("gatehouse.http.contract", "jb-drf-auth"), Map.of()), values);
    return GatehouseConfig.fromProperties(values);
  }

  @Test
  void theJbDrfAuthContractSendsJbsLinksAndClaimsUnlessTheHostSetsItsOwn() {
    assertThat(read(Map.of()).get(AccountSettings.CONFIRMATION_LINK))
        .isEqualTo("/confirm-email?token={token}");
    GatehouseConfig jb = withContract(Map.of());
    assertThat(jb.get(AccountSettings.CONFIRMATION_LINK))
        .isEqualTo("/verify-email/?uid={uid}&token={token}");
    assertThat(jb.get(AccountSettings.RESET_LINK))
        .isEqualTo("/reset-password/?uid={uid}&token={token}");
    assertThat(jb.get(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS)).isTrue();
    assertThat(jb.get(TokenSettings.TOKEN_INTEGER_USER_IDS)).isTrue();
    assertThat(jb.get(AccountSettings.TERMS_REQUIRED)).isTrue();
    assertThat(read(Map.of()).get(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS)).isFalse();
    assertThat(read(Map.of()).get(TokenSettings.TOKEN_INTEGER_USER_IDS)).isFalse();
    // A team whose clients do not depend on the integer keeps the public id.
    assertThat(
            withContract(Map.of("gatehouse.token.integer-user-ids", "false"))
                .get(TokenSettings.TOKEN_INTEGER_USER_IDS))
        .isFalse();
    GatehouseConfig own =
        withContract(Map.of("gatehouse.links.password-reset", "/auth/reset/{uid}/{token}/"));
    assertThat(own.get(AccountSettings.RESET_LINK)).isEqualTo("/auth/reset/{uid}/{token}/");
    assertThat(own.get(AccountSettings.CONFIRMATION_LINK))
        .isEqualTo("/verify-email/?uid={uid}&token={token}");
  }

  @Test
  void aLinkWithoutItsTokenOrWithAnotherPlaceholderIsRefusedByName() {
    for (String bad :
        List.of("/confirm", "https://elsewhere.example/{token}", "/c?t={token}&x={id}")) {
      assertThatThrownBy(() -> read(Map.of("gatehouse.links.email-confirmation", bad)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse.links.email-confirmation");
    }
  }

  @Test
  void environmentVariablesAreReadAndWinOverTheFile() {
    GatehouseConfig config =
        SpringGatehouseConfig.read(
            environment(
                Map.of("gatehouse.otp.length", "8"),
                Map.of("GATEHOUSE_OTP_LENGTH", "7", "GATEHOUSE_OTP_RESEND_COOLDOWN", "90s")),
            null);

    assertThat(config.get(OtpSettings.OTP_LENGTH)).isEqualTo(7);
    assertThat(config.get(OtpSettings.OTP_RESEND_COOLDOWN)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void anUnknownKeyIsRefusedByName() {
    assertThatThrownBy(() -> read(Map.of("gatehouse.otp.lenght", "6")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown setting gatehouse.otp.lenght")
        .hasMessageContaining("gatehouse.otp.length");
  }

  /** The WARN lines in {@code output}. */
  private static List<String> warnings(CapturedOutput output) {
    return output.getAll().lines().filter(l -> l.contains("WARN")).toList();
  }

  @Test
  void unknownEnvironmentVariablesAreNamedInOneWarningWithoutTheirValues(CapturedOutput output) {
    GatehouseConfig config =
        SpringGatehouseConfig.read(
            environment(
                Map.of(),
                Map.of(
                    "GATEHOUSE_OTP_LENTH", "secret-looking-value",
                    "GATEHOUSE_FOO", "another-value",
                    "GATEHOUSE_OTP_LENGTH", "7")),
            null);

    assertThat(config.get(OtpSettings.OTP_LENGTH)).isEqualTo(7);
    assertThat(warnings(output))
        .singleElement()
        .asString()
        .contains("GATEHOUSE_FOO, GATEHOUSE_OTP_LENTH (did you mean GATEHOUSE_OTP_LENGTH?)")
        .doesNotContain("GATEHOUSE_OTP_LENGTH,", "secret-looking-value", "another-value");
  }

  @Test
  void theStartersOwnKeysAndGatehousesReservedVariablesAreNotSettings() {
    GatehouseConfig config =
        SpringGatehouseConfig.read(
            environment(
                Map.of(
                    "gatehouse.jwt.kid", "k1",
                    "gatehouse.cleanup.interval", "30m",
                    "gatehouse.cleanup.enabled", "false",
                    "gatehouse.cleanup.retention", "2d"),
                Map.of(
                    "GATEHOUSE_JWT_JWKS", "{}",
                    "GATEHOUSE_TEST_POSTGRES_URL", "jdbc:postgresql://x/y",
                    "GATEHOUSE_CLEANUP_INTERVAL", "1h")),
            null);

    assertThat(config.get(GatehouseConfig.LOG_RETENTION)).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void aHostsDeclaredVariablesAreNotWarnedAboutAndOthersStillAre(CapturedOutput output) {
    Map<String, Object> variables =
        Map.of(
            "GATEHOUSE_DB_URL", "jdbc:h2:mem:x",
            "GATEHOUSE_SMTP_HOST", "smtp.example.com",
            "GATEHOUSE_FOO", "x");
    SpringGatehouseConfig.read(
        environment(
            Map.<String, Object>of(
                "gatehouse.host-variables[0]", "GATEHOUSE_DB_",
                "gatehouse.host-variables[1]", "GATEHOUSE_SMTP_HOST"),
            variables),
        null);

    assertThat(warnings(output))
        .singleElement()
        .asString()
        .contains("GATEHOUSE_FOO")
        .doesNotContain("GATEHOUSE_DB_URL", "GATEHOUSE_SMTP_HOST");
  }

  @Test
  void anInvalidValueIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("gatehouse.otp.length", "3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.otp.length must be between 4 and 10");
  }

  @Test
  void productionWithoutASecretKeyIsRefused() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "gatehouse.environment", "production",
                        "gatehouse.frontend-url", "https://app.example.com")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.secret-key");
    GatehouseConfig config =
        read(
            Map.of(
                "gatehouse.environment", "production",
                "gatehouse.frontend-url", "https://app.example.com",
                "gatehouse.secret-key", "production-secret-0123456789abcdef-0123"));
    assertThat(config.get(GatehouseConfig.ENVIRONMENT)).isEqualTo(Environment.PRODUCTION);
  }

  @Test
  void theStartersKeysComeFromItsPropertiesClassesAndNoneShadowsASetting() {
    StarterKeys starter = StarterKeys.on(getClass().getClassLoader());
    // This module's own class: GatehouseProperties (the web and pages modules are not here).
    assertThat(starter.keys())
        .contains(
            "gatehouse.jwt.jwks",
            "gatehouse.jwt.kid",
            "gatehouse.cleanup.enabled",
            "gatehouse.cleanup.interval",
            "gatehouse.templates.email-prefix",
            "gatehouse.host-variables",
            "gatehouse.social.spring-registrations")
        .allMatch(k -> k.startsWith("gatehouse."))
        .doesNotContainAnyElementsOf(GatehouseConfig.settings().keySet());
    assertThat(starter.variables())
        .contains(
            "GATEHOUSE_CLEANUP_INTERVAL",
            "GATEHOUSE_TEMPLATES_EMAIL_PREFIX",
            "GATEHOUSE_TEMPLATES_EMAILPREFIX",
            "GATEHOUSE_HOST_VARIABLES",
            "GATEHOUSE_HOST_VARIABLES_");
  }

  /**
   * The web and pages modules are not on this module's class path: their keys are refused naming
   * the module, not as typos (issue 74, item 3).
   */
  @Test
  void aKeyOfAStarterModuleThatIsNotOnTheClassPathNamesTheModule() {
    assertThatThrownBy(() -> read(Map.of("gatehouse.http.enabled", "true")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "unknown setting gatehouse.http.enabled: a setting of gatehouse-spring-boot-web,"
                + " not on the class path");
    assertThatThrownBy(() -> read(Map.of("gatehouse.pages.home", "false")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "unknown setting gatehouse.pages.home: a setting of gatehouse-spring-boot-pages,"
                + " not on the class path");
  }

  /** The starter's own keys mistyped are refused with the key meant (issue 74, item 3). */
  @Test
  void aMistypedKeyOfTheStarterSuggestsTheKeyMeant() {
    assertThatThrownBy(() -> read(Map.of("gatehouse.cleanup.intervall", "30m")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "unknown setting gatehouse.cleanup.intervall"
                + " (did you mean gatehouse.cleanup.interval?)");
    assertThatThrownBy(() -> read(Map.of("gatehouse.host-variable", "GATEHOUSE_DB_")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "unknown setting gatehouse.host-variable (did you mean gatehouse.host-variables?)");
    assertThatThrownBy(() -> read(Map.of("gatehouse.jwt.jwk", "{}")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "unknown setting gatehouse.jwt.jwk (did you mean gatehouse.jwt.jwks?)");
    assertThatThrownBy(() -> read(Map.of("gatehouse.templates.email-prefx", "mail/")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "unknown setting gatehouse.templates.email-prefx"
                + " (did you mean gatehouse.templates.email-prefix?)");
    assertThatThrownBy(() -> read(Map.of("gatehouse.social.spring-registration", "false")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("did you mean gatehouse.social.spring-registrations?");
  }

  @Test
  void theConfigurationMetadataDescribesEverySettingAndTheStartersKeys() throws Exception {
    String json;
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    java.util.Set<String> names = new java.util.TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names)
        .containsAll(GatehouseConfig.settings().keySet())
        .contains(
            "gatehouse.jwt.jwks",
            "gatehouse.jwt.hs256-secret",
            "gatehouse.cleanup.enabled",
            "gatehouse.cleanup.interval");
  }
}
