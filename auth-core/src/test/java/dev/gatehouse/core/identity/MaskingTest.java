package dev.gatehouse.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "NULL                | <null>",
        "''                  | *** (0 chars)",
        "abcd                | *** (4 chars)",
        "+14155552671        | +1***71 (12 chars)",
        "alice@example.com   | al***om (17 chars)",
        "abcdefghi           | a***i (9 chars)",
        "'\r\nabcdefgh\u00e9\u00e9' | ??***?? (12 chars)",
      })
  void keepsAtMostTwoPrintableCharactersAtEachEnd(String value, String masked) {
    assertThat(Masking.mask(value)).isEqualTo(masked);
  }
}
