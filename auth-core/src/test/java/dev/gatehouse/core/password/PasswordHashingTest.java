package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashingTest {
  private static final String PASSWORD = "correct horse battery staple 🐎";

  /** Cheap parameters so the suite stays fast on a shared 2-core machine. */
  private static PasswordHashingOptions cheap(PasswordHashAlgorithm algorithm) {
    return PasswordHashingOptions.builder()
        .algorithm(algorithm)
        .argon2(64, 1, 1)
        .bcryptCost(4)
        .scrypt(1024, 8, 1)
        .pbkdf2Iterations(1000)
        .build();
  }

  private static PasswordHashing cheapHashing() {
    return PasswordHashing.create(cheap(PasswordHashAlgorithm.ARGON2ID));
  }

  @Test
  void aFreshDefaultHashIsAnArgon2idPhcStringThatMatches() {
    PasswordHashing hashing = PasswordHashing.create(PasswordHashingOptions.defaults());
    String stored = hashing.hash(PASSWORD);

    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("=$");
    assertThat(stored.split("\\$")[4]).hasSize(22); // 16-byte salt, unpadded base64
    assertThat(stored.split("\\$")[5]).hasSize(43); // 32-byte hash, unpadded base64
    assertThat(hashing.verify(PASSWORD, stored)).isEqualTo(PasswordVerification.MATCH);
    assertThat(hashing.verify(PASSWORD + "x", stored)).isEqualTo(PasswordVerification.NO_MATCH);
  }

  @ParameterizedTest
  @EnumSource(PasswordHashAlgorithm.class)
  void everyAlgorithmWritesItsDocumentedFormatAndVerifiesIt(PasswordHashAlgorithm algorithm) {
    PasswordHashing hashing = PasswordHashing.create(cheap(algorithm));
    String stored = hashing.hash(PASSWORD);

    String expectedPrefix =
        switch (algorithm) {
          case ARGON2ID -> "$argon2id$v=19$m=64,t=1,p=1$";
          case BCRYPT -> "$2b$04$";
          case SCRYPT -> "scrypt$1024$";
          case PBKDF2_SHA256 -> "pbkdf2_sha256$1000$";
        };
    assertThat(stored).startsWith(expectedPrefix);
    assertThat(hashing.verify(PASSWORD, stored)).isEqualTo(PasswordVerification.MATCH);
    assertThat(hashing.verify("correct horse battery staple", stored))
        .isEqualTo(PasswordVerification.NO_MATCH);
    assertThat(hashing.hash(PASSWORD)).as("fresh salt each time").isNotEqualTo(stored);
  }

  @ParameterizedTest
  @EnumSource(PasswordHashAlgorithm.class)
  void aHashWithWeakerParametersThanCurrentNeedsAnUpgrade(PasswordHashAlgorithm algorithm) {
    String stored = PasswordHashing.create(cheap(algorithm)).hash(PASSWORD);
    PasswordHashingOptions stronger =
        cheap(algorithm).toBuilder()
            .argon2(128, 2, 1)
            .bcryptCost(5)
            .scrypt(2048, 8, 1)
            .pbkdf2Iterations(2000)
            .build();

    assertThat(PasswordHashing.create(stronger).verify(PASSWORD, stored))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
  }

  @Test
  void aHashInAnotherAlgorithmThanTheConfiguredOneNeedsAnUpgrade() {
    String pbkdf2 = PasswordHashing.create(cheap(PasswordHashAlgorithm.PBKDF2_SHA256)).hash("x");
    assertThat(cheapHashing().verify("x", pbkdf2))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
  }

  @Test
  void newBcryptHashesAcceptExactly72BytesAndVerifyLikeReferenceBcrypt() {
    PasswordHashing bcrypt = PasswordHashing.create(cheap(PasswordHashAlgorithm.BCRYPT));
    String seventyTwo = "a".repeat(70) + "é"; // 70 + 2 bytes
    assertThat(seventyTwo.getBytes(StandardCharsets.UTF_8)).hasSize(72);

    String stored = bcrypt.hash(seventyTwo);

    assertThat(bcrypt.verify(seventyTwo, stored)).isEqualTo(PasswordVerification.MATCH);
    // Reference bcrypt ignores what follows byte 72, and so do we when verifying plain bcrypt.
    assertThat(bcrypt.verify(seventyTwo + "extra", stored)).isEqualTo(PasswordVerification.MATCH);
    assertThat(bcrypt.verify("a".repeat(70), stored)).isEqualTo(PasswordVerification.NO_MATCH);
  }

  @Test
  void newBcryptHashesRefusePasswordsOver72BytesInsteadOfTruncating() {
    PasswordHashing bcrypt = PasswordHashing.create(cheap(PasswordHashAlgorithm.BCRYPT));
    long before = bcrypt.hashComputations();

    assertThatThrownBy(() -> bcrypt.hash("a".repeat(71) + "é")) // 73 bytes, 72 characters
        .isInstanceOf(RejectedInputException.class)
        .hasFieldOrPropertyWithValue("error", ErrorCode.PASSWORD_TOO_LONG);
    assertThat(bcrypt.hashComputations()).isEqualTo(before);
  }

  @Test
  void passwordsOverTheByteCapAreRefusedWhenHashingAndNeverComputedWhenVerifying() {
    PasswordHashing hashing = cheapHashing();
    String stored = hashing.hash("short enough");
    String huge = "x".repeat(1025);
    long before = hashing.hashComputations();

    assertThatThrownBy(() -> hashing.hash(huge))
        .isInstanceOf(RejectedInputException.class)
        .hasFieldOrPropertyWithValue("error", ErrorCode.PASSWORD_TOO_LONG)
        .hasMessageNotContaining(huge);
    assertThat(hashing.verify(huge, stored)).isEqualTo(PasswordVerification.NO_MATCH);
    assertThat(hashing.hashComputations()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "!", "!86sopgkFQNaEJCxmZ8iPJw5mnIIgWh1rPsI7h8eJ", "!pbkdf2_sha256$1$a$b"})
  void emptyAndDjangoUnusableHashesAreUnusableWithoutComputing(String stored) {
    PasswordHashing hashing = cheapHashing();
    assertThat(hashing.verify("", stored)).isEqualTo(PasswordVerification.UNUSABLE);
    assertThat(hashing.verify("anything", stored)).isEqualTo(PasswordVerification.UNUSABLE);
    assertThat(hashing.hashComputations()).isZero();
  }

  @Test
  void aNullStoredHashIsUnusable() {
    assertThat(cheapHashing().verify("anything", null)).isEqualTo(PasswordVerification.UNUSABLE);
  }

  private static final String B64_32 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String BCRYPT_TAIL = "QIOfyByOmMv5uIEq0G7dG.ZNURTQKV7rDAF9nuyHzCdIlC01tFHMi";

  static Stream<String> malformedHashes() {
    return Stream.of(
        "hello world",
        "$argon2id$v=19$m=65536,t=4",
        "$argon2id$v=19$m=65536,t=4,p=1$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=65536,t=4,p=1$c2FsdHNhbHQ$!!!!",
        "$argon2id$v=20$m=65536,t=4,p=1$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "$argon2id$v=19$t=4,m=65536,p=1$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "$argon2id$v=19$m=1048576,t=2,p=1$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "$argon2id$v=19$m=65536,t=1000,p=1$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "$argon2id$v=19$m=65536,t=2,p=255$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "$argon2id$v=19$m=4,t=2,p=1$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "$argon2x$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$c2FsdHNhbHQ",
        "argon2$argon2id$v=19$m=102400,t=2,p=8$$",
        "$2b$99$" + BCRYPT_TAIL,
        "$2b$31$" + BCRYPT_TAIL,
        "$2b$10$" + "!" + BCRYPT_TAIL.substring(1),
        "$2b$10$QIOfyByOmMv5uIEq0G7dG",
        "$2b$1x$" + BCRYPT_TAIL,
        "bcrypt_sha256$$2b$12$short",
        "pbkdf2_sha256$abc$salt$" + B64_32,
        "pbkdf2_sha256$-5$salt$" + B64_32,
        "pbkdf2_sha256$1000000000$salt$" + B64_32,
        "pbkdf2_sha256$99999999999999999999999$salt$" + B64_32,
        "pbkdf2_sha256$1000$salt$not*base64",
        "pbkdf2_sha256$1000$salt",
        "$pbkdf2-sha256$29000$bad+salt$jNIGHrIPrioXe/JgSlSAlLJr2o7FCGRSN.I7hLCs6tI",
        "scrypt$16384$salt$8$1$",
        "scrypt$1000$salt$8$1$" + B64_32,
        "scrypt$1048576$salt$8$1$" + B64_32,
        "scrypt$16384$salt$8$99$" + B64_32,
        "$6$salt$tooshort",
        "$6$rounds=999999999$saltstring$" + "a".repeat(86),
        "$6$rounds=12x$saltstring$" + "a".repeat(86),
        "$P$zQZo5RgJ.x6/e5HZRnWw/jxsnrNErV1",
        "$P$HQZo5RgJ.x6/e5HZRnWw/jxsnrN",
        "sha1$salt$nothex",
        "md5$salt$ABCDEF",
        "md5$a$b$c",
        "0123456789abcdef0123456789abcdeX");
  }

  @ParameterizedTest
  @MethodSource("malformedHashes")
  void malformedUnknownOrOverCapHashesAreUnsupportedWithoutComputing(String stored) {
    PasswordHashing hashing = cheapHashing();

    assertThat(hashing.verify("password", stored)).isEqualTo(PasswordVerification.UNSUPPORTED);
    assertThat(hashing.hashComputations()).isZero();
  }

  @Test
  void anUnsupportedHashIsLoggedOnceWithoutTheHashOrThePassword() {
    PasswordHashing hashing = cheapHashing();
    String planted = "pbkdf2_sha256$1000000000$plantedsaltvalue$" + B64_32;
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(hashing.verify("hunter2-secret", planted))
          .isEqualTo(PasswordVerification.UNSUPPORTED);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log.lines()).hasSize(1);
    assertThat(log)
        .contains("pbkdf2")
        .doesNotContain("plantedsaltvalue")
        .doesNotContain(B64_32)
        .doesNotContain("1000000000")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void anUnknownUserLoginStillRunsExactlyOneHash() {
    PasswordHashing hashing = cheapHashing();
    String stored = hashing.hash(PASSWORD);
    long afterRegistration = hashing.hashComputations();

    hashing.verify(PASSWORD, stored); // known user
    long knownUserCost = hashing.hashComputations() - afterRegistration;
    hashing.verifyDummy(PASSWORD); // unknown user
    long unknownUserCost = hashing.hashComputations() - afterRegistration - knownUserCost;

    assertThat(knownUserCost).isEqualTo(1);
    assertThat(unknownUserCost).isEqualTo(1);
  }

  @Test
  void theDummyHashUsesTheConfiguredAlgorithmAndNeverMatches() {
    for (PasswordHashAlgorithm algorithm : PasswordHashAlgorithm.values()) {
      PasswordHashing hashing = PasswordHashing.create(cheap(algorithm));
      hashing.verifyDummy("");
      hashing.verifyDummy(PASSWORD);
      assertThat(hashing.hashComputations()).isEqualTo(2);
    }
  }

  @Test
  void anInterruptedCallerGetsARetryableInfrastructureErrorAndKeepsItsInterruptFlag() {
    PasswordHashing hashing = cheapHashing();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> hashing.hash(PASSWORD))
          .isInstanceOfSatisfying(
              AuthInfrastructureException.class,
              e -> {
                assertThat(e.code()).isEqualTo("hashing_interrupted");
                assertThat(e.retryable()).isTrue();
                assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
              });
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  /** A host format whose "hash" is a plain comparison. */
  private static final class CountingFormat implements PasswordHashFormat {
    @Override
    public String id() {
      return "counting";
    }

    @Override
    public boolean recognizes(String stored) {
      return stored.startsWith("counting$");
    }

    @Override
    public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
      String expected = stored.substring("counting$".length());
      return Optional.of(raw -> raw.equals(expected));
    }
  }

  /**
   * A host format whose "hash" records how many computations run at once and holds each one until
   * the test releases them, so the bound is observed without relying on timing.
   */
  private static final class BlockingFormat implements PasswordHashFormat {
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final Semaphore entered = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String id() {
      return "blocking";
    }

    @Override
    public boolean recognizes(String stored) {
      return stored.startsWith("blocking$");
    }

    @Override
    public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
      String expected = stored.substring("blocking$".length());
      return Optional.of(
          raw -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            entered.release();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            active.decrementAndGet();
            return raw.equals(expected);
          });
    }
  }

  @Test
  void noMoreHashesRunAtOnceThanTheConfiguredPermits() throws Exception {
    BlockingFormat format = new BlockingFormat();
    PasswordHashing hashing =
        PasswordHashing.builder()
            .options(
                cheap(PasswordHashAlgorithm.ARGON2ID).toBuilder().maxConcurrentHashes(2).build())
            .addFormat(format)
            .build();
    int callers = 5;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    try {
      List<Future<PasswordVerification>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  threads.add(Thread.currentThread());
                  return hashing.verify("pw", "blocking$pw");
                }));
      }
      // Two computations get in; then wait until every caller is parked (the two inside, the
      // other three on the bound), at which point a third would already be inside if it could.
      assertThat(format.entered.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (threads.size() < callers
          || !threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
        assertThat(System.nanoTime()).as("callers parked in time").isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertThat(format.active).hasValue(2);
      assertThat(format.entered.availablePermits()).isZero();
      format.release.countDown();
      for (Future<PasswordVerification> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS))
            .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
      }
    } finally {
      format.release.countDown();
      pool.shutdownNow();
    }
    assertThat(format.maxActive).hasValue(2);
    assertThat(hashing.hashComputations()).isEqualTo(callers);
  }

  @Test
  void aHostFormatIsConsultedAndDefaultsToNeedingAnUpgrade() {
    PasswordHashing hashing = PasswordHashing.builder().addFormat(new CountingFormat()).build();
    assertThat(hashing.verify("pw", "counting$pw"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(hashing.verify("other", "counting$pw")).isEqualTo(PasswordVerification.NO_MATCH);
    assertThat(hashing.toString()).contains("counting", "argon2", "bcrypt");
  }

  @Test
  void aHostFormatThatThrowsFailsClosed() {
    PasswordHashFormat broken =
        new PasswordHashFormat() {
          @Override
          public String id() {
            return "broken";
          }

          @Override
          public boolean recognizes(String stored) {
            return stored.startsWith("broken$");
          }

          @Override
          public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
            return Optional.of(
                raw -> {
                  throw new IllegalStateException("boom " + stored);
                });
          }
        };
    PasswordHashing hashing = PasswordHashing.builder().addFormat(broken).build();
    assertThat(hashing.verify("pw", "broken$x")).isEqualTo(PasswordVerification.UNSUPPORTED);
  }

  @Test
  void sha512CryptHonoursExplicitRoundsLongPasswordsAndEmptyPasswords() {
    // Made with glibc crypt(3) (Python 3.11 crypt module).
    PasswordHashing hashing = cheapHashing();
    assertThat(
            hashing.verify(
                "Hello world!",
                "$6$rounds=1000$saltstring$Zu2Vknok2/f53APfN687ADnzeNBLcsEgTwvcBHMD2./07rZQAt8vsuKVufD15dyZh.LOLB/uZKf6I3GyON4bp/"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(
            hashing.verify(
                "Hello world!",
                "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(
            hashing.verify(
                "This is a very long password of more than sixty-four bytes, for the sha-crypt loop",
                "$6$rounds=1200$abcdefghijklmnop$rgQDEoV2.o4zQwTmbkZ27k5NjolqzRZz24CNRoJ7ecMz9k.fFH4aOgq.f9tHocFgGLzeF1sBb32r1fzrk.vaH0"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(
            hashing.verify(
                "",
                "$6$rounds=1000$emptypw$HlIvXUyYuit0YXo7TQsvDbSukfTPXqMfer3T883.YtTaRpAHhGsXXvUpZxRWVIR6LzICKFT6VsLlh3xHWI3zr0"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
  }

  @Test
  void djangoScryptPbkdf2Sha512AndPasslibSha1PhpassHAreVerified() {
    // scrypt: Django's own test vector; the others made with Python's hashlib.
    PasswordHashing hashing = cheapHashing();
    assertThat(
            hashing.verify(
                "lètmein",
                "scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=="))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(
            hashing.verify(
                "correct horse 🐎",
                "scrypt$1024$Xk2pLq9sTv$8$1$LaiafpnCMsL+KQTmxAUaXcKnMFo8Efqu70W46vIWoSp62QBYsxi/X/x773l+p5/fzwYQDNi/u9W6TYqAsFJaUQ=="))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(
            hashing.verify(
                "pässword",
                "$pbkdf2-sha512$1000$AAECAwQFBgcICQoLDA0ODw$y/eRj2FwHgs6A0d8wKheOWOR5PjlKZUVEID5K8lrpY3fVCUnILd/a7SvXHROar5bA9d3J9zVifnM9vYjy0q8ZQ"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(
            hashing.verify(
                "pässword", "$pbkdf2$1000$AAECAwQFBgcICQoLDA0ODw$LXLUTXEwz3bsvdnCGyPh0mNzhGs"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    // phpBB's $H$ is phpass with another prefix (the vector file's WordPress $P$ row, relabelled).
    assertThat(hashing.verify("Pass-2432a7328d", "$H$HQZo5RgJ.x6/e5HZRnWw/jxsnrNErV1"))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(hashing.verify("Pass-2432a7328d", "md5$$" + md5Hex("Pass-2432a7328d")))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
  }

  @Test
  void veryOldDjangoArgon2iStringsAreReadWithTheirOwnParameters() {
    PasswordHashing hashing = cheapHashing();
    byte[] salt = "somesaltsomesalt".getBytes(StandardCharsets.US_ASCII);
    String saltB64 = Base64.getEncoder().withoutPadding().encodeToString(salt);
    // Django 1.10 wrote no version field, meaning Argon2 version 0x10; later ones wrote v=19.
    String v10 = argon2i("secret", salt, Argon2Parameters.ARGON2_VERSION_10);
    String v13 = argon2i("secret", salt, Argon2Parameters.ARGON2_VERSION_13);

    assertThat(hashing.verify("secret", "argon2$argon2i$m=512,t=2,p=2$" + saltB64 + "$" + v10))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(hashing.verify("secret", "argon2$argon2i$v=19$m=512,t=2,p=2$" + saltB64 + "$" + v13))
        .isEqualTo(PasswordVerification.MATCH_NEEDS_UPGRADE);
    assertThat(hashing.verify("secret", "argon2$argon2i$v=19$m=512,t=2,p=2$" + saltB64 + "$" + v10))
        .isEqualTo(PasswordVerification.NO_MATCH);
  }

  private static String argon2i(String password, byte[] salt, int version) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_i)
            .withVersion(version)
            .withMemoryAsKB(512)
            .withIterations(2)
            .withParallelism(2)
            .withSalt(salt)
            .build());
    byte[] out = new byte[16];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return Base64.getEncoder().withoutPadding().encodeToString(out);
  }

  private static String md5Hex(String s) {
    return Encoding.hex(Encoding.digest("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void invalidOptionsNameTheirComponent() {
    assertThatThrownBy(() -> PasswordHashingOptions.builder().argon2(4, 2, 1).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("PasswordHashingOptions.argon2MemoryKib must be >= 8*argon2Parallelism, was 4");
    assertThatThrownBy(() -> PasswordHashingOptions.builder().bcryptCost(17).build())
        .hasMessage("PasswordHashingOptions.bcryptCost must be <= 16, was 17");
    assertThatThrownBy(() -> PasswordHashingOptions.builder().scrypt(1000, 8, 1).build())
        .hasMessageStartingWith("PasswordHashingOptions.scryptN must be a power of two");
    assertThatThrownBy(() -> PasswordHashingOptions.builder().scrypt(65536, 1, 1).build())
        .hasMessage("PasswordHashingOptions.scryptN must be < 2^(16*scryptR) = 65536, was 65536");
    assertThatThrownBy(() -> PasswordHashingOptions.builder().pbkdf2Iterations(3_000_000).build())
        .hasMessage("PasswordHashingOptions.pbkdf2Iterations must be <= 2000000, was 3000000");
    assertThatThrownBy(() -> PasswordHashingOptions.builder().maxConcurrentHashes(0).build())
        .hasMessageStartingWith("PasswordHashingOptions.maxConcurrentHashes");
    assertThatThrownBy(() -> PasswordHashingOptions.builder().maxPasswordBytes(5000).build())
        .hasMessage("PasswordHashingOptions.maxPasswordBytes must be <= 4096, was 5000");
  }

  @Test
  void defaultsFollowOwasp() {
    PasswordHashingOptions d = PasswordHashingOptions.defaults();
    assertThat(d.algorithm()).isEqualTo(PasswordHashAlgorithm.ARGON2ID);
    assertThat(List.of(d.argon2MemoryKib(), d.argon2Iterations(), d.argon2Parallelism()))
        .containsExactly(19_456, 2, 1);
    assertThat(d.bcryptCost()).isEqualTo(12);
    assertThat(List.of(d.scryptN(), d.scryptR(), d.scryptP())).containsExactly(1 << 17, 8, 1);
    assertThat(d.pbkdf2Iterations()).isEqualTo(600_000);
    assertThat(d.maxConcurrentHashes()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
