package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.token.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * What a person who mistyped settings reads (issue 94, item 5): every unknown key in one refusal,
 * each with its suggestion and where it was written; a mistyped environment variable in its own
 * form; the signing keys' refusals in the form the keys were set in; and what the refused start
 * wrote to the database.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsRefusalsTest {

  /** An environment whose only file is this YAML, read as Spring Boot reads application.yml. */
  private static StandardEnvironment yaml(String text, Map<String, Object> variables)
      throws Exception {
    StandardEnvironment env = SpringGatehouseConfigTest.environment(Map.of(), variables);
    ByteArrayResource file =
        new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), "application.yml");
    for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml", file)) {
      env.getPropertySources().addFirst(source);
    }
    return env;
  }

  @Test
  void everyUnknownKeyIsRefusedInOneReportWithItsSuggestionAndItsLine() throws Exception {
    StandardEnvironment env =
        yaml(
            """
            gatehouse:
              otp:
                lenght: 6
              cleanup:
                intervall: 30m
              jwt:
                jwk: "{}"
            """,
            Map.of());

    assertThatThrownBy(() -> SpringGatehouseConfig.read(env, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            """
            3 unknown settings, none applied:
              - unknown setting gatehouse.cleanup.intervall (did you mean gatehouse.cleanup.interval?), \
            set in Byte array resource [application.yml] - 5:16
              - unknown setting gatehouse.jwt.jwk (did you mean gatehouse.jwt.jwks?), \
            set in Byte array resource [application.yml] - 7:10
              - unknown setting gatehouse.otp.lenght (did you mean gatehouse.otp.length?), \
            set in Byte array resource [application.yml] - 3:13""");
  }

  @Test
  void aMistypedVariableIsWarnedAboutAsAVariableWithTheVariableMeant(CapturedOutput output) {
    SpringGatehouseConfig.read(
        SpringGatehouseConfigTest.environment(
            Map.of(),
            Map.of(
                "GATEHOUSE_OTP_LENGHT", "6",
                "GATEHOUSE_JWT_KDI", "k1",
                "GATEHOUSE_JWT_KID", "k1")),
        null);

    List<String> warnings = output.getAll().lines().filter(l -> l.contains("WARN")).toList();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("GATEHOUSE_JWT_KDI (did you mean GATEHOUSE_JWT_KID?)")
        .contains("GATEHOUSE_OTP_LENGHT (did you mean GATEHOUSE_OTP_LENGTH?)")
        .doesNotContain("gatehouse.otp")
        .doesNotContain("GATEHOUSE_JWT_KID,");
  }

  @Test
  void theSigningKeysRefusalNamesTheKeysAsTheYamlWroteThem() throws Exception {
    StandardEnvironment env =
        yaml(
            """
            gatehouse:
              jwt:
                hs256-secret: c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0zMg==
            """,
            Map.of());
    assertThatThrownBy(
            () ->
                SigningKeys.fromEnvironment(
                    Map.of(SigningKeys.ENV_HS256_SECRET, "c2VjcmV0"),
                    SpringGatehouseConfig.signingKeyNames(env)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("gatehouse.jwt.kid is required with gatehouse.jwt.hs256-secret");
  }

  @Test
  void theSigningKeysRefusalNamesTheVariablesToAHostThatSetVariables() {
    StandardEnvironment env =
        SpringGatehouseConfigTest.environment(
            Map.of(), Map.of("GATEHOUSE_JWT_PRIVATE_KEY_PEM", "pem", "GATEHOUSE_JWT_KID", "k1"));
    assertThatThrownBy(
            () ->
                SigningKeys.fromEnvironment(
                    Map.of(SigningKeys.ENV_PRIVATE_KEY_PEM, "pem", SigningKeys.ENV_KID, "k1"),
                    SpringGatehouseConfig.signingKeyNames(env)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("GATEHOUSE_JWT_ALG is required with GATEHOUSE_JWT_PRIVATE_KEY_PEM");
  }

  @Test
  void aRefusalAfterLiquibaseRanSaysWhatItWroteAndNamesTheChangelog() {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setChangeLog("classpath:db/changelog/master.xml");
    beans.registerSingleton("liquibase", liquibase);

    FailureAnalysis analysis =
        new GatehouseFailureAnalyzer(beans)
            .analyze(new ConfigurationException("the module's table gh_x is missing"));

    assertThat(analysis.getAction())
        .contains("Liquibase had already applied classpath:db/changelog/master.xml")
        .doesNotContain("Nothing was written");
  }

  @Test
  void aRefusalBeforeLiquibaseRanSaysNothingWasWritten() {
    FailureAnalysis analysis =
        new GatehouseFailureAnalyzer(new DefaultListableBeanFactory())
            .analyze(new ConfigurationException("unknown setting gatehouse.otp.lenght"));

    assertThat(analysis.getAction())
        .contains("Nothing was written to the database: the refusal came before Liquibase ran.");
  }
}
