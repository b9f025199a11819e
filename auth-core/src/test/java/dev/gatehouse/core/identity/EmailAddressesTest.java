package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.PhoneNumbersTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alice@example.com               | alice@example.com",
        "'  Alice@Example.COM  '         | Alice@example.com",
        "Alice.Smith+News@Mail.Example.org | Alice.Smith+News@mail.example.org",
        "o'brien@example.ie              | o'brien@example.ie",
        "jörg@Bücher.Example             | jörg@xn--bcher-kva.example",
        "info@例え。テスト                | info@xn--r8jz45g.xn--zckzah",
        "phone_5215512345678@otp.local   | phone_5215512345678@otp.local",
        "dev@example.test                | dev@example.test",
        "a@b.co                          | a@b.co",
      })
  void normalizesTheDomainAndKeepsTheLocalPartAsTyped(String raw, String expected) {
    assertThat(EmailAddresses.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Alice@Example.COM",
        "alice@example.com",
        "ALICE@EXAMPLE.COM",
        " aLiCe@eXaMpLe.CoM ",
      })
  void caseVariantsShareOneCanonicalForm(String raw) {
    assertThat(EmailAddresses.canonical(raw)).isEqualTo("alice@example.com");
  }

  @Test
  void canonicalFormOfAnInternationalDomainIsItsAsciiForm() {
    assertThat(EmailAddresses.canonical("Jörg@BÜCHER.example"))
        .isEqualTo(EmailAddresses.canonical("jörg@xn--bcher-kva.example"))
        .isEqualTo("jörg@xn--bcher-kva.example");
  }

  @Test
  void acceptsEverySymbolAnUnquotedLocalPartMayContain() {
    String local = "user!#$%&'*+-/=?^_`{|}~";
    assertThat(EmailAddresses.normalize(local + "@example.com")).isEqualTo(local + "@example.com");
  }

  @Test
  void dotsAndPlusTagsAreKeptSoDistinctMailboxesStayDistinct() {
    assertThat(EmailAddresses.canonical("a.lice@gmail.com"))
        .isNotEqualTo(EmailAddresses.canonical("alice@gmail.com"));
    assertThat(EmailAddresses.canonical("alice+shop@example.com"))
        .isEqualTo("alice+shop@example.com")
        .isNotEqualTo(EmailAddresses.canonical("alice@example.com"));
  }

  @Test
  void localPartIsTheNormalizedTextBeforeTheAt() {
    assertThat(EmailAddresses.localPart(" Alice.Smith+x@Example.com ")).isEqualTo("Alice.Smith+x");
    assertRefused(() -> EmailAddresses.localPart("not-an-email"), "invalid_email");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "alice",
        "alice@@example.com",
        "alice@bob@example.com",
        "@example.com",
        "alice@",
        "al ice@example.com",
        "alice@exa mple.com",
        "alice\t@example.com",
        "alice@example.com\r\nBcc: eve@example.com",
        "ali\u0000ce@example.com",
        "ali\u200Bce@example.com",
        "alice@localhost",
        "alice@example",
        "alice@example.",
        "alice@.example.com",
        "alice@example..com",
        "alice@-example.com",
        "alice@exa_mple.com",
        "alice@[192.168.0.1]",
        "alice@192.168.0.1",
        ".alice@example.com",
        "alice.@example.com",
        "al..ice@example.com",
        "\"alice\"@example.com",
        "alice,bob@example.com",
        "alice<x>@example.com",
        "alice;@example.com",
        "alice(comment)@example.com",
      })
  void refusesMalformedAddresses(String raw) {
    assertRefused(() -> EmailAddresses.normalize(raw), "invalid_email");
    assertRefused(() -> EmailAddresses.canonical(raw), "invalid_email");
  }

  @Test
  void refusesAddressesLongerThan254Characters() {
    String domain = "@" + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".example";
    String local = "x".repeat(254 - domain.length());
    assertThat(EmailAddresses.normalize(local + domain)).hasSize(254);
    assertRefused(() -> EmailAddresses.normalize("x" + local + domain), "invalid_email");
  }

  @Test
  void refusesAddressesThatGrowPast254CharactersAsAscii() {
    // Each label is 24 characters typed and 35 once converted to "xn--…".
    String label = "例え".repeat(12);
    String raw = "x@" + String.join(".", Collections.nCopies(8, label)) + ".example";
    assertThat(raw.length()).isLessThanOrEqualTo(254);
    assertRefused(() -> EmailAddresses.normalize(raw), "invalid_email");
  }

  @Test
  void refusesLocalPartsLongerThan64Characters() {
    assertThat(EmailAddresses.normalize("x".repeat(64) + "@example.com")).startsWith("xxx");
    assertRefused(() -> EmailAddresses.normalize("x".repeat(65) + "@example.com"), "invalid_email");
  }

  @Test
  void messagesNeverContainTheWholeAddress() {
    assertThatThrownBy(() -> EmailAddresses.normalize("secret.person@localhost"))
        .hasMessageNotContaining("secret.person")
        .hasMessageNotContaining("localhost");
  }
}
