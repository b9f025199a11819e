package dev.gatehouse.core.secret.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 =
      "k2:" + Base64.getUrlEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  private static final byte[] SECRET = "seed-bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void theNewestKeySealsAndEveryKeyOfTheRingOpens() {
    SecretBox old = SecretBox.parse(K1);
    String sealedWithOld = old.seal(SECRET, "user-1");
    SecretBox rotated = SecretBox.parse(K2 + "," + K1);
    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    assertThat(rotated.open(sealedWithOld, "user-1")).isEqualTo(SECRET);
    String sealedWithNew = rotated.seal(SECRET, "user-1");
    assertThat(sealedWithNew).startsWith("v1:k2:").doesNotContain("seed");
    assertThatThrownBy(() -> old.open(sealedWithNew, "user-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k2");
  }

  @Test
  void aSealedValueDoesNotOpenForAnotherOwnerOrAltered() {
    SecretBox box = SecretBox.parse(K1);
    String sealed = box.seal(SECRET, "user-1");
    assertThatThrownBy(() -> box.open(sealed, "user-2")).isInstanceOf(IllegalStateException.class);
    // Alter a character inside the payload: the last one may carry only padding bits, which a
    // decoder ignores, so changing it would not always change the bytes.
    int at = sealed.lastIndexOf(':') + 2;
    char c = sealed.charAt(at);
    String altered = sealed.substring(0, at) + (c == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    assertThatThrownBy(() -> box.open(altered, "user-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining(altered);
    assertThat(box.seal(SECRET, "user-1")).as("a fresh nonce each time").isNotEqualTo(sealed);
  }

  @Test
  void aMalformedRingIsAConfigurationErrorThatQuotesNoKey() {
    String shortKey = "k1:" + Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SecretBox.parse(shortKey))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey.substring(3));
    assertThatThrownBy(() -> SecretBox.parse(K1 + "," + K1))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SecretBox.parse("nocolon")).isInstanceOf(ConfigurationException.class);
    assertThat(SecretBox.parse(K2 + "," + K1).toString()).isEqualTo("SecretBox[keys=[k2, k1]]");
  }
}
