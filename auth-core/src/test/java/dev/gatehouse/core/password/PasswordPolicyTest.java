package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.password.PasswordPolicy.PasswordPolicyOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
  private final PasswordPolicy policy =
      new PasswordPolicy(PasswordPolicyOptions.builder().appName("Gatehouse").build());

  private static final List<String> ACCOUNT = List.of("alice.smith@example.com", "wonderland42");

  private void assertRefused(String password, String code) {
    assertThatThrownBy(() -> policy.check(password, ACCOUNT))
        .isInstanceOfSatisfying(
            RejectedInputException.class, e -> assertThat(e.code()).isEqualTo(code))
        .satisfies(
            e -> {
              if (password != null && !password.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(password);
              }
            });
  }

  @Test
  void aLongPassphraseWithSpacesAndEmojiIsAccepted() {
    assertThatCode(() -> policy.check("  tea kettle 🫖 on a rainy tuesday  ", ACCOUNT))
        .doesNotThrowAnyException();
  }

  @Test
  void noCompositionRulesApply() {
    assertThatCode(() -> policy.check("lowercaseonlybutlong", ACCOUNT)).doesNotThrowAnyException();
  }

  @Test
  void aMissingPasswordIsRefused() {
    assertRefused(null, "password_required");
    assertRefused("", "password_required");
  }

  @Test
  void aShortPasswordIsRefusedCountingCharactersNotBytes() {
    assertRefused("xq7#pz!", "password_too_short");
    // Seven emoji are 28 bytes but still seven characters.
    assertRefused("🫖🫖🫖🫖🫖🫖🫖", "password_too_short");
    assertThatCode(() -> policy.check("🫖🫖🫖🫖🫖🫖🫖🐎", ACCOUNT)).doesNotThrowAnyException();
  }

  @Test
  void spacesAreNotTrimmedAndCountTowardsTheLength() {
    assertThatCode(() -> policy.check("  zq7#p  ", ACCOUNT)).doesNotThrowAnyException();
  }

  @Test
  void theMinimumIsConfigurable() {
    PasswordPolicy strict =
        new PasswordPolicy(PasswordPolicyOptions.builder().minLength(15).build());
    assertThatThrownBy(() -> strict.check("fourteen chars", List.of()))
        .hasFieldOrPropertyWithValue("error", ErrorCode.PASSWORD_TOO_SHORT)
        .hasMessage("password must have at least 15 characters, had 14");
    assertThatCode(() -> strict.check("fifteen chars!!", List.of())).doesNotThrowAnyException();
  }

  @Test
  void passwordsOf64To128CharactersAreAllowedAndLongerOnesRefused() {
    assertThatCode(() -> policy.check("k".repeat(3) + "z9".repeat(62) + "q", ACCOUNT))
        .doesNotThrowAnyException();
    assertRefused("kz9".repeat(43), "password_too_long");
  }

  @Test
  void theByteCapIsEnforcedEvenWithinTheCharacterLimit() {
    PasswordPolicy tight =
        new PasswordPolicy(PasswordPolicyOptions.builder().maxLength(64).maxBytes(72).build());
    String password = "é".repeat(40); // 40 characters, 80 bytes
    assertThatThrownBy(() -> tight.check(password, List.of()))
        .hasFieldOrPropertyWithValue("error", ErrorCode.PASSWORD_TOO_LONG)
        .hasMessageContaining("72 bytes");
  }

  @Test
  void commonPasswordsAreRefusedIgnoringCase() {
    assertRefused("baseball", "password_too_common"); // exactly 8 characters
    assertRefused("password1", "password_too_common");
    assertRefused("PassWord123", "password_too_common");
    assertRefused("iloveyou", "password_too_common");
  }

  @Test
  void theBlocklistShipsAtLeastTenThousandPasswords() {
    assertThat(PasswordPolicy.blocklistSize()).isGreaterThan(10_000);
    assertThat(PasswordPolicy.isCommon("123456")).isTrue();
    assertThat(PasswordPolicy.isCommon("tea kettle on a rainy tuesday")).isFalse();
  }

  @Test
  void theBlocklistCanBeSwitchedOff() {
    PasswordPolicy lax =
        new PasswordPolicy(PasswordPolicyOptions.builder().blocklistEnabled(false).build());
    assertThatCode(() -> lax.check("password1", List.of())).doesNotThrowAnyException();
  }

  @Test
  void passwordsContainingTheAccountsWordsAreRefused() {
    assertRefused("Alice.Smith-2024!", "password_similar_to_account");
    assertRefused("my wonderland42 pass", "password_similar_to_account");
    assertRefused("I love GATEHOUSE so much", "password_similar_to_account");
  }

  @Test
  void shortContextWordsAreRefusedOnlyAsTheWholePassword() {
    List<String> shortWords = Arrays.asList("bob@example.com", null, "abcdefghij");
    assertThatCode(() -> policy.check("bob builds big boats", shortWords))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.check("ABCDEFGHIJ", shortWords))
        .hasFieldOrPropertyWithValue("error", ErrorCode.PASSWORD_SIMILAR_TO_ACCOUNT);
  }

  @Test
  void normalisationIsNfkcAndNothingElse() {
    assertThat(PasswordPolicy.normalize("ﬁne Ｐａｓｓ")).isEqualTo("fine Pass");
    assertThat(PasswordPolicy.normalize("e\u0301")).isEqualTo("é");
    assertThat(PasswordPolicy.normalize("  Mixed Case  ")).isEqualTo("  Mixed Case  ");
  }

  @Test
  void compatibilityFormsOfACommonPasswordAreStillRefused() {
    assertRefused("ｐａｓｓｗｏｒｄ１", "password_too_common"); // full-width "password1"
  }

  @Test
  void invalidOptionsNameTheirKey() {
    assertThatThrownBy(() -> PasswordPolicyOptions.builder().maxLength(32).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("password.policy.maxLength must be >= 64");
    assertThatThrownBy(() -> PasswordPolicyOptions.builder().minLength(0).build())
        .hasMessageStartingWith("password.policy.minLength");
    assertThatThrownBy(() -> PasswordPolicyOptions.builder().maxBytes(9000).build())
        .hasMessageStartingWith("password.policy.maxBytes");
  }
}
