package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.PhoneNumbersTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsernamesTest {

  @ParameterizedTest(name = "{0} -> {1} / {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alice               | alice         | alice",
        "'  Alice_01  '      | Alice_01      | alice_01",
        "david.b             | david.b       | david.b",
        "thomas_anderson     | thomas_anderson | thomas_anderson",
        "a+b-c@d.e           | a+b-c@d.e     | a+b-c@d.e",
        "9517666986          | 9517666986    | 9517666986",
        "ＡｌｉｃｅＷ          | AliceW        | alicew",
        "ｕｓｅｒ＿１２３        | user_123      | user_123",
        "José                | José          | josé",
        "Ελένη               | Ελένη         | ελένη",
        "山田太郎             | 山田太郎       | 山田太郎",
        "abc                 | abc           | abc",
      })
  void normalizesWithNfkcAndLowerCasesTheCanonicalForm(
      String raw, String normalized, String canonical) {
    assertThat(Usernames.normalize(raw)).isEqualTo(normalized);
    assertThat(Usernames.canonical(raw)).isEqualTo(canonical);
  }

  @Test
  void decomposedAndComposedSpellingsAreOneUsername() {
    assertThat(Usernames.canonical("Jose\u0301")).isEqualTo(Usernames.canonical("josé"));
  }

  @Test
  void fullwidthAndCaseVariantsShareOneCanonicalForm() {
    assertThat(Usernames.canonical("ＡＬＩＣＥ")).isEqualTo(Usernames.canonical("alice"));
  }

  @Test
  void acceptsLengthsFrom3To150CodePoints() {
    assertThat(Usernames.normalize("x".repeat(150))).hasSize(150);
    assertThat(Usernames.normalize("𝒜𝒷𝒸")).isEqualTo("Abc");
    assertThat(Usernames.normalize("山".repeat(150))).hasSize(150);
    assertRefused(() -> Usernames.normalize("x".repeat(151)), "invalid_username");
    assertRefused(() -> Usernames.normalize("xy"), "invalid_username");
    assertRefused(() -> Usernames.normalize("x".repeat(10_000)), "invalid_username");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "ab",
        " ab ",
        "alice smith",
        "alice!",
        "alice#1",
        "al/ice",
        "alice\u0000x",
        "alice\nx",
        "ali\u200Bce",
        "alice😀",
        "a'b'c",
      })
  void refusesInvalidUsernames(String raw) {
    assertRefused(() -> Usernames.normalize(raw), "invalid_username");
    assertRefused(() -> Usernames.canonical(raw), "invalid_username");
  }
}
