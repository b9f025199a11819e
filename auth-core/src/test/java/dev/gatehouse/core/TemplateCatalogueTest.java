package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleTemplate;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsTemplates;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The modules' templates join the core's; a name is the core's or one module's, never two. */
class TemplateCatalogueTest {
  private static final ModuleTemplate KEY_MAIL =
      new ModuleTemplate(
          "template_test_key", "Your {app} key", "A key for {app}.\n\n{app}\n", "A key for {app}.");

  private static Gatehouse.Builder builder() {
    return Gatehouse.builder(
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build(),
        new InMemoryAuthStore());
  }

  private static GatehouseModule module(String name, ModuleTemplate... templates) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ModuleManifest manifest() {
        return ModuleManifest.of(name).templates(templates).build();
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {}
    };
  }

  @Test
  void aModulesTemplatesAreRenderedBesideTheHostsOwn() {
    List<ModuleManifest> manifests = List.of(module("keys", KEY_MAIL).manifest());
    EmailTemplates host =
        EmailTemplates.builder()
            .appName("Acme")
            .template("template_test_key", Locale.GERMAN, "Ihr {app}-Schlüssel", "Neu.", null)
            .build();
    EmailTemplates mails = TemplateCatalogue.email(host, manifests);
    SmsTemplates texts =
        TemplateCatalogue.sms(SmsTemplates.builder().appName("Acme").build(), manifests);

    assertThat(mails.render("template_test_key", Locale.UK, Map.of()).subject())
        .isEqualTo("Your Acme key");
    assertThat(mails.render("template_test_key", Locale.GERMAN, Map.of()).subject())
        .isEqualTo("Ihr Acme-Schlüssel");
    assertThat(texts.render("template_test_key", Locale.UK, Map.of()).text())
        .isEqualTo("A key for Acme.");
    assertThat(mails.render("login", Locale.UK, Map.of("code", "1", "minutes", "2")).subject())
        .isEqualTo("Your Acme sign-in code");
  }

  @Test
  void aTemplateNameTheCoreUsesIsRefusedNamingBoth() {
    Gatehouse.Builder b =
        builder().install(module("thief", ModuleTemplate.sms("login", "{code} for {app}")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "the template login of the module thief is a template of the core already: each"
                + " template's name must be its own");
  }

  @Test
  void aTemplateNameTwoModulesUseIsRefusedNamingBoth() {
    Gatehouse.Builder b =
        builder().install(module("first", KEY_MAIL)).install(module("second", KEY_MAIL));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("template_test_key of the module second")
        .hasMessageContaining("of the module first");
  }

  @Test
  void aBuiltInstanceWithAModulesTemplateStarts() {
    try (Gatehouse g = builder().install(module("keys", KEY_MAIL)).build()) {
      assertThat(g.modules()).hasSize(1);
    }
  }
}
