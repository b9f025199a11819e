package dev.gatehouse.argon2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.password.Argon2Backend;
import dev.gatehouse.core.password.Argon2Backend.Variant;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * libargon2 through JNA gives the Java backend's bytes, verifies every Argon2 string of the shared
 * vectors (argon2-cffi, PHP, Django), and each backend verifies what the other wrote. Runs only
 * where libargon2 loads: skipped with a message otherwise, and failing instead when {@code
 * GATEHOUSE_REQUIRE_DBS=true} (CI installs {@code libargon2-1}, so both paths are tested there).
 */
class LibArgon2BackendTest {
  private static final LibArgon2Backend NATIVE = new LibArgon2Backend();
  private static final PasswordHashingOptions OPTIONS =
      PasswordHashingOptions.builder()
          .algorithm(PasswordHashAlgorithm.ARGON2ID)
          .argon2(256, 2, 1)
          .build();

  @BeforeEach
  void requireLibrary() {
    if (NATIVE.isAvailable()) {
      return;
    }
    String message = "libargon2 cannot be loaded here (Debian/Ubuntu: apt-get install libargon2-1)";
    if ("true".equals(System.getenv("GATEHOUSE_REQUIRE_DBS"))) {
      fail(message + "; GATEHOUSE_REQUIRE_DBS=true requires every optional dependency");
    }
    assumeTrue(false, message + "; native Argon2 tests skipped");
  }

  @Test
  void discoveryPicksLibargon2WhenItLoads() {
    assertThat(Argon2Backend.detect().name()).isEqualTo("libargon2");
    assertThat(PasswordHashing.create(OPTIONS).argon2Backend().name()).isEqualTo("libargon2");
  }

  @Test
  void randomParameterSetsGiveTheJavaBackendsBytes() {
    Random random = new Random(20261122L);
    int[] tagLengths = {4, 16, 32, 64, 65, 100, 1024};
    for (int n = 0; n < 60; n++) {
      Variant variant = Variant.values()[random.nextInt(3)];
      int version = random.nextBoolean() ? Argon2Backend.VERSION_13 : Argon2Backend.VERSION_10;
      int lanes = 1 + random.nextInt(4);
      int memoryKib = 8 * lanes + random.nextInt(300);
      int passes = 1 + random.nextInt(3);
      int tagLength = tagLengths[random.nextInt(tagLengths.length)];
      byte[] password = new byte[random.nextInt(40)];
      random.nextBytes(password);
      byte[] salt = new byte[8 + random.nextInt(30)];
      random.nextBytes(salt);
      assertThat(NATIVE.hash(variant, version, memoryKib, passes, lanes, password, salt, tagLength))
          .as(variant + " v=" + version + " m=" + memoryKib + " t=" + passes + " p=" + lanes)
          .isEqualTo(
              Argon2Backend.java()
                  .hash(variant, version, memoryKib, passes, lanes, password, salt, tagLength));
    }
  }

  @Test
  void everyArgon2VectorVerifiesThroughBothBackends() throws Exception {
    List<Map<String, Object>> vectors = argon2Vectors();
    assertThat(vectors).hasSize(12);
    PasswordHashingOptions defaults = PasswordHashingOptions.defaults();
    for (Argon2Backend backend : List.of(NATIVE, Argon2Backend.java())) {
      PasswordHashing hashing =
          PasswordHashing.builder().options(defaults).argon2Backend(backend).build();
      for (Map<String, Object> v : vectors) {
        String stored = (String) v.get("hash");
        assertThat(hashing.verify((String) v.get("password"), stored).matched())
            .as(backend.name() + " " + v.get("format") + " " + stored)
            .isTrue();
        assertThat(hashing.verify((String) v.get("wrong"), stored))
            .as(backend.name() + " wrong password for " + stored)
            .isEqualTo(PasswordVerification.NO_MATCH);
      }
    }
  }

  @Test
  void eachBackendVerifiesWhatTheOtherWrote() {
    PasswordHashing nativeHashing =
        PasswordHashing.builder().options(OPTIONS).argon2Backend(NATIVE).build();
    PasswordHashing javaHashing =
        PasswordHashing.builder().options(OPTIONS).argon2Backend(Argon2Backend.java()).build();
    String byNative = nativeHashing.hash("correct horse");
    String byJava = javaHashing.hash("correct horse");
    assertThat(byNative).startsWith("$argon2id$v=19$m=256,t=2,p=1$");
    assertThat(javaHashing.verify("correct horse", byNative)).isEqualTo(PasswordVerification.MATCH);
    assertThat(nativeHashing.verify("correct horse", byJava)).isEqualTo(PasswordVerification.MATCH);
    assertThat(javaHashing.verify("correct horsf", byNative))
        .isEqualTo(PasswordVerification.NO_MATCH);
    assertThat(nativeHashing.hashComputations()).isEqualTo(2);
  }

  private static List<Map<String, Object>> argon2Vectors() throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    try (InputStream in = LibArgon2BackendTest.class.getResourceAsStream("/password-hashes.jsonl");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> v = JSONObjectUtils.parse(line);
        if (((String) v.get("hash")).contains("argon2")) {
          out.add(v);
        }
      }
    }
    return out;
  }
}
