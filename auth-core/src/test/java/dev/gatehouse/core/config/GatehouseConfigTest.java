package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig.Environment;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.password.PasswordHashingOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatehouseConfigTest {

  @Test
  void defaultsFollowJbDrfAuthAndOwasp() {
    GatehouseConfig c = GatehouseConfig.defaults();
    assertThat(c.get(OtpSettings.OTP_LENGTH)).isEqualTo(6);
    assertThat(c.get(OtpSettings.OTP_TTL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.get(OtpSettings.OTP_MAX_ATTEMPTS)).isEqualTo(5);
    assertThat(c.get(OtpSettings.OTP_RESEND_COOLDOWN)).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.get(PasswordSettings.ARGON2_MEMORY_KIB)).isEqualTo(19456);
    assertThat(c.get(TokenSettings.PROFILE_CLAIM)).isEqualTo("profile_id");
    assertThat(c.get(GatehouseConfig.ENVIRONMENT)).isEqualTo(Environment.DEVELOPMENT);
    assertThat(c.get(GatehouseConfig.SECRET_KEY)).isNull();
  }

  /**
   * One vocabulary for the Argon2 costs: the highest values the configuration accepts are values
   * the hashing accepts too, and one above is refused by the configuration under the operator's key
   * (it used to pass the configuration and fail when hashing was built, naming a key nobody can
   * set).
   */
  @Test
  void everyArgon2CostTheConfigurationAcceptsTheHashingAcceptsAndOneMoreIsRefusedByItsKey() {
    GatehouseConfig highest =
        GatehouseConfig.builder()
            .set(
                "gatehouse.password.argon2.memory-kib",
                String.valueOf(PasswordHashingOptions.DEFAULT_MAX_ARGON2_MEMORY_KIB))
            .set(
                "gatehouse.password.argon2.iterations",
                String.valueOf(PasswordHashingOptions.DEFAULT_MAX_ARGON2_ITERATIONS))
            .set(
                "gatehouse.password.argon2.parallelism",
                String.valueOf(PasswordHashingOptions.DEFAULT_MAX_ARGON2_PARALLELISM))
            .build();
    PasswordHashingOptions options =
        PasswordHashingOptions.builder()
            .argon2(
                highest.get(PasswordSettings.ARGON2_MEMORY_KIB),
                highest.get(PasswordSettings.ARGON2_ITERATIONS),
                highest.get(PasswordSettings.ARGON2_PARALLELISM))
            .build();
    assertThat(options.argon2MemoryKib())
        .isEqualTo(PasswordHashingOptions.DEFAULT_MAX_ARGON2_MEMORY_KIB);
    for (Map.Entry<String, Integer> tooHigh :
        Map.of(
                "gatehouse.password.argon2.memory-kib",
                PasswordHashingOptions.DEFAULT_MAX_ARGON2_MEMORY_KIB + 1,
                "gatehouse.password.argon2.iterations",
                PasswordHashingOptions.DEFAULT_MAX_ARGON2_ITERATIONS + 1,
                "gatehouse.password.argon2.parallelism",
                PasswordHashingOptions.DEFAULT_MAX_ARGON2_PARALLELISM + 1)
            .entrySet()) {
      assertThatThrownBy(
              () ->
                  GatehouseConfig.builder()
                      .set(tooHigh.getKey(), String.valueOf(tooHigh.getValue())))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(tooHigh.getKey());
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "gatehouse.otp.length, 3",
    "gatehouse.otp.length, 11",
    "gatehouse.otp.ttl, 11m",
    "gatehouse.otp.ttl, 10s",
    "gatehouse.password.min-length, 7",
    "gatehouse.password.max-length, 63",
    "gatehouse.frontend-url, not a url",
    "gatehouse.frontend-url, ftp://example.com",
    "gatehouse.otp.length, six",
    "gatehouse.environment, staging",
    "gatehouse.secret-key, short",
    "gatehouse.phone.default-region, USA",
    "gatehouse.throttle.login.max-failures, 101",
  })
  void anInvalidValueFailsAtOnceNamingTheKey(String key, String value) {
    assertThatThrownBy(() -> GatehouseConfig.builder().set(key, value))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(key);
  }

  @Test
  void aSecretIsNeverEchoedInAnErrorOrToString() {
    assertThatThrownBy(() -> GatehouseConfig.builder().set("gatehouse.secret-key", "hunter2"))
        .hasMessageNotContaining("hunter2");
    GatehouseConfig c =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz")
            .build();
    assertThat(c.toString()).doesNotContain("s3cr3t").contains("<secret>");
  }

  @Test
  void anUnknownGatehouseKeyIsRefusedSoTyposAreCaught() {
    Properties p = new Properties();
    p.setProperty("gatehouse.otp.lenght", "6");
    assertThatThrownBy(() -> GatehouseConfig.fromProperties(p))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.otp.lenght");
  }

  @Test
  void aFeatureModulesSettingWithoutTheModuleNamesTheModule() {
    // auth-core's tests have no feature module on the class path: its settings are unknown here.
    assertThat(GatehouseConfig.moduleSettings()).isEmpty();
    for (String[] keyAndModule :
        new String[][] {
          {"gatehouse.passkeys.rp-id", "auth-passkeys"},
          {"gatehouse.magic-link.ttl", "auth-magic-link"},
          {"gatehouse.legacy.drf-tokens.until", "auth-legacy"},
          {"gatehouse.social.handoff-url", "auth-social"},
          {"gatehouse.organizations.invitation-ttl", "auth-organizations"}
        }) {
      assertThatThrownBy(
              () -> GatehouseConfig.fromProperties(java.util.Map.of(keyAndModule[0], "x")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "unknown setting "
                  + keyAndModule[0]
                  + ": a setting of "
                  + keyAndModule[1]
                  + ", not on the class path");
    }
  }

  /**
   * One wording for every refusal of a key (issue 74, item 3): the nearest key among the settings
   * and the keys a framework binds beside them; "not on the class path" only when no key of the
   * module's namespace is known.
   */
  @Test
  void anUnknownKeyIsRefusedWithTheNearestKnownKeyOrItsAbsentModule() {
    List<String> starter = List.of("gatehouse.cleanup.interval", "gatehouse.pages.home");
    Map<String, String> modules = Map.of("gatehouse.pages.", "gatehouse-spring-boot-pages");
    assertThat(GatehouseConfig.unknownKey("gatehouse.cleanup.intervall", starter, modules))
        .hasMessage(
            "unknown setting gatehouse.cleanup.intervall"
                + " (did you mean gatehouse.cleanup.interval?)");
    assertThat(GatehouseConfig.unknownKey("gatehouse.pages.hom", starter, modules))
        .hasMessage("unknown setting gatehouse.pages.hom (did you mean gatehouse.pages.home?)");
    assertThat(GatehouseConfig.unknownKey("gatehouse.pages.home", List.of(), modules))
        .hasMessage(
            "unknown setting gatehouse.pages.home: a setting of gatehouse-spring-boot-pages,"
                + " not on the class path");
    assertThat(GatehouseConfig.unknownKey("gatehouse.otp.lenght", List.of(), Map.of()))
        .hasMessage("unknown setting gatehouse.otp.lenght (did you mean gatehouse.otp.length?)");
    // Nothing close: no constant is named as if it listed the key.
    assertThat(GatehouseConfig.unknownKey("gatehouse.frobnicate", starter, modules))
        .hasMessageStartingWith("unknown setting gatehouse.frobnicate (no known key is close")
        .hasMessageNotContaining("constants");
  }

  @Test
  void aMistypedEnvironmentVariableIsRefusedNamingItAndTheNearestSetting() {
    assertThatThrownBy(
            () ->
                GatehouseConfig.fromEnvironment(Map.of("GATEHOUSE_OTP_TTLL", "5m", "PATH", "/bin")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GATEHOUSE_OTP_TTLL")
        .hasMessageContaining("did you mean GATEHOUSE_OTP_TTL?")
        .hasMessageNotContaining("5m");
  }

  @Test
  void aHostsDeclaredVariablesAndPrefixesPassAndTheRestIsStillChecked() {
    Map<String, String> env =
        Map.of(
            "GATEHOUSE_DB_URL", "jdbc:h2:mem:x",
            "GATEHOUSE_SMTP_HOST", "smtp.example.com",
            "GATEHOUSE_CLEANUP_INTERVAL_SECONDS", "60",
            "GATEHOUSE_OTP_TTL", "2m");
    List<String> host =
        List.of("GATEHOUSE_DB_", "GATEHOUSE_SMTP_*", "GATEHOUSE_CLEANUP_INTERVAL_SECONDS");
    assertThat(GatehouseConfig.fromEnvironment(env, host).get(OtpSettings.OTP_TTL))
        .isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> GatehouseConfig.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GATEHOUSE_CLEANUP_INTERVAL_SECONDS");
    assertThatThrownBy(
            () -> GatehouseConfig.fromEnvironment(Map.of("GATEHOUSE_DBX_URL", "x"), host))
        .hasMessageContaining("GATEHOUSE_DBX_URL");
  }

  @Test
  void kubernetesServiceLinksOfAServiceNamedGatehouseAreNoTyposAndTheRestIsListed() {
    Map<String, String> links = new java.util.TreeMap<>();
    links.put("GATEHOUSE_SERVICE_HOST", "10.0.0.11");
    links.put("GATEHOUSE_SERVICE_PORT", "8080");
    links.put("GATEHOUSE_SERVICE_PORT_HTTP", "8080");
    links.put("GATEHOUSE_PORT", "tcp://10.0.0.11:8080");
    links.put("GATEHOUSE_PORT_8080_TCP", "tcp://10.0.0.11:8080");
    links.put("GATEHOUSE_PORT_8080_TCP_PROTO", "tcp");
    links.put("GATEHOUSE_PORT_8080_TCP_PORT", "8080");
    links.put("GATEHOUSE_PORT_8080_TCP_ADDR", "10.0.0.11");
    links.put("GATEHOUSE_DB_PORT_5432_TCP_ADDR", "10.0.0.12");
    assertThat(GatehouseConfig.fromEnvironment(links).get(OtpSettings.OTP_TTL))
        .isEqualTo(OtpSettings.OTP_TTL.defaultValue());
    assertThat(GatehouseConfig.unknownEnvironmentVariables(links.keySet(), List.of())).isEmpty();

    List<String> names =
        List.of("GATEHOUSE_SERVICE_HOST", "GATEHOUSE_OTP_TTL", "GATEHOUSE_FOO", "GATEHOUSE_DB_URL");
    assertThat(GatehouseConfig.unknownEnvironmentVariables(names, List.of()))
        .containsExactly("GATEHOUSE_DB_URL", "GATEHOUSE_FOO");
    assertThat(GatehouseConfig.unknownEnvironmentVariables(names, List.of("GATEHOUSE_DB_")))
        .containsExactly("GATEHOUSE_FOO");
  }

  @Test
  void gatehousesOwnNonSettingVariablesAreAlwaysAllowed() {
    GatehouseConfig.fromEnvironment(
        Map.of(
            "GATEHOUSE_JWT_JWKS", "{}",
            "GATEHOUSE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1/test",
            "GATEHOUSE_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1/test",
            "GATEHOUSE_REQUIRE_DBS", "true"));
  }

  @Test
  void theProcessEnvironmentOfTheTestRunIsAccepted() {
    // CI sets GATEHOUSE_TEST_* and GATEHOUSE_REQUIRE_DBS; none of them may be taken for a typo.
    GatehouseConfig.fromEnvironment(System.getenv());
  }

  @Test
  void propertiesAndEnvironmentAreReadWithEnvironmentWinning() {
    Properties p = new Properties();
    p.setProperty("gatehouse.otp.ttl", "2m");
    p.setProperty("gatehouse.profile.roles", "client, provider");
    p.setProperty("other.key", "ignored");
    GatehouseConfig c =
        GatehouseConfig.load(
            p, Map.of("GATEHOUSE_OTP_TTL", "PT3M", "GATEHOUSE_OTP_LENGTH", "8", "PATH", "/bin"));
    assertThat(c.get(OtpSettings.OTP_TTL)).isEqualTo(Duration.ofMinutes(3));
    assertThat(c.get(OtpSettings.OTP_LENGTH)).isEqualTo(8);
    assertThat(c.get(ProfileSettings.PROFILE_ROLES)).containsExactly("client", "provider");
  }

  @Test
  void inconsistentCombinationsFailAtBuildNamingBothKeys() {
    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(ProfileSettings.PROFILE_ROLES, List.of("client"))
                    .set(ProfileSettings.DEFAULT_PROFILE_ROLE, "admin")
                    .build())
        .hasMessageContaining("gatehouse.profile.default-role")
        .hasMessageContaining("gatehouse.profile.roles");
    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(TokenSettings.REFRESH_TOKEN_TTL, Duration.ofDays(1))
                    .set(TokenSettings.REFRESH_IDLE_TIMEOUT, Duration.ofDays(2))
                    .build())
        .hasMessageContaining("gatehouse.token.refresh-idle-timeout");
  }

  @Test
  void productionRequiresASecretKeyAndAnHttpsFrontend() {
    GatehouseConfig.Builder b =
        GatehouseConfig.builder().set(GatehouseConfig.ENVIRONMENT, Environment.PRODUCTION);
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.secret-key")
        .hasMessageContaining("gatehouse.frontend-url");
    GatehouseConfig ok =
        b.set(GatehouseConfig.SECRET_KEY, "0123456789abcdef0123456789abcdef")
            .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.com"))
            .build();
    assertThat(ok.production()).isTrue();
  }

  @Test
  void everySettingHasAnEnvironmentVariableOfTheSameName() {
    assertThat(OtpSettings.OTP_RESEND_COOLDOWN.environmentVariable())
        .isEqualTo("GATEHOUSE_OTP_RESEND_COOLDOWN");
    assertThat(GatehouseConfig.settings()).hasSizeGreaterThan(40);
    GatehouseConfig.settings()
        .values()
        .forEach(s -> assertThat(s.environmentVariable()).startsWith("GATEHOUSE_"));
  }

  @ParameterizedTest
  @CsvSource({"300, PT5M", "300s, PT5M", "5m, PT5M", "2h, PT2H", "7d, PT168H", "PT90S, PT1M30S"})
  void durationsAcceptIsoAndUnitSuffixes(String raw, String iso) {
    assertThat(Setting.parseDuration(raw)).isEqualTo(Duration.parse(iso));
  }
}
