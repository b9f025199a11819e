package dev.gatehouse.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.sms.SmsTemplates.SmsEncoding;
import dev.gatehouse.sms.SmsTemplates.SmsText;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsTemplatesTest {
  private static final Locale ES = Locale.forLanguageTag("es");
  private static final Locale ES_MX = Locale.forLanguageTag("es-MX");

  private final SmsTemplates templates =
      SmsTemplates.builder()
          .appName("Acme")
          .template("login", ES, "{code} es tu código de {app}. Vence en {minutes} minutos.")
          .template("login", ES_MX, "{code} es tu código de {app}, válido {minutes} min.")
          .template("verify_phone", ES, "Código {app}: {code}")
          .build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "login",
        "verify_email",
        "verify_phone",
        "reset_password",
        "change_phone",
        "email_confirmation",
        "password_reset"
      })
  void everyBuiltInPurposeHasAnEnglishTextThatFitsOneSegment(String purpose) {
    SmsText text =
        SmsTemplates.builder()
            .appName("Acme")
            .build()
            .render(purpose, Locale.ENGLISH, "123456", Duration.ofMinutes(10));

    assertThat(text.text()).contains("123456").contains("Acme").contains("10 minutes");
    assertThat(text.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(text.segments()).isEqualTo(1);
  }

  @Test
  void theExactLocaleWins() {
    assertThat(templates.render("login", ES_MX, "123456", Duration.ofMinutes(5)).text())
        .isEqualTo("123456 es tu código de Acme, válido 5 min.");
  }

  @Test
  void aRegionFallsBackToItsLanguage() {
    assertThat(templates.render("verify_phone", ES_MX, "654321", Duration.ofMinutes(5)).text())
        .isEqualTo("Código Acme: 654321");
    assertThat(
            templates
                .render("login", Locale.forLanguageTag("es-AR"), "1", Duration.ofMinutes(5))
                .text())
        .startsWith("1 es tu código de Acme. Vence");
  }

  @Test
  void anUnknownLanguageFallsBackToTheDefaultLocale() {
    assertThat(
            templates
                .render(
                    "reset_password", Locale.forLanguageTag("fr-FR"), "42", Duration.ofMinutes(15))
                .text())
        .startsWith("42 is your Acme password reset code. It expires in 15 minutes.");
  }

  @Test
  void aChosenDefaultLocaleIsTriedBeforeTheBuiltInEnglish() {
    SmsTemplates spanishFirst =
        SmsTemplates.builder()
            .appName("Acme")
            .defaultLocale(ES)
            .template("login", ES, "{code} para {app}")
            .build();

    assertThat(spanishFirst.render("login", Locale.GERMAN, "9", Duration.ofMinutes(1)).text())
        .isEqualTo("9 para Acme");
    assertThat(
            spanishFirst.render("change_phone", Locale.GERMAN, "9", Duration.ofMinutes(1)).text())
        .startsWith("9 is your Acme code");
  }

  @Test
  void aHostOverridesABuiltInText() {
    SmsTemplates custom =
        SmsTemplates.builder()
            .appName("Acme")
            .template("login", Locale.ENGLISH, "Your {app} code: {code}")
            .build();

    assertThat(custom.render("login", Locale.US, "777", Duration.ofMinutes(3)).text())
        .isEqualTo("Your Acme code: 777");
  }

  @Test
  void minutesAreRoundedUp() {
    assertThat(templates.render("login", Locale.ENGLISH, "1", Duration.ofSeconds(61)).text())
        .contains("2 minutes");
  }

  @Test
  void aTextLongerThanOneSegmentIsReported() {
    SmsTemplates verbose =
        SmsTemplates.builder()
            .appName("Acme")
            .template("login", Locale.ENGLISH, "{code} " + "x".repeat(160))
            .template("login", Locale.JAPANESE, "{app}のログインコードは{code}です。" + "あ".repeat(50))
            .build();

    SmsText gsm = verbose.render("login", Locale.ENGLISH, "123456", Duration.ofMinutes(1));
    SmsText ucs = verbose.render("login", Locale.JAPANESE, "123456", Duration.ofMinutes(1));

    assertThat(gsm.segments()).isEqualTo(2);
    assertThat(gsm.exceedsOneSegment()).isTrue();
    assertThat(ucs.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(ucs.segments()).isEqualTo(2);
    assertThat(gsm.toString()).doesNotContain("123456");
  }

  @Test
  void aHostMayPassPlaceholderValuesDirectly() {
    assertThat(
            templates
                .render("login", ES, Map.of("code", "5", "minutes", "7", "app", "Otra"))
                .text())
        .isEqualTo("5 es tu código de Otra. Vence en 7 minutos.");
  }

  @Test
  void aMissingValueIsNamed() {
    assertThatThrownBy(() -> templates.render("login", ES, Map.of("code", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{minutes}");
  }

  @Test
  void anUnknownPurposeIsRejected() {
    assertThatThrownBy(() -> templates.render("nope", ES, "1", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void theBuilderFailsFastNamingTheProblem() {
    assertThatThrownBy(() -> SmsTemplates.builder().template("login", ES, "{cdoe} es tu código"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{cdoe}")
        .hasMessageContaining("login/es");
    assertThatThrownBy(() -> SmsTemplates.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("appName");
    assertThatThrownBy(() -> SmsTemplates.builder().appName(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTemplatesAreImmutableAfterBuild() {
    SmsTemplates.Builder builder = SmsTemplates.builder().appName("Acme");
    SmsTemplates built = builder.build();
    builder.template("login", Locale.ENGLISH, "changed {code}");

    assertThat(built.render("login", Locale.ENGLISH, "1", Duration.ofMinutes(1)).text())
        .startsWith("1 is your Acme sign-in code");
    assertThat(built.purposes()).contains("login", "password_reset");
  }

  @Test
  void aModulesTextIsReachedAsABuiltInOneAndAHostsTranslationWins() {
    SmsTemplates joined =
        SmsTemplates.builder()
            .appName("Acme")
            .template("api_key", ES, "Clave nueva en {app}.")
            .build()
            .withDefault("api_key", "A new {app} key was made.");

    assertThat(joined.render("api_key", ES_MX, Map.of()).text()).isEqualTo("Clave nueva en Acme.");
    assertThat(joined.render("api_key", Locale.FRENCH, Map.of()).text())
        .isEqualTo("A new Acme key was made.");
    assertThatThrownBy(() -> joined.withDefault("login", "{code}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("login");
    assertThatThrownBy(() -> joined.withDefault("other", "{link}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
