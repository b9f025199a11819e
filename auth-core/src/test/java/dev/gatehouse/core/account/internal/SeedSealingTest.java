package dev.gatehouse.core.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * TOTP seeds are sealed by the one {@link Sealer}: under the server key, or under the key ring of
 * {@code gatehouse.mfa.encryption-keys}; both rotate, and seeds of the format before it ({@code
 * v1:<key id>:...}) still open.
 */
class SeedSealingTest {
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

  private static SecondFactors factors(String secret, List<String> previous, String ring) {
    GatehouseConfig.Builder b =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, secret)
            .set(GatehouseConfig.PREVIOUS_SECRET_KEYS, previous);
    if (ring != null) {
      b.set(SecondFactorSettings.MFA_ENCRYPTION_KEYS, ring);
    }
    // Sealing needs neither events nor the throttle.
    return new SecondFactors(
        b.build(), new SecretHasher(secret), Sealer.of(secret, previous), null, null);
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
    SecondFactors.NewSeed sealed = factors(EARLIER, List.of(), null).newSeed(user);
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
    SecondFactors.NewSeed sealed = factors(CURRENT, List.of(), K1).newSeed(user);
    assertThat(factors(CURRENT, List.of(), K2 + "," + K1).openSeed(sealed.sealed(), user))
        .isEqualTo(sealed.seed());
    assertThatThrownBy(() -> factors(CURRENT, List.of(), K2).openSeed(sealed.sealed(), user))
        .isInstanceOf(IllegalStateException.class);
  }
}
