package dev.gatehouse.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the Django session reader, which faces the legacy database's
 * {@code session_data} during a cut-over. Fuzzed data is signed with the test key before it is
 * read, so the fuzzer reaches the decoding behind the signature (Base64, zlib, JSON) as well as the
 * signature check. The invariant: a map or {@code null}, never an exception, and no hang. In the
 * normal build it runs once per file of {@code DjangoSigningFuzzTestInputs/sessionData/} (docs/
 * FUZZING.md).
 */
class DjangoSigningFuzzTest {
  private static final String KEY = "django-insecure-3x4mple-s3cret-k3y-f0r-gatehouse-tests";

  @FuzzTest(maxDuration = "30s")
  void sessionData(FuzzedDataProvider data) {
    boolean sign = data.consumeBoolean();
    String value = data.consumeRemainingAsString();
    String stored = sign ? value + ":" + DjangoSigning.signature(value, KEY) : value;
    Map<String, Object> session = DjangoSigning.sessionData(stored, KEY);
    if (!sign) {
      // Unsigned input verifies only if it happens to end in its own signature: never by chance.
      assertThat(session).isNull();
    }
  }
}
