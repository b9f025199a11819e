package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Property (jqwik): a legacy vector with one character replaced, one removed or its tail cut never
 * throws, never lets the wrong password in, and costs at most one hash computation.
 */
class LegacyHashMutationPropertiesTest {
  private static final List<HashVector> VECTORS = LegacyPasswordFormatsTest.vectors().toList();

  /** Low caps keep a mutated cost field cheap: whatever it asks for beyond them is refused. */
  private static PasswordHashing hashing() {
    return PasswordHashing.builder()
        .options(
            PasswordHashingOptions.builder()
                .argon2(64, 1, 1)
                .maxArgon2(16_384, 6, 4)
                .bcryptCost(4)
                .maxBcryptCost(10)
                .scrypt(1024, 8, 1)
                .maxScryptMemoryFactor(1 << 17)
                .pbkdf2Iterations(1000)
                .maxIterations(250_000)
                .build())
        .firebaseScrypt(LegacyPasswordFormatsTest.FIREBASE_SAMPLE)
        .allowUnsaltedDigests(true)
        .build();
  }

  @Property(tries = 300)
  void aMutatedLegacyHashNeverThrowsNorAdmitsTheWrongPassword(
      @ForAll @IntRange(min = 0, max = 1_000) int row,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 0, max = 2) int mutation,
      @ForAll @CharRange(from = ' ', to = '~') char replacement) {
    HashVector v = VECTORS.get(row % VECTORS.size());
    String stored = v.hash();
    int at = position % stored.length();
    String mutated =
        switch (mutation) {
          case 0 -> stored.substring(0, at) + replacement + stored.substring(at + 1);
          case 1 -> stored.substring(0, at) + stored.substring(at + 1);
          default -> stored.substring(0, at);
        };
    PasswordHashing hashing = hashing();

    PasswordVerification verdict = hashing.verify(v.wrong(), mutated);

    assertThat(verdict).isNotNull();
    assertThat(verdict.matched()).isFalse();
    assertThat(hashing.hashComputations()).isLessThanOrEqualTo(1);
    hashing.formatOf(mutated);
  }
}
