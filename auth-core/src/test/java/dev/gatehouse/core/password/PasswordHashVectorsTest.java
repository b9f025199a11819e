package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hash in the shared vectors file, made by the real reference implementations (Django 3.2,
 * passlib, argon2-cffi, bcrypt, PHP 8.2), verifies with its password and not with its wrong one.
 */
class PasswordHashVectorsTest {
  /** Formats that are our own native format at or above the default parameters. */
  private static final Set<String> CURRENT_FORMATS = Set.of("argon2id-phc", "php-argon2id");

  private static final PasswordHashing HASHING =
      PasswordHashing.create(PasswordHashingOptions.defaults());

  static Stream<HashVector> vectors() {
    return HashVector.load().stream();
  }

  @Test
  void theVectorsFileHasEveryLineAndEveryFormat() {
    List<HashVector> all = HashVector.load();
    assertThat(all).hasSize(69);
    assertThat(all.stream().map(HashVector::format).distinct())
        .contains(
            "django-pbkdf2_sha256",
            "django-pbkdf2_sha1",
            "django-argon2",
            "django-bcrypt_sha256",
            "django-bcrypt",
            "django-sha1",
            "django-md5",
            "django-unsalted_sha1",
            "django-unsalted_md5",
            "django-unusable",
            "bcrypt-$2a$",
            "bcrypt-$2b$",
            "bcrypt-$2y$",
            "argon2id-phc",
            "argon2i-phc",
            "passlib-pbkdf2_sha256",
            "sha512_crypt",
            "phpass",
            "php-bcrypt-$2y$",
            "php-argon2id");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void passwordVerifiesAndWrongPasswordDoesNot(HashVector v) {
    if (v.format().equals("django-unusable")) {
      assertThat(HASHING.verify(v.password(), v.hash())).isEqualTo(PasswordVerification.UNUSABLE);
      assertThat(HASHING.verify(v.wrong(), v.hash())).isEqualTo(PasswordVerification.UNUSABLE);
      return;
    }
    PasswordVerification expected =
        CURRENT_FORMATS.contains(v.format())
            ? PasswordVerification.MATCH
            : PasswordVerification.MATCH_NEEDS_UPGRADE;
    assertThat(HASHING.verify(v.password(), v.hash())).isEqualTo(expected);
    if (truncatedByPlainBcrypt(v)) {
      // The vector's note: its wrong password differs only after byte 72, which bcrypt ignores.
      assertThat(HASHING.verify(v.wrong(), v.hash())).isEqualTo(expected);
    } else {
      assertThat(HASHING.verify(v.wrong(), v.hash())).isEqualTo(PasswordVerification.NO_MATCH);
    }
  }

  private static boolean truncatedByPlainBcrypt(HashVector v) {
    byte[] password = v.password().getBytes(StandardCharsets.UTF_8);
    byte[] wrong = v.wrong().getBytes(StandardCharsets.UTF_8);
    return (v.hash().startsWith("bcrypt$") || v.hash().startsWith("$2"))
        && password.length > 72
        && Arrays.equals(password, 0, 72, wrong, 0, 72);
  }

  @Test
  void plainBcryptIgnoresBytesAfterThe72ndButBcryptSha256DoesNot() {
    HashVector plain = longPasswordRow("django-bcrypt");
    HashVector sha256 = longPasswordRow("django-bcrypt_sha256");
    assertThat(plain.password().getBytes(StandardCharsets.UTF_8)).hasSize(99);
    assertThat(sha256.password().getBytes(StandardCharsets.UTF_8)).hasSize(99);

    // Django's bcrypt (like OpenBSD, PHP, passlib) truncates: the 72-byte prefix is the password.
    assertThat(HASHING.verify(plain.password().substring(0, 72), plain.hash()).matched()).isTrue();
    assertThat(HASHING.verify(plain.password().substring(0, 71), plain.hash()))
        .isEqualTo(PasswordVerification.NO_MATCH);
    // The vector's "wrong" differs only in byte 99, so truncation makes it verify too.
    assertThat(HASHING.verify(plain.wrong(), plain.hash()).matched()).isTrue();

    // bcrypt_sha256 hashes all 99 bytes first: the prefix is a different password.
    assertThat(HASHING.verify(sha256.password().substring(0, 72), sha256.hash()))
        .isEqualTo(PasswordVerification.NO_MATCH);
  }

  @Test
  void jsonStringEscapesAreDecoded() {
    Map<String, String> o =
        HashVector.parseFlatObject(
            "{\"a\": \"caf\\u00e9 \\\"q\\\" \\\\ \\ud83d\\udd10\", \"b\": \"x\\/y\\n\"}");
    assertThat(o).containsEntry("a", "café \"q\" \\ 🔐").containsEntry("b", "x/y\n");
  }

  private static HashVector longPasswordRow(String format) {
    return HashVector.load().stream()
        .filter(v -> v.format().equals(format) && v.password().length() == 99)
        .findFirst()
        .orElseThrow();
  }
}
