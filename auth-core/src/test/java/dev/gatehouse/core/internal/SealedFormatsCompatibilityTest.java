package dev.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.secret.internal.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values sealed before the three sealers shared one AES-GCM primitive, produced once by that code
 * with the key 0x00..0x1f: outbox rows, social tokens and sealed TOTP seeds already stored must
 * still open, and what is sealed now must keep the same layout.
 */
class SealedFormatsCompatibilityTest {
  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) i;
    }
  }

  private static final String BINDING = PayloadSeal.binding("email", "verify", "a***@example.com");
  private static final Payload PAYLOAD =
      new Payload(
          "ann@example.com", "no-reply@example.com", "Verify", "code 123456", null, "123456");
  private static final String OLD_PAYLOAD =
      "ARQ6rIj/zO1fXEe8JmD/xE082kzXLD5TELj73oudW720OzJ6H7JVbaYZHQHTfauI8Zj1HAV/jfpj9+/1MwMa85cSs8H3"
          + "iaycP8Lx6T27kPDrftQGnJkiXRcJwE2gv5/2PWd8uaftBktXNrhw1c0auWg=";
  private static final List<String> FIELDS = Arrays.asList("google", null, "nonce-1");
  private static final String OLD_SEALED_FIELDS =
      "AQWxYx03pNWuCAyMcccyMMtylW0FI2LaPcU5R88APQEfMnvqllB_PjbL1h7H8djR6wCWt8WDMg";
  private static final byte[] SEED = "seed-bytes".getBytes(StandardCharsets.UTF_8);
  private static final String OLD_SEALED_SEED =
      "v1:sk:MrMMR3orVu7xiFrU3c4Z_Kgs6raFs4YSyuqkSvYWoUdLiG_mvdI";

  @Test
  void anOutboxPayloadSealedByTheEarlierCodeStillOpens() throws GeneralSecurityException {
    PayloadSeal seal = new PayloadSeal(KEY);
    byte[] old = Base64.getDecoder().decode(OLD_PAYLOAD);
    assertThat(seal.open(BINDING, old)).isEqualTo(PAYLOAD);
    assertThatThrownBy(() -> seal.open(PayloadSeal.binding("sms", "verify", "+1***"), old))
        .isInstanceOf(GeneralSecurityException.class);

    byte[] fresh = seal.seal(BINDING, PAYLOAD);
    assertThat(fresh).hasSameSizeAs(old);
    assertThat(fresh[0]).isEqualTo(old[0]);
    assertThat(seal.open(BINDING, fresh)).isEqualTo(PAYLOAD);
  }

  @Test
  void aSocialTokenSealedByTheEarlierCodeStillOpens() throws GeneralSecurityException {
    Sealer sealer = new Sealer(KEY);
    assertThat(sealer.open("social-state", OLD_SEALED_FIELDS)).isEqualTo(FIELDS);
    assertThatThrownBy(() -> sealer.open("link-required", OLD_SEALED_FIELDS))
        .isInstanceOf(GeneralSecurityException.class);

    String fresh = sealer.seal("social-state", FIELDS);
    assertThat(fresh).hasSameSizeAs(OLD_SEALED_FIELDS);
    assertThat(Base64.getUrlDecoder().decode(fresh)[0]).as("version byte").isEqualTo((byte) 1);
    assertThat(sealer.open("social-state", fresh)).isEqualTo(FIELDS);
  }

  @Test
  void aSeedSealedByTheEarlierCodeStillOpens() {
    SecretBox box = SecretBox.parse("sk:" + Base64.getEncoder().encodeToString(KEY));
    assertThat(box.open(OLD_SEALED_SEED, "user-1")).isEqualTo(SEED);
    assertThatThrownBy(() -> box.open(OLD_SEALED_SEED, "user-2"))
        .isInstanceOf(IllegalStateException.class);

    String fresh = box.seal(SEED, "user-1");
    assertThat(fresh).hasSameSizeAs(OLD_SEALED_SEED).startsWith("v1:sk:");
    assertThat(box.open(fresh, "user-1")).isEqualTo(SEED);
  }

  @Test
  void truncatedValuesAreRejectedAsNotSealed() {
    PayloadSeal seal = new PayloadSeal(KEY);
    byte[] old = Base64.getDecoder().decode(OLD_PAYLOAD);
    assertThatThrownBy(() -> seal.open(BINDING, Arrays.copyOf(old, 20)))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> seal.open(BINDING, new byte[0]))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> new Sealer(KEY).open("social-state", "AQ"))
        .isInstanceOf(GeneralSecurityException.class);
    SecretBox box = SecretBox.parse("sk:" + Base64.getEncoder().encodeToString(KEY));
    assertThatThrownBy(() -> box.open("v1:sk:AAAA", "user-1"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new PayloadSeal(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
