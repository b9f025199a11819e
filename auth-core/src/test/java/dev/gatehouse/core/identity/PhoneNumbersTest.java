package dev.gatehouse.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  @ParameterizedTest(name = "[{0}] {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "US | (415) 555-2671        | +14155552671",
        "US | 415-555-2671          | +14155552671",
        "US | 415 555 2671          | +14155552671",
        "US | 1 (415) 555-2671      | +14155552671",
        "US | +1 (650) 253-0000     | +16502530000",
        "US | ' 202.555.0173 '      | +12025550173",
        "US | ２０２５５５０１７３  | +12025550173",
        "US | 011 44 20 7946 0958   | +442079460958",
        "US | 416 555 0123          | +14165550123",
        "MX | 55 1234 5678          | +525512345678",
        "MX | 55-1234-5678          | +525512345678",
        "MX | (33) 1234-5678        | +523312345678",
        "MX | +52 55 1234 5678      | +525512345678",
        "MX | +52 1 55 1234 5678    | +525512345678",
        "MX | +5215512345678        | +525512345678",
        "GB | 07400 123456          | +447400123456",
        "GB | 020 7946 0958         | +442079460958",
        "GB | +44 (0)20 7946 0958   | +442079460958",
        "GB | 0044 7400 123456      | +447400123456",
        "DE | 030 12345678          | +493012345678",
        "DE | 0170 1234567          | +491701234567",
        "DE | +49 (0)30 12345678    | +493012345678",
        "DE | 0151-23456789         | +4915123456789",
        "IN | 98765 43210           | +919876543210",
        "IN | 098765-43210          | +919876543210",
        "IN | +91 98765-43210       | +919876543210",
        "IN | 022 2345 6789         | +912223456789",
      })
  void normalizesNumbersTypedInManyFormatsToE164(String region, String raw, String expected) {
    assertThat(PhoneNumbers.forRegion(region).normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "US | 12345",
        "US | 555-0173",
        "US | 1234567",
        "US | (555) 000-0000",
        "US | 0000000000",
        "US | 1-800-FLOWERS",
        "US | 415-555-267a",
        "US | +1 202 555 0173 ext. 12",
        "US | tel:+1-202-555-0173",
        "US | 07400 123456",
        "GB | 415 555 2671",
        "MX | 044 55 1234 5678",
        "DE | 12",
        "IN | 02345 67890",
        "US | +999 1234567",
        "US | ---",
        "US | '   '",
      })
  void refusesNumbersThatAreNotValid(String region, String raw) {
    assertThatThrownBy(() -> PhoneNumbers.forRegion(region).normalize(raw))
        .isInstanceOf(RejectedInputException.class)
        .extracting(e -> ((RejectedInputException) e).code())
        .isEqualTo("invalid_phone");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void refusesMissingNumbers(String raw) {
    assertRefused(() -> PhoneNumbers.forRegion("US").normalize(raw), "invalid_phone");
  }

  @Test
  void refusesInputLongerThan64CharactersBeforeParsing() {
    String atLimit = "+1 415 555 2671" + " ".repeat(64 - 15);
    assertThat(atLimit).hasSize(64);
    assertThat(PhoneNumbers.forRegion("US").normalize(atLimit)).isEqualTo("+14155552671");

    String overLimit = atLimit + " ";
    assertThatThrownBy(() -> PhoneNumbers.forRegion("US").normalize(overLimit))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("longer than 64")
        .hasNoCause();
  }

  @Test
  void messagesNeverContainTheWholeInput() {
    assertThatThrownBy(() -> PhoneNumbers.forRegion("US").normalize("415 555 267"))
        .hasMessageNotContaining("415 555 267")
        .hasMessageNotContaining("415555267");
    assertThatThrownBy(
            () ->
                PhoneNumbers.builder()
                    .defaultRegion("US")
                    .deniedRegions(Set.of("GB"))
                    .build()
                    .normalize("+44 7400 123456"))
        .hasMessageNotContaining("7400 123456")
        .hasMessageNotContaining("447400123456");
  }

  @Test
  void allowListRefusesNumbersFromOtherRegions() {
    PhoneNumbers phones =
        PhoneNumbers.builder().defaultRegion("MX").allowedRegions(List.of("MX", "us")).build();

    assertThat(phones.allowedRegions()).containsExactly("MX", "US");
    assertThat(phones.normalize("55 1234 5678")).isEqualTo("+525512345678");
    assertThat(phones.normalize("+1 415 555 2671")).isEqualTo("+14155552671");
    assertRefused(() -> phones.normalize("+1 416 555 0123"), "phone_country_not_allowed");
    assertRefused(() -> phones.normalize("+44 7400 123456"), "phone_country_not_allowed");
    assertRefused(() -> phones.normalize("+800 1234 5678"), "phone_country_not_allowed");
  }

  @Test
  void denyListRefusesOnlyTheListedRegions() {
    PhoneNumbers phones =
        PhoneNumbers.builder().defaultRegion("US").deniedRegions(Set.of("GB", "001")).build();

    assertThat(phones.normalize("+91 98765 43210")).isEqualTo("+919876543210");
    assertRefused(() -> phones.normalize("+44 7400 123456"), "phone_country_not_allowed");
    assertRefused(() -> phones.normalize("+800 1234 5678"), "phone_country_not_allowed");
    assertRefused(() -> phones.normalize("7400123456", "44"), "phone_country_not_allowed");
  }

  @Test
  void nonGeographicNumbersAreAcceptedWithoutLists() {
    PhoneNumbers phones = PhoneNumbers.forRegion("US");
    assertThat(phones.normalize("+800 1234 5678")).isEqualTo("+80012345678");
    assertThat(phones.regionOf("+80012345678")).isEqualTo("001");
    assertThat(phones.normalize("1234 5678", "800")).isEqualTo("+80012345678");
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "5512345678      | 52   | +525512345678",
        "5512345678      | +52  | +525512345678",
        "55 1234 5678    | ' 52 ' | +525512345678",
        "15512345678     | 52   | +525512345678",
        "312-555-0119    | 1    | +13125550119",
        "847 555 0134    | 1    | +18475550134",
        "13125550119     | 1    | +13125550119",
        "416 555 0123    | 1    | +14165550123",
        "07400 123456    | 44   | +447400123456",
        "7400123456      | 44   | +447400123456",
        "447400123456    | 44   | +447400123456",
        "98765 43210     | 91   | +919876543210",
        "+52 55 1234 5678 | 52  | +525512345678",
        "030 12345678    | 049  | +493012345678",
      })
  void normalizesNumbersStoredWithASeparateCountryCode(
      String national, String callingCode, String expected) {
    assertThat(PhoneNumbers.forRegion("US").normalize(national, callingCode)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "5512345678       | NULL",
        "5512345678       | ''",
        "5512345678       | 5a",
        "5512345678       | 1234",
        "5512345678       | ++52",
        "5512345678       | 999",
        "NULL             | 52",
        "''               | 52",
        "12345            | 52",
        "+44 7400 123456  | 52",
        "1112345678       | 1",
      })
  void refusesMalformedOrInconsistentSeparateCountryCodes(String national, String callingCode) {
    assertRefused(
        () -> PhoneNumbers.forRegion("US").normalize(national, callingCode), "invalid_phone");
  }

  @ParameterizedTest(name = "{0} is in {1}")
  @CsvSource({
    "+14155552671, US",
    "+14165550123, CA",
    "+525512345678, MX",
    "+447400123456, GB",
    "+493012345678, DE",
    "+919876543210, IN",
  })
  void regionOfNamesTheCountryOfTheNumber(String e164, String region) {
    assertThat(PhoneNumbers.forRegion("US").regionOf(e164)).isEqualTo(region);
  }

  @Test
  void regionOfIgnoresTheAllowList() {
    PhoneNumbers phones =
        PhoneNumbers.builder().defaultRegion("US").allowedRegions(Set.of("US")).build();
    assertThat(phones.regionOf("+447400123456")).isEqualTo("GB");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "14155552671",
        "+1 415 555 2671",
        "+1415555267",
        "(415) 555-2671",
        "+5215512345678"
      })
  void regionOfAndPrefixOfAcceptOnlyCanonicalE164(String notE164) {
    PhoneNumbers phones = PhoneNumbers.forRegion("US");
    assertRefused(() -> phones.regionOf(notE164), "invalid_phone");
    assertRefused(() -> phones.prefixOf(notE164, 3), "invalid_phone");
  }

  @ParameterizedTest(name = "{0} with {1} digits -> {2}")
  @CsvSource({
    "+525512345678, 0, +52",
    "+525512345678, 2, +5255",
    "+525512345678, 4, +525512",
    "+14155552671, 3, +1415",
    "+447400123456, 4, +447400",
    "+14155552671, 10, +14155552671",
    "+14155552671, 99, +14155552671",
  })
  void prefixOfKeepsTheCallingCodeAndTheFirstNationalDigits(
      String e164, int digits, String prefix) {
    assertThat(PhoneNumbers.forRegion("US").prefixOf(e164, digits)).isEqualTo(prefix);
  }

  @Test
  void prefixOfRefusesNegativeDigitCounts() {
    assertThatThrownBy(() -> PhoneNumbers.forRegion("US").prefixOf("+14155552671", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void possibleButNotValidNumbersAreAcceptedOnlyWhenAskedFor() {
    // Ten digits, possible in the US, but NANP exchanges never start with 0.
    String typed = "(212) 055-0123";
    assertThatThrownBy(() -> PhoneNumbers.forRegion("US").normalize(typed))
        .isInstanceOfSatisfying(
            RejectedInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_phone"))
        .hasMessageContaining("gatehouse.phone.accept-possible-numbers");
    PhoneNumbers lenient =
        PhoneNumbers.builder().defaultRegion("US").acceptPossibleNumbers(true).build();
    assertThat(lenient.acceptsPossibleNumbers()).isTrue();
    assertThat(lenient.normalize(typed)).isEqualTo("+12120550123");
    assertThat(lenient.normalize("2120550123", "1")).isEqualTo("+12120550123");
    assertThat(lenient.regionOf("+12120550123")).isEqualTo("US");
    assertThat(lenient.prefixOf("+12120550123", 3)).isEqualTo("+1212");
    assertThat(lenient)
        .hasToString(
            "PhoneNumbers[defaultRegion=US, allowedRegions=[], deniedRegions=[],"
                + " acceptPossibleNumbers=true]");
    // Impossible lengths, letters and the region lists stay refused.
    assertThatThrownBy(() -> lenient.normalize("12 34"))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageNotContaining("accept-possible-numbers");
    // Seven digits are possible only as a local number (no area code): still refused.
    assertThatThrownBy(() -> lenient.normalize("055-0123"))
        .isInstanceOf(RejectedInputException.class);
    assertThatThrownBy(() -> lenient.normalize("1-800-FLOWERS"))
        .isInstanceOf(RejectedInputException.class);
    PhoneNumbers denied =
        PhoneNumbers.builder()
            .defaultRegion("MX")
            .deniedRegions(java.util.List.of("US"))
            .acceptPossibleNumbers(true)
            .build();
    assertThatThrownBy(() -> denied.normalize("+1 212 055 0123"))
        .isInstanceOfSatisfying(
            RejectedInputException.class,
            e -> assertThat(e.code()).isEqualTo("phone_country_not_allowed"));
    assertThatThrownBy(() -> PhoneNumbers.forRegion("US").regionOf("+12120550123"))
        .isInstanceOf(RejectedInputException.class);
  }

  @Test
  void regionCodesAreCaseInsensitive() {
    PhoneNumbers phones = PhoneNumbers.forRegion(" mx ");
    assertThat(phones.defaultRegion()).isEqualTo("MX");
    assertThat(phones.allowedRegions()).isEmpty();
    assertThat(phones.deniedRegions()).isEmpty();
    assertThat(phones)
        .hasToString("PhoneNumbers[defaultRegion=MX, allowedRegions=[], deniedRegions=[]]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "USA", "XX", "ZZ", "001", "U"})
  void unknownDefaultRegionFailsAtBuildTimeNamingTheKey(String region) {
    assertThatThrownBy(() -> PhoneNumbers.forRegion(region))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.defaultRegion");
  }

  @Test
  void missingDefaultRegionFailsAtBuildTime() {
    assertThatThrownBy(() -> PhoneNumbers.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.defaultRegion");
  }

  @Test
  void unknownListedRegionsFailAtBuildTimeNamingTheKey() {
    assertThatThrownBy(
            () ->
                PhoneNumbers.builder()
                    .defaultRegion("US")
                    .allowedRegions(Set.of("US", "QQ"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.allowedRegions")
        .hasMessageContaining("QQ");
    assertThatThrownBy(
            () ->
                PhoneNumbers.builder().defaultRegion("US").deniedRegions(Set.of("Mexico")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.deniedRegions");
  }

  @Test
  void overlappingAllowAndDenyListsFailAtBuildTime() {
    assertThatThrownBy(
            () ->
                PhoneNumbers.builder()
                    .defaultRegion("US")
                    .allowedRegions(Set.of("US", "MX"))
                    .deniedRegions(Set.of("mx"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.allowedRegions")
        .hasMessageContaining("phone.deniedRegions")
        .hasMessageContaining("MX");
  }

  @Test
  void defaultRegionRefusedByTheListsFailsAtBuildTime() {
    assertThatThrownBy(
            () -> PhoneNumbers.builder().defaultRegion("US").allowedRegions(Set.of("MX")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.defaultRegion");
    assertThatThrownBy(
            () -> PhoneNumbers.builder().defaultRegion("US").deniedRegions(Set.of("US")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("phone.defaultRegion");
  }

  @Test
  void builderSettersRefuseNull() {
    assertThatThrownBy(() -> PhoneNumbers.builder().defaultRegion(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PhoneNumbers.builder().allowedRegions(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> PhoneNumbers.builder().deniedRegions(java.util.Arrays.asList("US", null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void listsExposedByTheInstanceCannotBeModified() {
    PhoneNumbers phones =
        PhoneNumbers.builder().defaultRegion("US").allowedRegions(Set.of("US")).build();
    assertThatThrownBy(() -> phones.allowedRegions().add("GB"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static void assertRefused(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOf(RejectedInputException.class)
        .extracting(e -> ((RejectedInputException) e).code())
        .isEqualTo(code);
  }
}
