package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gatehouse's own Argon2 gives exactly BouncyCastle's bytes (BouncyCastle passes the RFC 9106 and
 * reference-implementation vectors) for every type, both versions, several lanes, tag lengths on
 * both sides of Blake2b's 64-byte output, and salts and passwords of many lengths. The PHC strings
 * made by argon2-cffi and PHP in the shared vectors file are checked by {@link
 * PasswordHashVectorsTest}.
 */
class Argon2EngineTest {

  @Test
  void twoHundredRandomParameterSetsGiveBouncyCastlesBytes() {
    Random random = new Random(20260519L);
    int[] tagLengths = {4, 16, 32, 63, 64, 65, 96, 100, 128, 1024};
    for (int n = 0; n < 200; n++) {
      int type = random.nextInt(3);
      int version = random.nextBoolean() ? Argon2Engine.VERSION_13 : Argon2Engine.VERSION_10;
      int lanes = 1 + random.nextInt(4);
      int memoryKib = 8 * lanes + random.nextInt(200);
      int passes = 1 + random.nextInt(3);
      int tagLength = tagLengths[random.nextInt(tagLengths.length)];
      byte[] password = new byte[random.nextInt(40)];
      random.nextBytes(password);
      byte[] salt = new byte[8 + random.nextInt(30)];
      random.nextBytes(salt);
      String parameters =
          "type=" + type + " v=" + version + " m=" + memoryKib + " t=" + passes + " p=" + lanes;
      assertThat(
              Argon2Engine.hash(type, version, memoryKib, passes, lanes, password, salt, tagLength))
          .as(parameters)
          .isEqualTo(
              bouncyCastle(type, version, memoryKib, passes, lanes, password, salt, tagLength));
    }
  }

  /** Sizes where a segment spans several address blocks (128 references each) and lanes differ. */
  @ParameterizedTest
  @CsvSource({"2,19,7168,5,1", "1,19,4096,3,2", "0,16,1000,2,3", "2,19,2048,1,4"})
  void realisticSizesGiveBouncyCastlesBytes(
      int type, int versionDecimal, int memoryKib, int passes, int lanes) {
    int version = versionDecimal == 19 ? Argon2Engine.VERSION_13 : Argon2Engine.VERSION_10;
    byte[] password = Encoding.utf8("correct horse battery staple");
    byte[] salt = Encoding.utf8("sixteen byte salt");
    assertThat(Argon2Engine.hash(type, version, memoryKib, passes, lanes, password, salt, 32))
        .isEqualTo(bouncyCastle(type, version, memoryKib, passes, lanes, password, salt, 32));
  }

  @Test
  void aDifferentPasswordSaltOrParameterGivesADifferentTag() {
    byte[] password = Encoding.utf8("password");
    byte[] salt = Encoding.utf8("somesaltsomesalt");
    byte[] tag = Argon2Engine.hash(Argon2Engine.TYPE_ID, 0x13, 64, 2, 1, password, salt, 32);
    assertThat(
            Argon2Engine.hash(
                Argon2Engine.TYPE_ID, 0x13, 64, 2, 1, Encoding.utf8("passwore"), salt, 32))
        .isNotEqualTo(tag);
    assertThat(
            Argon2Engine.hash(
                Argon2Engine.TYPE_ID,
                0x13,
                64,
                2,
                1,
                password,
                Encoding.utf8("somesaltsomesalu"),
                32))
        .isNotEqualTo(tag);
    assertThat(Argon2Engine.hash(Argon2Engine.TYPE_ID, 0x13, 64, 3, 1, password, salt, 32))
        .isNotEqualTo(tag);
    assertThat(Argon2Engine.hash(Argon2Engine.TYPE_I, 0x13, 64, 2, 1, password, salt, 32))
        .isNotEqualTo(tag);
  }

  private static byte[] bouncyCastle(
      int type,
      int version,
      int memoryKib,
      int passes,
      int lanes,
      byte[] password,
      byte[] salt,
      int tagLength) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(type)
            .withVersion(version)
            .withMemoryAsKB(memoryKib)
            .withIterations(passes)
            .withParallelism(lanes)
            .withSalt(salt)
            .build());
    byte[] out = new byte[tagLength];
    generator.generateBytes(password, out);
    return out;
  }
}
