package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.token.AccessTokenCustomizer;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailRenderer.EmailContent;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder's setters run once, as Caffeine's do: a second call is refused, never applied. */
class GatehouseBuilderTest {

  private static Gatehouse.Builder builder() {
    return Gatehouse.builder(
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build(),
        new InMemoryAuthStore());
  }

  /** Every setter of one value, each with a value it accepts. */
  static Stream<Arguments> setters() {
    return Stream.of(
        setter("smsSender", b -> b.smsSender(SmsSender.logging())),
        setter("emailSender", b -> b.emailSender(EmailSender.logging())),
        setter("signingKeys", b -> b.signingKeys(SigningKeys.ephemeral(SigningAlgorithm.ES256))),
        setter("smsTemplates", b -> b.smsTemplates(SmsTemplates.builder().appName("Test").build())),
        setter(
            "emailTemplates",
            b -> b.emailTemplates(EmailTemplates.builder().appName("Test").build())),
        setter(
            "passwordHashing",
            b ->
                b.passwordHashing(
                    PasswordHashing.create(
                        PasswordHashingOptions.builder().argon2(7168, 1, 1).build()))),
        setter("legacyAccounts", b -> b.legacyAccounts(id -> Optional.empty())),
        setter("deliveryExecutor", b -> b.deliveryExecutor(Runnable::run)),
        setter("dispatchDeliveries", b -> b.dispatchDeliveries(false)),
        setter(
            "emailRenderer",
            b -> b.emailRenderer((purpose, locale, values) -> new EmailContent("s", "t", null))),
        setter(
            "accessTokenCustomizer", b -> b.accessTokenCustomizer(AccessTokenCustomizer.none())));
  }

  /** A renderer the builder only holds: no test here renders a mail with it. */
  private static final EmailRenderer UNUSED_RENDERER =
      (purpose, locale, values) -> {
        throw new AssertionError("not called");
      };

  /** A module that sets the email renderer, under the name it is given. */
  private static GatehouseModule rendererModule(String name) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {
        builder.emailRenderer(UNUSED_RENDERER);
      }
    };
  }

  @Test
  void aModuleSetsItsPartsThroughTheSetters() {
    Gatehouse.Builder b = builder().install(rendererModule("mails"));
    assertThat(b.emailRenderer).isSameAs(UNUSED_RENDERER);
  }

  @Test
  void aModuleOfOneNameIsInstalledOnce() {
    Gatehouse.Builder b = builder().install(rendererModule("mails"));
    assertThatThrownBy(() -> b.install(rendererModule("mails")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the module mails was already installed on this builder");
  }

  @Test
  void aModuleSettingWhatTheHostSetIsRefusedByTheSettingsName() {
    Gatehouse.Builder b = builder().emailRenderer(UNUSED_RENDERER);
    assertThatThrownBy(() -> b.install(rendererModule("other-mails")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("emailRenderer was already set");
  }

  private static Arguments setter(String name, Consumer<Gatehouse.Builder> call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setters")
  void aSecondCallIsRefusedByName(String name, Consumer<Gatehouse.Builder> call) {
    Gatehouse.Builder b = builder();
    call.accept(b);
    assertThatThrownBy(() -> call.accept(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(name + " was already set");
  }

  @Test
  void theRefusedValueIsNotApplied() {
    Gatehouse.Builder b = builder();
    SmsSender first = SmsSender.logging();
    b.smsSender(first);
    assertThatThrownBy(() -> b.smsSender(SmsSender.logging()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(b.smsSender).isSameAs(first);
  }

  @Test
  void theAddersAddAsOftenAsCalled() {
    Gatehouse.Builder b = builder();
    b.listener(event -> {}).listener(event -> {});
    b.observer(new dev.gatehouse.core.observe.GatehouseObserver() {})
        .observer(new dev.gatehouse.core.observe.GatehouseObserver() {});
    assertThat(b.listeners).hasSize(2);
    assertThat(b.observers).hasSize(2);
    try (Gatehouse built = b.build()) {
      assertThat(built.config()).isNotNull();
    }
  }

  @Test
  void aNullIsRefusedWithoutTakingTheSetting() {
    Gatehouse.Builder b = builder();
    assertThatThrownBy(() -> b.deliveryExecutor(null)).isInstanceOf(NullPointerException.class);
    b.deliveryExecutor(Runnable::run);
    assertThat(b.deliveryExecutor).isNotNull();
  }

  @Test
  void valuesCarryNoMessageText() {
    // The refusal names the setting only: a value's toString could quote a key or a password.
    Gatehouse.Builder b = builder();
    b.signingKeys(SigningKeys.ephemeral(SigningAlgorithm.ES256));
    assertThatThrownBy(() -> b.signingKeys(SigningKeys.ephemeral(SigningAlgorithm.ES256)))
        .hasMessage(
            "signingKeys was already set on this builder; set it once (a builder setter never"
                + " replaces a value)");
  }
}
