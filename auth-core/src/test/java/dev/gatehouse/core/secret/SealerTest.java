package dev.gatehouse.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.secret.Sealer.Unopenable;
import dev.gatehouse.core.secret.Sealer.Unopenable.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one sealing format: rotation, purposes and contexts, tampering, and its layout. */
class SealerTest {
  private static final String OLD = "an-earlier-secret-key-0123456789abcdef";
  private static final String NEW = "the-current-secret-key-0123456789abcdef";
  private static final byte[] PLAIN = "a one-time code 123456".getBytes(StandardCharsets.UTF_8);

  @Test
  void aValueSealedUnderTheOldSecretOpensAfterRotationAndNewValuesAreSealedUnderTheNewOne()
      throws Unopenable {
    byte[] sealedBefore = Sealer.of(OLD, List.of()).seal("outbox", "row", PLAIN);

    Sealer rotated = Sealer.of(NEW, List.of(OLD));
    assertThat(rotated.open("outbox", "row", sealedBefore)).isEqualTo(PLAIN);

    byte[] sealedAfter = rotated.seal("outbox", "row", PLAIN);
    assertThat(sealedAfter[1]).as("the id of the sealing secret").isNotEqualTo(sealedBefore[1]);
    assertThat(Sealer.of(NEW, List.of()).open("outbox", "row", sealedAfter)).isEqualTo(PLAIN);
    assertThatThrownBy(() -> Sealer.of(OLD, List.of()).open("outbox", "row", sealedAfter))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
  }

  @Test
  void aValueSealedUnderASecretDroppedFromTheListNoLongerOpens() {
    byte[] sealed = Sealer.of(OLD, List.of()).seal("outbox", "row", PLAIN);
    assertThatThrownBy(() -> Sealer.of(NEW, List.of()).open("outbox", "row", sealed))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
  }

  @Test
  void aValueOfOnePurposeOrContextDoesNotOpenAsAnother() throws Unopenable {
    Sealer sealer = Sealer.of(NEW, List.of(OLD));
    String state = sealer.sealFields("social-state", "", List.of("google", "nonce"));
    assertThat(sealer.openFields("social-state", "", state)).containsExactly("google", "nonce");
    assertThatThrownBy(() -> sealer.openFields("magic-link", "", state))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));

    byte[] seed = sealer.seal("totp-seed", "user-1", PLAIN);
    assertThat(sealer.open("totp-seed", "user-1", seed)).isEqualTo(PLAIN);
    assertThatThrownBy(() -> sealer.open("totp-seed", "user-2", seed))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
    // The purpose and the context are not one string: moving a character between them is refused.
    byte[] split = sealer.seal("ab", "c", PLAIN);
    assertThatThrownBy(() -> sealer.open("a", "bc", split)).isInstanceOf(Unopenable.class);
  }

  @Test
  void anAlteredValueIsRefusedWithATypedErrorThatNamesNoSecret() {
    Sealer sealer = Sealer.of(NEW, List.of());
    byte[] sealed = sealer.seal("outbox", "row", PLAIN);
    for (int i = 1; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> sealer.open("outbox", "row", altered))
          .as("byte %s altered", i)
          .isInstanceOf(Unopenable.class)
          .hasMessageNotContaining(NEW);
    }
    assertThatThrownBy(() -> sealer.open("outbox", "row", Arrays.copyOf(sealed, 20)))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
    assertThatThrownBy(() -> sealer.open("outbox", "row", new byte[0]))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> sealer.openFields("outbox", "row", "not base64!"))
        .isInstanceOfSatisfying(
            Unopenable.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void aSealedValueIsVersionSecretIdIvCiphertextAndTag() throws Unopenable {
    Sealer sealer = Sealer.of(NEW, List.of());
    byte[] a = sealer.seal("outbox", "", PLAIN);
    byte[] b = sealer.seal("outbox", "", PLAIN);
    assertThat(a).hasSize(2 + 12 + PLAIN.length + 16);
    assertThat(a[0]).isEqualTo((byte) 2);
    assertThat(a[1]).isEqualTo(b[1]);
    assertThat(a).as("a fresh IV each time").isNotEqualTo(b);
    String text = sealer.sealFields("s", "", Arrays.asList("x", null));
    assertThat(text).matches("[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(text)[0]).isEqualTo((byte) 2);
    assertThat(sealer.openFields("s", "", text)).containsExactly("x", null);
  }

  @Test
  void aSecretShorterThan32CharactersIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> Sealer.of("short-secret", List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> Sealer.of(NEW, List.of("short-old-secret")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("previous secret 1")
        .hasMessageNotContaining("short-old-secret");
    assertThat(Sealer.of(NEW, List.of(OLD)).toString()).doesNotContain(NEW).doesNotContain(OLD);
  }
}
