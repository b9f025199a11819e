package dev.gatehouse.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.FirebaseScryptParameters;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import dev.gatehouse.core.token.AccessTokenIssuer;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.AccessTokenSettings;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the parsers that face untrusted input. In the normal build
 * each method runs once per file of its checked-in corpus ({@code
 * src/test/resources/dev/gatehouse/core/security/ParserFuzzTestInputs/<method>/}), as a regression
 * test; {@code JAZZER_FUZZ=1} fuzzes for the {@code maxDuration} (docs/FUZZING.md). The invariant
 * everywhere: only the documented typed exception, and no hang (the duration bounds each run).
 */
class ParserFuzzTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final AccessTokenSettings SETTINGS =
      AccessTokenSettings.of("https://auth.gatehouse.test", "https://api.gatehouse.test");
  private static final SigningKeys KEYS = SigningKeys.ephemeral(SigningAlgorithm.ES256);
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final AccessTokenVerifier VERIFIER =
      new AccessTokenVerifier(KEYS, SETTINGS, CLOCK);
  private static final String VALID =
      new AccessTokenIssuer(KEYS, SETTINGS, CLOCK)
          .issue(
              new AccessTokenRequest(
                  "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                  "sess-0001",
                  List.of("pwd"),
                  null,
                  Map.of()))
          .token();

  // Cheap parameters and low caps: a fuzzed stored hash can never ask for much work.
  /** Low caps, and every optional format on (a Firebase project, unsalted digests). */
  private static final PasswordHashing HASHING =
      PasswordHashing.builder()
          .options(
              PasswordHashingOptions.builder()
                  .algorithm(PasswordHashAlgorithm.ARGON2ID)
                  .argon2(7168, 1, 1)
                  .bcryptCost(4)
                  .pbkdf2Iterations(1_000)
                  .scrypt(1024, 1, 1)
                  .maxIterations(2_000)
                  .maxBcryptCost(6)
                  .maxScryptMemoryFactor(1 << 12)
                  .build())
          .firebaseScrypt(FirebaseScryptParameters.of("AAECAwQFBgcICQoLDA0ODw==", "Bw==", 4, 10))
          .allowUnsaltedDigests(true)
          .build();

  private static final PhoneNumbers PHONES = PhoneNumbers.forRegion("US");

  /** Any string as a bearer token: verified, or refused as {@code invalid_token}. */
  @FuzzTest(maxDuration = "60s")
  void accessTokenVerification(FuzzedDataProvider data) {
    String token;
    if (data.consumeBoolean()) {
      // Mutate a real token: flip a part, splice bytes in, or cut it.
      String[] parts = VALID.split("\\.", -1);
      int which = data.consumeInt(0, parts.length - 1);
      parts[which] = data.consumeString(600);
      token = String.join(".", parts);
    } else {
      token = data.consumeRemainingAsString();
    }
    try {
      assertThat(VERIFIER.verify(token).userPublicId()).isNotNull();
    } catch (InvalidTokenException expected) {
      assertThat(expected.code()).isEqualTo("invalid_token");
    }
  }

  /** Any stored string with any password: a verdict, never an exception. */
  @FuzzTest(maxDuration = "60s")
  void storedHashVerification(FuzzedDataProvider data) {
    String password = data.consumeString(80);
    String stored = data.consumeRemainingAsString();
    PasswordVerification v = HASHING.verify(password, stored);
    assertThat(v).isNotNull();
  }

  /** Any email input: a normalised address whose normal form is stable, or a typed refusal. */
  @FuzzTest(maxDuration = "60s")
  void emailNormalisation(FuzzedDataProvider data) {
    String raw = data.consumeRemainingAsString();
    String normal;
    try {
      normal = EmailAddresses.normalize(raw);
    } catch (RejectedInputException expected) {
      assertThat(expected.code()).isEqualTo("invalid_email");
      return;
    }
    assertThat(normal.length()).isLessThanOrEqualTo(EmailAddresses.MAX_LENGTH);
    assertThat(EmailAddresses.normalize(normal)).isEqualTo(normal);
  }

  /** Any phone input: an E.164 number whose normal form is stable, or a typed refusal. */
  @FuzzTest(maxDuration = "60s")
  void phoneNormalisation(FuzzedDataProvider data) {
    String raw = data.consumeRemainingAsString();
    String e164;
    try {
      e164 = PHONES.normalize(raw);
    } catch (RejectedInputException expected) {
      assertThat(expected.code()).isIn("invalid_phone", "phone_country_not_allowed");
      return;
    }
    assertThat(e164).matches("\\+[1-9][0-9]{1,14}");
    assertThat(PHONES.normalize(e164)).isEqualTo(e164);
  }
}
