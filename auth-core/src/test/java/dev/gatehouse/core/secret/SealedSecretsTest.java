package dev.gatehouse.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Secrets a module stores sealed (TOTP seeds, {@code auth-mfa}) are sealed by the one {@link
 * Sealer}: under the server key, or under a key ring of their own ({@code
 * gatehouse.mfa.encryption-keys}); both rotate, and seeds of the format before it ({@code v1:<key
 * id>:...}) still open.
 */
class SealedSecretsTest {
  private static final String EARLIER = "an-earlier-secret-key-0123456789abcdef";
  private static final String CURRENT = "the-current-secret-key-0123456789abcdef";
  // Sealed by the code before the Sealer (SecretBox.derived) under EARLIER, for USER.
  private static final String OLD_SEED =
      "v1:sk:daBIoUG9laqnR_ELgjvhmQfvA-z1Z52OM_6awxGqNNVIQnuTJHc";
  private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final byte[] SEED = "seed-bytes".getBytes(StandardCharsets.UTF_8);
  private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 =
      "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  private static final String PURPOSE = "totp-seed";

  /** A seed's sealing as the server key, the previous ones and the ring make it. */
  private static Seeds factors(String secret, List<String> previous, String ring) {
    return new Seeds(
        new SealedSecrets(
            PURPOSE, Sealer.of(secret, previous), new SecretHasher(secret), ring, previous));
  }

  private record NewSeed(byte[] seed, String sealed) {}

  private record Seeds(SealedSecrets sealed) {
    byte[] openSeed(String value, UUID user) {
      return sealed.open(value, user.toString());
    }

    NewSeed newSeed(UUID user) {
      byte[] seed = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
      return new NewSeed(seed, sealed.seal(user.toString(), seed));
    }
  }

  @Test
  void aSeedOfTheEarlierFormatOpensUnderItsKeyAndAfterThatKeyWasRotated() {
    assertThat(factors(EARLIER, List.of(), null).openSeed(OLD_SEED, USER)).isEqualTo(SEED);
    assertThat(factors(CURRENT, List.of(EARLIER), null).openSeed(OLD_SEED, USER)).isEqualTo(SEED);
    assertThat(factors(CURRENT, List.of(EARLIER), K1).openSeed(OLD_SEED, USER)).isEqualTo(SEED);
    assertThatThrownBy(() -> factors(CURRENT, List.of(), null).openSeed(OLD_SEED, USER))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> factors(EARLIER, List.of(), null).openSeed(OLD_SEED, UUID.randomUUID()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSeedSealedUnderTheServerKeyOpensAfterRotationAndAfterARingIsConfigured() {
    UUID user = UUID.randomUUID();
    NewSeed sealed = factors(EARLIER, List.of(), null).newSeed(user);
    assertThat(sealed.sealed()).doesNotStartWith("v1:").matches("[A-Za-z0-9_-]+");
    assertThat(factors(CURRENT, List.of(EARLIER), null).openSeed(sealed.sealed(), user))
        .isEqualTo(sealed.seed());
    assertThat(factors(EARLIER, List.of(), K1).openSeed(sealed.sealed(), user))
        .isEqualTo(sealed.seed());
    assertThatThrownBy(() -> factors(CURRENT, List.of(), null).openSeed(sealed.sealed(), user))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> factors(EARLIER, List.of(), null).openSeed(sealed.sealed(), UUID.randomUUID()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSeedSealedUnderTheRingOpensAfterTheRingRotates() {
    UUID user = UUID.randomUUID();
    NewSeed sealed = factors(CURRENT, List.of(), K1).newSeed(user);
    assertThat(factors(CURRENT, List.of(), K2 + "," + K1).openSeed(sealed.sealed(), user))
        .isEqualTo(sealed.seed());
    assertThatThrownBy(() -> factors(CURRENT, List.of(), K2).openSeed(sealed.sealed(), user))
        .isInstanceOf(IllegalStateException.class);
  }
}
