package dev.gatehouse.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateCatalogTest {
  private final TemplateCatalog<String> catalog =
      TemplateCatalog.builder(Map.of("p", "english", "only_en", "english only"))
          .appName("Acme")
          .defaultLocale(Locale.GERMAN)
          .put("p", Locale.forLanguageTag("es"), where -> "es from " + where)
          .put("p", Locale.forLanguageTag("es-MX"), where -> "es-MX from " + where)
          .put("p", Locale.GERMAN, where -> "de")
          .build();

  @ParameterizedTest
  @CsvSource({
    "es-MX, es-MX, es-MX from p/es-MX",
    "es-AR, es, es from p/es",
    "es, es, es from p/es",
    "fr-FR, de, de",
    "en-GB, en, english"
  })
  void theLocaleFallsBackToItsLanguageThenTheDefaultThenEnglish(
      String asked, String foundUnder, String entry) {
    TemplateCatalog.Match<String> match =
        catalog.find("p", Locale.forLanguageTag(asked), Map.of()).orElseThrow();

    assertThat(match.languageTag()).isEqualTo(foundUnder);
    assertThat(match.entry()).isEqualTo(entry);
  }

  @Test
  void theBuiltInEnglishStaysReachableBehindAnotherDefault() {
    assertThat(catalog.find("only_en", Locale.JAPANESE, Map.of()).map(m -> m.entry()))
        .contains("english only");
    assertThat(catalog.find("nope", Locale.JAPANESE, Map.of())).isEqualTo(Optional.empty());
    assertThat(catalog.purposes()).containsExactlyInAnyOrder("p", "only_en");
  }

  @Test
  void theAppNameIsADefaultValue() {
    assertThat(catalog.find("p", Locale.GERMAN, Map.of("code", "1")).orElseThrow().values())
        .containsExactlyInAnyOrderEntriesOf(Map.of("code", "1", "app", "Acme"));
    assertThat(catalog.find("p", Locale.GERMAN, Map.of("app", "Other")).orElseThrow().values())
        .containsEntry("app", "Other");
  }

  @Test
  void codeValuesRoundTheValidityUpToWholeMinutes() {
    assertThat(TemplateCatalog.codeValues("42", Duration.ofSeconds(61)))
        .isEqualTo(Map.of("code", "42", "minutes", "2"));
    assertThatThrownBy(() -> TemplateCatalog.codeValues("42", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  @Test
  void theBuilderChecksPurposeLocaleAndAppNameBeforeMakingTheEntry() {
    TemplateCatalog.Builder<String> builder = TemplateCatalog.builder(Map.of());

    assertThatThrownBy(() -> builder.put("a|b", Locale.ENGLISH, where -> fail()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a|b'");
    assertThatThrownBy(() -> builder.put("p", Locale.ROOT, where -> fail()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("language");
    assertThatThrownBy(() -> builder.defaultLocale(Locale.ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("appName was not set");
  }

  private static String fail() {
    throw new AssertionError("entry made before the key was checked");
  }
}
