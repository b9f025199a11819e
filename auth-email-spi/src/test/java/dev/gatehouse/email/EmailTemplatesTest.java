package dev.gatehouse.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.email.EmailRenderer.EmailContent;
import dev.gatehouse.email.EmailSender.EmailMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTemplatesTest {
  private static final Locale ES = Locale.forLanguageTag("es");
  private static final Locale ES_MX = Locale.forLanguageTag("es-MX");

  private final EmailTemplates templates =
      EmailTemplates.builder()
          .appName("Acme & Co")
          .template(
              "login",
              ES,
              "Tu código de {app}",
              "Tu código es {code}. Vence en {minutes} minutos.",
              "<p>Tu código es <b>{code}</b>.</p><p>{app}</p>")
          .template("login", ES_MX, "Código {app}", "Código: {code}", null)
          .template(
              "password_reset",
              Locale.ENGLISH,
              "Reset your {app} password",
              "Open {link} within {minutes} minutes.",
              "<a href=\"{link}\">Reset</a>")
          .build();

  @ParameterizedTest
  @ValueSource(
      strings = {"login", "verify_email", "verify_phone", "reset_password", "change_phone"})
  void everyBuiltInPurposeHasAnEnglishEmailWithBothBodies(String purpose) {
    EmailContent content =
        EmailTemplates.builder()
            .appName("Acme")
            .build()
            .render(purpose, Locale.UK, "123456", Duration.ofMinutes(10));

    assertThat(content.subject()).startsWith("Your Acme ").doesNotContain("123456");
    assertThat(content.textBody()).contains("123456").contains("10 minutes");
    assertThat(content.htmlBody())
        .contains("123456")
        .contains("10 minutes")
        .startsWith("<!DOCTYPE html>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"email_confirmation", "password_reset"})
  void theBuiltInLinkEmailsSayLinkAndLinkClickably(String purpose) {
    String link = "https://app.example.com/confirm?token=abc_DEF-123";
    EmailContent content =
        EmailTemplates.builder()
            .appName("Acme")
            .build()
            .render(purpose, Locale.UK, Map.of("link", link, "minutes", "60"));

    assertThat(content.subject()).contains("Acme").doesNotContain("code");
    assertThat(content.textBody()).contains("Open this link").contains(link).doesNotContain("code");
    assertThat(content.htmlBody())
        .contains("<a href=\"" + link + "\">")
        .contains("60 minutes")
        .doesNotContain("code");
    assertThatThrownBy(
            () ->
                EmailTemplates.builder()
                    .appName("Acme")
                    .build()
                    .render(purpose, Locale.UK, "123456", Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lookupFallsBackFromRegionToLanguageToDefault() {
    assertThat(templates.render("login", ES_MX, "1", Duration.ofMinutes(5)).textBody())
        .isEqualTo("Código: 1");
    assertThat(
            templates
                .render("login", Locale.forLanguageTag("es-ES"), "1", Duration.ofMinutes(5))
                .subject())
        .isEqualTo("Tu código de Acme & Co");
    assertThat(templates.render("login", Locale.FRENCH, "1", Duration.ofMinutes(5)).subject())
        .isEqualTo("Your Acme & Co sign-in code");
  }

  @Test
  void aTextOnlyTemplateRendersWithoutHtml() {
    assertThat(templates.render("login", ES_MX, "1", Duration.ofMinutes(5)).htmlBody()).isNull();
  }

  @Test
  void valuesAreEscapedInTheHtmlBodyOnly() {
    EmailContent content = templates.render("login", ES, "<b>1</b>", Duration.ofMinutes(5));

    assertThat(content.htmlBody())
        .isEqualTo("<p>Tu código es <b>&lt;b&gt;1&lt;/b&gt;</b>.</p><p>Acme &amp; Co</p>");
    assertThat(content.textBody()).startsWith("Tu código es <b>1</b>.");
  }

  @Test
  void aLinkIsEscapedInsideAnAttribute() {
    EmailContent content =
        templates.render(
            "password_reset",
            Locale.ENGLISH,
            Map.of("link", "https://acme.example/r?t=a\"b&c", "minutes", "30"));

    assertThat(content.htmlBody())
        .isEqualTo("<a href=\"https://acme.example/r?t=a&quot;b&amp;c\">Reset</a>");
    assertThat(content.textBody())
        .isEqualTo("Open https://acme.example/r?t=a\"b&c within 30 minutes.");
  }

  @Test
  void aValueCannotBreakTheSubjectLine() {
    EmailTemplates evil =
        EmailTemplates.builder().appName("Acme\r\nBcc: victim@example.com").build();

    assertThat(evil.render("login", Locale.ENGLISH, "1", Duration.ofMinutes(1)).subject())
        .isEqualTo("Your Acme Bcc: victim@example.com sign-in code");
  }

  @Test
  void theCodeTemplateAsksForAMissingLink() {
    assertThatThrownBy(
            () -> templates.render("password_reset", Locale.ENGLISH, "1", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{link}");
  }

  @Test
  void theBuilderFailsFastNamingTheProblem() {
    assertThatThrownBy(
            () -> EmailTemplates.builder().template("login", ES, "S", "{code}", "<p>{cdoe}</p>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("html for login/es")
        .hasMessageContaining("{cdoe}");
    assertThatThrownBy(
            () -> EmailTemplates.builder().template("login", ES, "S\nBcc: x", "{code}", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> EmailTemplates.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("appName");
  }

  @Test
  void contentBecomesAMessageAndHidesItsBodies() {
    EmailContent content = templates.render("login", ES, "123456", Duration.ofMinutes(5));
    EmailMessage message = content.toMessage("alice@example.com", "no-reply@acme.example");

    assertThat(message.textBody()).isEqualTo(content.textBody());
    assertThat(message.htmlBody()).isEqualTo(content.htmlBody());
    assertThat(content.toString()).doesNotContain("123456");
  }

  /**
   * A module's email, given as subject and text, gets the HTML a built-in email of the same text
   * has: the core's code, link and notice emails are the model.
   */
  @ParameterizedTest
  @ValueSource(strings = {"login", "password_reset", "new_sign_in"})
  void aModulesDefaultIsRenderedAsABuiltInEmailOfTheSameText(String builtIn) {
    EmailTemplates base = EmailTemplates.builder().appName("Acme & Co").build();
    // Rendered with each placeholder as its own value, a built-in email gives back its templates.
    Map<String, String> raw =
        Map.of("app", "{app}", "code", "{code}", "minutes", "{minutes}", "link", "{link}");
    EmailContent source = base.render(builtIn, Locale.ENGLISH, raw);
    EmailTemplates joined = base.withDefault("module_copy", source.subject(), source.textBody());
    Map<String, String> values =
        Map.of("code", "123456", "minutes", "15", "link", "https://app.example.com/x?a=1&b=<2>");

    assertThat(joined.render("module_copy", Locale.UK, values))
        .isEqualTo(base.render(builtIn, Locale.UK, values));
    assertThat(base.purposes()).doesNotContain("module_copy");
  }

  @Test
  void aHostsTranslationOfAModulesEmailWinsAndOtherLocalesFallBackToItsEnglish() {
    EmailTemplates joined =
        EmailTemplates.builder()
            .appName("Acme")
            .template("api_key", ES, "Tu clave de {app}", "Clave nueva en {app}.", null)
            .build()
            .withDefault("api_key", "Your {app} key", "A new key for {app}.\n\n{app}\n");

    assertThat(joined.render("api_key", ES_MX, Map.of()).subject()).isEqualTo("Tu clave de Acme");
    EmailContent english = joined.render("api_key", Locale.FRENCH, Map.of());
    assertThat(english.subject()).isEqualTo("Your Acme key");
    assertThat(english.htmlBody()).contains("<p>A new key for Acme.</p>");
  }

  @Test
  void aModulesDefaultCannotTakeABuiltInNameOrAnUnknownPlaceholder() {
    EmailTemplates base = EmailTemplates.builder().appName("Acme").build();
    assertThatThrownBy(() -> base.withDefault("login", "Your {app} code", "{code}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("login");
    assertThatThrownBy(() -> base.withDefault("api_key", "Your {app} key", "{secret}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{secret}");
    EmailTemplates once = base.withDefault("api_key", "Your {app} key", "{app}");
    assertThatThrownBy(() -> once.withDefault("api_key", "Your {app} key", "{app}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
