package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.PhoneNumbersTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alice@example.com     | EMAIL",
        "' Alice@Example.COM ' | EMAIL",
        "not@valid@email       | EMAIL",
        "+52 55 1234 5678      | PHONE",
        "+1                    | PHONE",
        "(415) 555-2671        | PHONE",
        "415-555-2671          | PHONE",
        "5551234               | PHONE",
        "' 55 1234 5678 '      | PHONE",
        "２０２５５５０１７３    | PHONE",
        "555123                | USERNAME",
        "555.123.4567          | USERNAME",
        "alice                 | USERNAME",
        "alice_01              | USERNAME",
        "user1234567           | USERNAME",
        "(((---)))             | USERNAME",
      })
  void classifiesByShape(String raw, IdentifierKind kind) {
    assertThat(Identifiers.classify(raw)).isEqualTo(kind);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void refusesMissingIdentifiers(String raw) {
    assertRefused(() -> Identifiers.classify(raw), "invalid_identifier");
  }
}
