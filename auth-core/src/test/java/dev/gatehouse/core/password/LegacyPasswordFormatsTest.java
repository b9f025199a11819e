package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions.FirebaseScryptParameters;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The legacy formats of {@code password/legacy-hashes.jsonl}, every row made by a real reference
 * implementation (OpenSSL, mkpasswd, slappasswd, passlib, PHP, Python; see the README beside it):
 * each verifies its password, refuses the wrong one, is named by {@code formatOf}, and its
 * malformed or over-cap variants are unsupported without any hash computed.
 */
class LegacyPasswordFormatsTest {
  /** Firebase's published sample project, the one the Firebase rows were made with. */
  static final FirebaseScryptParameters FIREBASE_SAMPLE =
      FirebaseScryptParameters.of(
          "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
          "Bw==",
          8,
          14);

  /** The defaults: every vector is weaker than them, so each match asks for an upgrade. */
  private static final PasswordHashingOptions OPTIONS = PasswordHashingOptions.defaults();

  static PasswordHashing legacyHashing() {
    return PasswordHashing.builder()
        .options(OPTIONS)
        .firebaseScrypt(FIREBASE_SAMPLE)
        .allowUnsaltedDigests(true)
        .build();
  }

  /** Every row as (format, source, password, wrong, stored string); Keycloak rows converted. */
  static Stream<HashVector> vectors() {
    return HashVector.loadRows("/password/legacy-hashes.jsonl").stream()
        .map(
            o ->
                new HashVector(
                    o.get("format"),
                    o.get("source"),
                    o.get("password"),
                    o.get("wrong"),
                    o.containsKey("hash")
                        ? o.get("hash")
                        : keycloakToStored(o.get("secretData"), o.get("credentialData"))));
  }

  @Test
  void theVectorsCoverEveryNewFormat() {
    assertThat(vectors().map(HashVector::format).distinct())
        .containsExactlyInAnyOrder(
            "md5_crypt",
            "apr1",
            "sha256_crypt",
            "des_crypt",
            "bsdi_crypt",
            "django-crypt",
            "ldap-ssha",
            "ldap-sha",
            "ldap-smd5",
            "ldap-md5",
            "ldap-crypt",
            "ldap-ssha256",
            "ldap-ssha512",
            "raw-md5",
            "raw-md5-upper",
            "raw-sha1",
            "raw-sha1-upper",
            "passlib-bcrypt_sha256-v1",
            "passlib-bcrypt_sha256-v2",
            "passlib-scrypt",
            "django-scrypt",
            "wordpress-wp",
            "drupal7",
            "drupal7-upgraded",
            "aspnet-identity-v2",
            "aspnet-identity-v3",
            "keycloak",
            "firebase-scrypt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void passwordVerifiesNeedsAnUpgradeAndTheWrongOneDoesNot(HashVector v) {
    PasswordHashing hashing = legacyHashing();

    assertThat(hashing.formatOf(v.hash())).isPresent();
    assertThat(hashing.verify(v.password(), v.hash()))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(hashing.verify(v.wrong(), v.hash())).isEqualTo(PasswordVerification.NO_MATCH);
    assertThat(hashing.hashComputations()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void aTruncatedStringOrABadCharacterIsUnsupportedWithoutComputing(HashVector v) {
    PasswordHashing hashing = legacyHashing();
    String stored = v.hash();
    // A third: cut shorter than any key a format of variable key length would still accept.
    String truncated = stored.substring(0, stored.length() / 3);
    String badCharacter = stored.substring(0, stored.length() - 1) + "!";

    assertThat(hashing.verify(v.password(), badCharacter))
        .isEqualTo(PasswordVerification.UNSUPPORTED);
    assertThat(hashing.hashComputations()).isZero();

    String original = hashing.formatOf(stored).orElseThrow();
    if (hashing.formatOf(truncated).isPresent()) {
      // Only a cut that happens to be another format's whole string (13 crypt characters are a
      // DES crypt) is read at all, and it is not the password's hash.
      assertThat(hashing.formatOf(truncated).get()).isEqualTo("des-crypt").isNotEqualTo(original);
      assertThat(hashing.verify(v.password(), truncated)).isEqualTo(PasswordVerification.NO_MATCH);
    } else {
      assertThat(hashing.verify(v.password(), truncated))
          .isEqualTo(PasswordVerification.UNSUPPORTED);
      assertThat(hashing.hashComputations()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // sha256-crypt rounds above maxIterations (2,000,000 by default)
        "$5$rounds=999999999$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZF4cxjDeE",
        "$5$rounds=2000001$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZF4cxjDeE",
        // BSDi count "zzzz" = 2^24 - 1
        "_zzzzSALTabcdefghijk",
        "{CRYPT}_zzzzSALTabcdefghijk",
        "crypt$$_zzzzSALTabcdefghijk",
        // bcrypt cost 31 behind the pre-hashes
        "$bcrypt-sha256$v=2,t=2b,r=31$n79VH.0Q2TMWmt3Oqt9uku$Kq4Noyk3094Y2QlB8NdRT8SvGiI4ft2",
        "$bcrypt-sha256$2b,31$n79VH.0Q2TMWmt3Oqt9uku$Kq4Noyk3094Y2QlB8NdRT8SvGiI4ft2",
        "$wp$2y$31$PInIGPFGfg6Ruy6ErLsGNOVvA7PbRrjs3jVxl0hoRjm6cnsq3T4Fu",
        "{CRYPT}$2y$31$PInIGPFGfg6Ruy6ErLsGNOVvA7PbRrjs3jVxl0hoRjm6cnsq3T4Fu",
        // scrypt memory beyond maxScryptMemoryFactor, p beyond 16, N not a power of two
        "$scrypt$ln=30,r=8,p=1$UAqBsDZGqJVSynnPGWNMCQ$OHo6w9Fa5gPQhezexnBIV3AfM3Jo3e2M8i+PflR3Qf0",
        "$scrypt$ln=14,r=8,p=99$UAqBsDZGqJVSynnPGWNMCQ$OHo6w9Fa5gPQhezexnBIV3AfM3Jo3e2M8i+PflR3Qf0",
        "$scrypt$ln=99,r=8,p=1$UAqBsDZGqJVSynnPGWNMCQ$OHo6w9Fa5gPQhezexnBIV3AfM3Jo3e2M8i+PflR3Qf0",
        "$scrypt$ln=14,r=8$UAqBsDZGqJVSynnPGWNMCQ$OHo6w9Fa5gPQhezexnBIV3AfM3Jo3e2M8i+PflR3Qf0",
        // Drupal count 2^31 ('z' is 63; 30 is the most Drupal allows) and 2^30 > maxIterations
        "$S$zm5nw56pDew9tdWJ4ipJyg9ozH3EHZqQzZdANGQx/xefXh2U7PKS",
        "$S$Sm5nw56pDew9tdWJ4ipJyg9ozH3EHZqQzZdANGQx/xefXh2U7PKS",
        "U$S$Sm5nw56pDew9tdWJ4ipJyg9ozH3EHZqQzZdANGQx/xefXh2U7PKS",
        // LDAP: salted digest without salt, unknown scheme, unsalted with trailing bytes
        "{SSHA}QTWSgglxlRKkc/Lc2yJXy+p6qyc=",
        "{SSHA1024}QTWSgglxlRKkc/Lc2yJXy+p6qyc=",
        "{SHA}Qu3mvLebSYgglshqehS0sW7xArhj8N41",
        "{CRYPT}nonsense",
        // ASP.NET Core Identity v3 with 2^31-1 iterations, unknown PRF, 8-byte salt, version 2
        "AQAAAAF/////AAAAEKqqqqqqqqqqqqqqqqqqqqq7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7",
        "AQAAAAkAACcQAAAAEKqqqqqqqqqqqqqqqqqqqqq7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7",
        "AQAAAAEAACcQAAAACKqqqqqqqqqqu7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7",
        "AgAAAAEAACcQAAAAEKqqqqqqqqqqqqqqqqqqqqq7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7",
        // Firebase: hash not the signer key's length, bad base64, extra field
        "$firebase-scrypt$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1Q=",
        "$firebase-scrypt$42xEC+ixf3L2lw==$*",
        "$firebase-scrypt$a$b$c",
      })
  void absurdParametersAndBrokenShapesAreUnsupportedWithoutComputing(String stored) {
    PasswordHashing hashing = legacyHashing();

    assertThat(hashing.verify("password", stored)).isEqualTo(PasswordVerification.UNSUPPORTED);
    assertThat(hashing.formatOf(stored)).isEmpty();
    assertThat(hashing.hashComputations()).isZero();
  }

  @Test
  void everyFormatIsConsultedOnceUnderItsOwnId() {
    String listed = legacyHashing().toString();
    List<String> ids =
        List.of(
            listed
                .substring(
                    listed.indexOf("formats=[") + 9,
                    listed.indexOf(']', listed.indexOf("formats=[")))
                .split(", "));
    assertThat(ids)
        .doesNotHaveDuplicates()
        .contains(
            "sha256-crypt",
            "md5-crypt",
            "apr1",
            "des-crypt",
            "ldap",
            "bcrypt-sha256",
            "wordpress-bcrypt",
            "passlib-scrypt",
            "drupal7",
            "aspnet-identity",
            "firebase-scrypt",
            "raw-digest");
  }

  @Test
  void unsaltedHexDigestsAreUnsupportedUnlessAllowed() {
    PasswordHashing byDefault = PasswordHashing.create(OPTIONS);
    List<HashVector> raw =
        vectors()
            .filter(v -> v.format().startsWith("raw-") && !v.format().equals("raw-md5"))
            .toList();
    assertThat(raw).hasSize(3);

    for (HashVector v : raw) {
      assertThat(byDefault.verify(v.password(), v.hash()))
          .as(v.format())
          .isEqualTo(PasswordVerification.UNSUPPORTED);
      assertThat(byDefault.formatOf(v.hash())).isEmpty();
    }
    assertThat(byDefault.hashComputations()).isZero();
  }

  @Test
  void firebaseHashesAreUnsupportedWithoutTheProjectParametersAndWithOtherOnes() {
    HashVector published =
        vectors().filter(v -> v.format().equals("firebase-scrypt")).findFirst().orElseThrow();
    PasswordHashing unconfigured = PasswordHashing.create(OPTIONS);
    assertThat(unconfigured.verify(published.password(), published.hash()))
        .isEqualTo(PasswordVerification.UNSUPPORTED);

    PasswordHashing otherProject =
        PasswordHashing.builder()
            .options(OPTIONS)
            .firebaseScrypt(
                FirebaseScryptParameters.of(
                    Base64.getEncoder().encodeToString(new byte[64]), "Bw==", 8, 14))
            .build();
    assertThat(otherProject.verify(published.password(), published.hash()))
        .isEqualTo(PasswordVerification.NO_MATCH);

    PasswordHashing tightCaps =
        PasswordHashing.builder()
            .options(OPTIONS.toBuilder().maxScryptMemoryFactor(1 << 16).scrypt(1024, 8, 1).build())
            .firebaseScrypt(FIREBASE_SAMPLE)
            .build();
    assertThat(tightCaps.verify(published.password(), published.hash()))
        .isEqualTo(PasswordVerification.UNSUPPORTED);
    assertThat(tightCaps.hashComputations()).isZero();
  }

  @Test
  void firebaseParametersAreCheckedAndNeverShowTheKey() {
    assertThat(FIREBASE_SAMPLE.toString()).doesNotContain("jxspr8").contains("rounds=8");
    assertThatThrownBy(() -> FirebaseScryptParameters.of("not base64!", "Bw==", 8, 14))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("signer-key")
        .hasMessageNotContaining("not base64");
    assertThatThrownBy(() -> FirebaseScryptParameters.of("AAAA", "Bw==", 0, 14))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rounds");
    assertThatThrownBy(() -> FirebaseScryptParameters.of("AAAA", "Bw==", 8, 40))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mem-cost");
  }

  @Test
  void desCryptKeepsOnlyEightSevenBitCharactersAndBsdiKeepsThemAll() {
    PasswordHashing hashing = legacyHashing();
    HashVector des =
        vectors().filter(v -> v.password().equals("Des-long-password")).findFirst().orElseThrow();
    assertThat(hashing.verify("Des-longXYZ", des.hash()).matched()).isTrue();
    assertThat(hashing.verify("Des-lon", des.hash())).isEqualTo(PasswordVerification.NO_MATCH);

    HashVector bsdi =
        vectors().filter(v -> v.password().equals("Bsdi-password-long")).findFirst().orElseThrow();
    assertThat(hashing.verify("Bsdi-password-lonG", bsdi.hash()))
        .isEqualTo(PasswordVerification.NO_MATCH);
  }

  @Test
  void prehashedBcryptCountsEveryByteWhereWordPressAndPasslibDo() {
    PasswordHashing hashing = legacyHashing();
    for (HashVector v :
        vectors().filter(v -> v.password().length() > 72 && v.hash().contains("$2")).toList()) {
      // The wrong password differs only after byte 72; the pre-hash still sees it.
      assertThat(hashing.verify(v.wrong(), v.hash()))
          .as(v.format())
          .isEqualTo(PasswordVerification.NO_MATCH);
    }
  }

  @Test
  void desWithSaltZeroAndOnePassIsPlainDesAsBouncyCastleComputesIt() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] key = new byte[8];
      byte[] block = new byte[8];
      random.nextBytes(key);
      random.nextBytes(block);
      DESEngine engine = new DESEngine();
      engine.init(true, new KeyParameter(key));
      byte[] expected = new byte[8];
      engine.processBlock(block, 0, expected, 0);

      long ours = DesCrypt.encrypt(toLong(block), DesCrypt.roundKeys(toLong(key)), 0, 1);
      assertThat(ours).isEqualTo(toLong(expected));
    }
  }

  @Test
  void ldapSchemesAreCaseInsensitive() {
    PasswordHashing hashing = legacyHashing();
    HashVector ssha =
        vectors().filter(v -> v.format().equals("ldap-ssha")).findFirst().orElseThrow();
    String lower = "{ssha}" + ssha.hash().substring("{SSHA}".length());
    assertThat(hashing.verify(ssha.password(), lower))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
  }

  private static long toLong(byte[] b) {
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xFF);
    }
    return v;
  }

  /**
   * A Keycloak credential (its {@code secretData} and {@code credentialData} JSON, as a realm
   * export holds them) as the string Gatehouse verifies: pbkdf2 onto passlib's {@code $pbkdf2-*$},
   * argon2 onto the PHC string. The documented mapping an importer follows (docs/MIGRATION.md).
   */
  static String keycloakToStored(String secretData, String credentialData) {
    byte[] value = Base64.getDecoder().decode(field(secretData, "value"));
    byte[] salt = Base64.getDecoder().decode(field(secretData, "salt"));
    String algorithm = field(credentialData, "algorithm");
    String iterations = number(credentialData, "hashIterations");
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    if (algorithm.equals("argon2")) {
      String version = listValue(credentialData, "version").equals("1.0") ? "16" : "19";
      return "$argon2"
          + listValue(credentialData, "type")
          + "$v="
          + version
          + "$m="
          + listValue(credentialData, "memory")
          + ",t="
          + iterations
          + ",p="
          + listValue(credentialData, "parallelism")
          + "$"
          + b64.encodeToString(salt)
          + "$"
          + b64.encodeToString(value);
    }
    String prefix =
        Map.of(
                "pbkdf2-sha256",
                "$pbkdf2-sha256$",
                "pbkdf2-sha512",
                "$pbkdf2-sha512$",
                "pbkdf2",
                "$pbkdf2$")
            .get(algorithm);
    return prefix
        + iterations
        + "$"
        + b64.encodeToString(salt).replace('+', '.')
        + "$"
        + b64.encodeToString(value).replace('+', '.');
  }

  private static String field(String json, String name) {
    return match(json, "\"" + name + "\":\"([^\"]*)\"");
  }

  private static String number(String json, String name) {
    return match(json, "\"" + name + "\":(\\d+)");
  }

  private static String listValue(String json, String name) {
    return match(json, "\"" + name + "\":\\[\"([^\"]*)\"\\]");
  }

  private static String match(String json, String regex) {
    Matcher m = Pattern.compile(regex).matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + regex + " in " + json);
    }
    return m.group(1);
  }
}
