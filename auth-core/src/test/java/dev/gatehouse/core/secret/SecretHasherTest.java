package dev.gatehouse.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretHasherTest {
  private final SecretHasher hasher = new SecretHasher("0123456789abcdef0123456789abcdef");

  @Test
  void aHashMatchesOnlyItsSecretUnderItsPurpose() {
    String h = hasher.hash("refresh", "token-1");
    assertThat(h).hasSize(64).doesNotContain("token-1");
    assertThat(hasher.matches("refresh", "token-1", h)).isTrue();
    assertThat(hasher.matches("refresh", "token-2", h)).isFalse();
    assertThat(hasher.matches("reset", "token-1", h)).isFalse();
    assertThat(hasher.matches("refresh", null, h)).isFalse();
  }

  @Test
  void anotherKeyGivesAnotherHash() {
    SecretHasher other = new SecretHasher("fedcba9876543210fedcba9876543210");
    assertThat(other.hash("otp", "123456")).isNotEqualTo(hasher.hash("otp", "123456"));
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new SecretHasher("short")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void codesHaveExactlyTheirDigitsAndVary() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String c = SecretHasher.newNumericCode(6);
      assertThat(c).matches("\\d{6}");
      seen.add(c);
    }
    assertThat(seen.size()).isGreaterThan(190);
    assertThat(SecretHasher.newToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void toStringHidesTheKey() {
    assertThat(hasher.toString()).doesNotContain("0123456789abcdef");
  }
}
