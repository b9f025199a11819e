package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the Wycheproof signature vectors (C2SP/wycheproof, Apache-2.0, see the LICENSE beside them)
 * through {@link TokenKey#verifySignature}, the exact path {@link AccessTokenVerifier} uses: each
 * group's key is loaded with {@link TokenKey#fromPem} like a configured verification key, and each
 * message is verified as if it were a JWS signing input. "valid" must verify, "invalid" must not,
 * "acceptable" may go either way but must come back as a plain boolean.
 */
class WycheproofSignatureTest {

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "ES256, ecdsa_secp256r1_sha256_p1363_test.json, 262",
    "EDDSA, ed25519_test.json, 151",
    "RS256, rsa_signature_2048_sha256_test.json, 259"
  })
  void everyVectorGivesTheExpectedVerdict(SigningAlgorithm alg, String file, int expectedCount)
      throws Exception {
    Map<String, Object> suite = JSONObjectUtils.parse(read(file));
    assertThat(JSONObjectUtils.getInt(suite, "numberOfTests")).isEqualTo(expectedCount);

    List<String> wrong = new ArrayList<>();
    int run = 0;
    int valid = 0;
    int invalid = 0;
    int acceptable = 0;
    for (Map<String, Object> group : JSONObjectUtils.getJSONObjectArray(suite, "testGroups")) {
      TokenKey key =
          TokenKey.fromPem(
              "wycheproof-" + run, alg, JSONObjectUtils.getString(group, "publicKeyPem"));
      for (Map<String, Object> test : JSONObjectUtils.getJSONObjectArray(group, "tests")) {
        run++;
        byte[] msg = HexFormat.of().parseHex(JSONObjectUtils.getString(test, "msg"));
        byte[] sig = HexFormat.of().parseHex(JSONObjectUtils.getString(test, "sig"));
        String result = JSONObjectUtils.getString(test, "result");
        boolean verified;
        try {
          verified = key.verifySignature(msg, Base64URL.encode(sig));
        } catch (RuntimeException e) {
          wrong.add(describe(test) + " threw " + e);
          continue;
        }
        switch (result) {
          case "valid" -> {
            valid++;
            if (!verified) {
              wrong.add(describe(test) + " valid but rejected");
            }
          }
          case "invalid" -> {
            invalid++;
            if (verified) {
              wrong.add(describe(test) + " invalid but accepted");
            }
          }
          case "acceptable" -> acceptable++;
          default -> wrong.add(describe(test) + " has unknown result " + result);
        }
      }
    }

    assertThat(wrong).isEmpty();
    assertThat(run).isEqualTo(expectedCount);
    assertThat(valid).isPositive();
    assertThat(invalid).isPositive();
    assertThat(valid + invalid + acceptable).isEqualTo(run);
  }

  private static String describe(Map<String, Object> test) {
    return "tcId " + test.get("tcId") + " (" + test.get("comment") + ")";
  }

  private static String read(String file) throws IOException {
    try (InputStream in =
        WycheproofSignatureTest.class.getResourceAsStream("/token/wycheproof/" + file)) {
      assertThat(in).as(file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
