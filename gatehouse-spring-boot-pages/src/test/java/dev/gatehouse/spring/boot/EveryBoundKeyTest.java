package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every {@code gatehouse.*} key the starter binds is checked, whichever class binds it (issue 73,
 * item 6; issue 74, item 3): here the autoconfigure, web and pages modules and the feature modules
 * are all on the class path, as in a host with the starter and the pages.
 */
@ExtendWith(OutputCaptureExtension.class)
class EveryBoundKeyTest {

  private static GatehouseConfig read(Map<String, Object> properties) {
    return SpringGatehouseConfig.read(
        SpringGatehouseConfigTest.environment(properties, Map.of()), null);
  }

  private static void refused(String key, String message) {
    assertThatThrownBy(() -> read(Map.of(key, "false")))
        .as(key)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(message + ", set in ");
  }

  @Test
  void aMistypedKeyOfEveryPropertiesClassIsRefusedWithTheKeyMeant() {
    refused(
        "gatehouse.http.open-helth",
        "unknown setting gatehouse.http.open-helth (did you mean gatehouse.http.open-health?)");
    refused(
        "gatehouse.http.simplejwt.enabeld",
        "unknown setting gatehouse.http.simplejwt.enabeld"
            + " (did you mean gatehouse.http.simplejwt.enabled?)");
    refused(
        "gatehouse.http.cors.allowed-origin",
        "unknown setting gatehouse.http.cors.allowed-origin"
            + " (did you mean gatehouse.http.cors.allowed-origins?)");
    refused(
        "gatehouse.pages.hom",
        "unknown setting gatehouse.pages.hom (did you mean gatehouse.pages.home?)");
    refused(
        "gatehouse.pages.admn",
        "unknown setting gatehouse.pages.admn (did you mean gatehouse.pages.admin?)");
    refused(
        "gatehouse.jwt.current-kd",
        "unknown setting gatehouse.jwt.current-kd (did you mean gatehouse.jwt.current-kid?)");
    refused(
        "gatehouse.templates.email-prefx",
        "unknown setting gatehouse.templates.email-prefx"
            + " (did you mean gatehouse.templates.email-prefix?)");
    refused(
        "gatehouse.cleanup.intervall",
        "unknown setting gatehouse.cleanup.intervall"
            + " (did you mean gatehouse.cleanup.interval?)");
    refused(
        "gatehouse.host-variable",
        "unknown setting gatehouse.host-variable (did you mean gatehouse.host-variables?)");
  }

  /**
   * auth-magic-link is on this class path: its mistyped key is a typo, not a missing module, and
   * the refusal names the module whose settings it reads as (issue 95).
   */
  @Test
  void aMistypedKeyOfAFeatureModuleOnTheClassPathSuggestsItsKey() {
    refused(
        "gatehouse.magic-link.enabeld",
        "unknown setting gatehouse.magic-link.enabeld: the module magic-link has no such setting"
            + " (did you mean gatehouse.magic-link.enabled?)");
    refused(
        "gatehouse.organizations.invitation-tl",
        "unknown setting gatehouse.organizations.invitation-tl: the module organizations has no"
            + " such setting (did you mean gatehouse.organizations.invitation-ttl?)");
  }

  @Test
  void everyKeyTheClassesBindStartsInEitherSpelling() {
    GatehouseConfig config =
        read(
            Map.ofEntries(
                Map.entry("gatehouse.otp.length", "8"),
                Map.entry("gatehouse.http.open-health", "false"),
                Map.entry("gatehouse.http.checkSession", "true"),
                Map.entry("gatehouse.http.public-paths[0]", "/public/**"),
                Map.entry("gatehouse.http.cors.allowed-origins[0]", "https://app.example.com"),
                Map.entry("gatehouse.http.fastapi-users.users-path", "/users"),
                Map.entry("gatehouse.pages.home", "false"),
                Map.entry("gatehouse.pages.admin", "false"),
                Map.entry("gatehouse.jwt.kid", "k1"),
                Map.entry("gatehouse.cleanup.interval", "30m"),
                Map.entry("gatehouse.templates.emailPrefix", "mail/"),
                Map.entry("gatehouse.host-variables[0]", "GATEHOUSE_DB_"),
                Map.entry("gatehouse.social.spring-registrations", "false"),
                Map.entry("gatehouse.magic-link.enabled", "true")));
    assertThat(config.get(OtpSettings.OTP_LENGTH)).isEqualTo(8);
  }

  /**
   * Environment variables are read, not validated: unrelated {@code GATEHOUSE_*} variables and
   * Kubernetes' service links stop nothing, and the warning names the variables that map onto no
   * key, now including a mistyped one under a starter module's namespace.
   */
  @Test
  void environmentVariablesAreReadNotRefused(CapturedOutput output) {
    GatehouseConfig config =
        SpringGatehouseConfig.read(
            SpringGatehouseConfigTest.environment(
                Map.of(),
                Map.of(
                    "GATEHOUSE_OTP_LENGTH", "7",
                    "GATEHOUSE_HTTP_OPEN_HEALTH", "false",
                    "GATEHOUSE_HTTP_OPENHEALTH", "false",
                    "GATEHOUSE_HTTP_PUBLICPATHS_0", "/public/**",
                    "GATEHOUSE_PAGES_HOME", "false",
                    "GATEHOUSE_CLEANUP_INTERVAL", "30m",
                    "GATEHOUSE_HTTP_OPEN_HELTH", "false",
                    "GATEHOUSE_BILLING_URL", "https://billing.internal",
                    "GATEHOUSE_SERVICE_HOST", "10.96.0.20",
                    "GATEHOUSE_PORT_8080_TCP_ADDR", "10.96.0.20")),
            null);

    assertThat(config.get(OtpSettings.OTP_LENGTH)).isEqualTo(7);
    List<String> warnings = output.getAll().lines().filter(l -> l.contains("WARN")).toList();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("GATEHOUSE_BILLING_URL, GATEHOUSE_HTTP_OPEN_HELTH")
        .doesNotContain(
            "GATEHOUSE_HTTP_OPEN_HEALTH,",
            "OPENHEALTH",
            "PUBLICPATHS",
            "PAGES_HOME",
            "CLEANUP",
            "SERVICE_HOST",
            "PORT_8080");
  }
}
