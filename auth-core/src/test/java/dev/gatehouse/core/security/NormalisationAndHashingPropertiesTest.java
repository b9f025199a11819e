package dev.gatehouse.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import dev.gatehouse.core.password.PasswordPolicy;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Property tests (jqwik) for invariants that examples cannot cover. */
class NormalisationAndHashingPropertiesTest {
  private static final PasswordHashing HASHING =
      PasswordHashing.create(
          PasswordHashingOptions.builder()
              .algorithm(PasswordHashAlgorithm.PBKDF2_SHA256)
              .pbkdf2Iterations(1_000)
              .build());
  private static final PhoneNumbers PHONES = PhoneNumbers.forRegion("GB");

  @Property(tries = 500)
  void emailNormalisationIsIdempotent(
      @ForAll @StringLength(max = 70) String local,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String domain) {
    String normal;
    try {
      normal = EmailAddresses.normalize(local + "@" + domain + ".example");
    } catch (RejectedInputException refused) {
      return;
    }
    assertThat(EmailAddresses.normalize(normal)).isEqualTo(normal);
    assertThat(EmailAddresses.canonical(normal))
        .isEqualTo(EmailAddresses.canonical(EmailAddresses.canonical(normal)));
  }

  @Property(tries = 300)
  void phoneNormalisationIsIdempotent(
      @ForAll @NumericChars @StringLength(min = 1, max = 15) String digits, @ForAll boolean plus) {
    String normal;
    try {
      normal = PHONES.normalize((plus ? "+" : "") + digits);
    } catch (RejectedInputException refused) {
      return;
    }
    assertThat(PHONES.normalize(normal)).isEqualTo(normal);
  }

  @Property(tries = 200)
  void passwordNormalisationIsIdempotent(@ForAll @StringLength(max = 64) String password) {
    String once = PasswordPolicy.normalize(password);
    assertThat(PasswordPolicy.normalize(once)).isEqualTo(once);
  }

  @Property(tries = 25)
  void aHashVerifiesWithItsPasswordAndNotWithAnother(
      @ForAll @StringLength(min = 1, max = 40) String password,
      @ForAll @StringLength(min = 1, max = 40) String other) {
    Assume.that(!PasswordPolicy.normalize(password).equals(PasswordPolicy.normalize(other)));
    String hash = HASHING.hash(PasswordPolicy.normalize(password));
    assertThat(HASHING.verify(PasswordPolicy.normalize(password), hash).matched()).isTrue();
    assertThat(HASHING.verify(PasswordPolicy.normalize(other), hash))
        .isEqualTo(PasswordVerification.NO_MATCH);
  }
}
