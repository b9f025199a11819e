package dev.gatehouse.core.password;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.password.PasswordHashingOptions.FirebaseScryptParameters;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes new passwords and verifies passwords against stored hashes in every format Gatehouse
 * recognises, telling the caller when a correct password's hash should be upgraded.
 *
 * <p><b>New hashes</b> use {@link PasswordHashingOptions#algorithm()}:
 *
 * <ul>
 *   <li>{@code ARGON2ID} (default): {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, a PHC
 *       string with unpadded standard base64, 16-byte salt, 32-byte hash, as argon2-cffi and PHP
 *       write it.
 *   <li>{@code BCRYPT}: {@code $2b$12$<22 salt chars><31 hash chars>}. Passwords over 72 UTF-8
 *       bytes are refused with {@code password_too_long} rather than silently truncated (bcrypt
 *       ignores every byte after the 72nd) or pre-hashed (which would produce a string no other
 *       bcrypt implementation verifies). Hosts choosing bcrypt should cap their policy at 72 bytes.
 *   <li>{@code SCRYPT}: Django's {@code scrypt$131072$<salt>$8$1$<base64 64-byte key>}.
 *   <li>{@code PBKDF2_SHA256}: Django's {@code pbkdf2_sha256$600000$<salt>$<base64 key>}.
 * </ul>
 *
 * <p><b>Recognised stored formats</b> (read from the string itself, parameters included):
 *
 * <ul>
 *   <li>Argon2id/Argon2i/Argon2d PHC strings and Django's {@code argon2$...};
 *   <li>bcrypt {@code $2a$}, {@code $2b$}, {@code $2y$}, Django's {@code bcrypt$} and {@code
 *       bcrypt_sha256$}, passlib's {@code $bcrypt-sha256$} (both versions), WordPress 6.8's {@code
 *       $wp$2y$};
 *   <li>scrypt: Django's {@code scrypt$}, passlib's {@code $scrypt$}, Firebase's modified scrypt
 *       {@code $firebase-scrypt$salt$hash} (with {@link Builder#firebaseScrypt});
 *   <li>PBKDF2: Django's {@code pbkdf2_sha256$}/{@code pbkdf2_sha1$}, passlib's {@code
 *       $pbkdf2-sha256$}/{@code $pbkdf2-sha512$}/{@code $pbkdf2$}, ASP.NET Core Identity v2/v3
 *       base64 blobs;
 *   <li>crypt(3): sha512-crypt {@code $6$}, sha256-crypt {@code $5$}, md5-crypt {@code $1$}, Apache
 *       {@code $apr1$}, traditional DES (13 characters), BSDi {@code _...}, Django's {@code
 *       crypt$};
 *   <li>phpass {@code $P$}/{@code $H$}, Drupal 7 {@code $S$} and {@code U$S$};
 *   <li>LDAP {@code {SSHA}}, {@code {SHA}}, {@code {SMD5}}, {@code {MD5}}, {@code {SSHA256}},
 *       {@code {SSHA512}} (and unsalted SHA-256/512), {@code {CRYPT}} with any crypt(3) string
 *       above;
 *   <li>Django's {@code sha1$}, {@code md5$}, unsalted variants and bare lower-case MD5 hex;
 *   <li>bare MD5/SHA-1 hex in any case only with {@link Builder#allowUnsaltedDigests};
 *   <li>Django's unusable {@code !...}.
 * </ul>
 *
 * <p>Every legacy format answers {@code MATCH_NEEDS_UPGRADE} when the password is right. Formats a
 * host adds with {@link Builder#addFormat} are consulted first, so a host can take over a prefix.
 *
 * <p><b>Cost control.</b> Every hash computation runs under a fair semaphore of {@link
 * PasswordHashingOptions#maxConcurrentHashes()} permits and is counted by {@link
 * #hashComputations()}. Stored parameters beyond the caps are refused without computing anything. A
 * verification of a password longer than {@link PasswordHashingOptions#maxPasswordBytes()} returns
 * {@code NO_MATCH} without computing, whatever the stored hash.
 *
 * <p><b>Exact bytes.</b> The password is hashed as the UTF-8 bytes of the string given, with no
 * normalisation or trimming; callers that normalise (see {@link PasswordPolicy#normalize}) must do
 * so identically at registration and login.
 *
 * <p>Thread-safe; build one per application and share it.
 *
 * <pre>{@code
 * PasswordHashing hashing = PasswordHashing.create(PasswordHashingOptions.defaults());
 * String stored = hashing.hash(password);                  // at registration
 *
 * PasswordVerification result = user == null
 *     ? PasswordVerification.NO_MATCH                      // after hashing.verifyDummy(password)
 *     : hashing.verify(password, user.passwordHash());
 * if (result == PasswordVerification.MATCH_NEEDS_UPGRADE) {
 *   user.setPasswordHash(hashing.hash(password));
 * }
 * }</pre>
 */
public final class PasswordHashing {
  private static final Logger log = LoggerFactory.getLogger(PasswordHashing.class);

  private final PasswordHashingOptions options;
  private final List<PasswordHashFormat> formats;
  private final NativeHashFormat nativeFormat;
  private final PasswordHashFormat.ParsedHash dummy;
  private final Semaphore permits;
  private final AtomicLong computations;
  private final SecureRandom random;
  private final GatehouseObserver observer;
  private final Argon2Backend argon2Backend;

  private PasswordHashing(
      PasswordHashingOptions options,
      List<PasswordHashFormat> hostFormats,
      FirebaseScryptParameters firebase,
      boolean allowUnsaltedDigests,
      GatehouseObserver observer,
      Argon2Backend argon2Backend) {
    this.options = options;
    this.argon2Backend = argon2Backend;
    this.observer = observer;
    this.computations = new AtomicLong();
    this.random = new SecureRandom();
    Argon2Format argon2 = new Argon2Format(argon2Backend);
    BcryptFormat bcrypt = new BcryptFormat();
    ScryptFormat scrypt = new ScryptFormat();
    Pbkdf2Format pbkdf2 = new Pbkdf2Format();
    List<PasswordHashFormat> crypt =
        List.of(
            new ShaCryptFormat(ShaCryptFormat.Variant.SHA512),
            new ShaCryptFormat(ShaCryptFormat.Variant.SHA256),
            Md5CryptFormat.md5Crypt(),
            Md5CryptFormat.apr1(),
            new DesCryptFormat());
    List<PasswordHashFormat> ldapCrypt = new ArrayList<>(crypt);
    ldapCrypt.add(bcrypt);
    LdapFormat ldap = new LdapFormat(ldapCrypt);
    List<PasswordHashFormat> all = new ArrayList<>(hostFormats);
    all.addAll(List.of(argon2, bcrypt, scrypt, pbkdf2));
    all.addAll(crypt);
    all.addAll(
        List.of(
            PhpassFormat.portable(),
            PhpassFormat.drupal7(),
            PrehashedBcryptFormat.passlibBcryptSha256(),
            PrehashedBcryptFormat.wordPress(),
            new PasslibScryptFormat(),
            new FirebaseScryptFormat(firebase),
            // Before LDAP: both know {MD5} and {SHA-...}; Spring's are hex, LDAP's Base64.
            new SpringSecurityFormat(bcrypt, argon2, ldap),
            ldap,
            new AspNetIdentityFormat(),
            new DjangoDigestFormat(),
            new RawDigestFormat(allowUnsaltedDigests)));
    this.formats = List.copyOf(all);
    switch (options.algorithm()) {
      case BCRYPT:
        this.nativeFormat = bcrypt;
        break;
      case SCRYPT:
        this.nativeFormat = scrypt;
        break;
      case PBKDF2_SHA256:
        this.nativeFormat = pbkdf2;
        break;
      default:
        this.nativeFormat = argon2;
    }
    String dummyHash = nativeFormat.dummyHash(options, random);
    // Our own dummy string is always within our own caps (checked by the options), so present.
    this.dummy =
        nativeFormat
            .parse(dummyHash, options)
            .orElseThrow(() -> new IllegalStateException("dummy hash rejected by its own format"));
    this.permits = new Semaphore(options.maxConcurrentHashes(), true);
  }

  /** A view of {@code source} reporting to {@code observer}; shares its permits and counter. */
  private PasswordHashing(PasswordHashing source, GatehouseObserver observer) {
    this.options = source.options;
    this.formats = source.formats;
    this.nativeFormat = source.nativeFormat;
    this.dummy = source.dummy;
    this.permits = source.permits;
    this.computations = source.computations;
    this.random = source.random;
    this.argon2Backend = source.argon2Backend;
    this.observer = observer;
  }

  /**
   * This hashing, reporting every computation's permit wait and duration to {@code observer}
   * besides the observer it already has. The result shares this instance's permits and {@link
   * #hashComputations()} counter, so the concurrency cap still holds across both.
   *
   * @param observer receives {@link GatehouseObserver#passwordHashed} for every computation
   * @return the observed hashing (this instance when {@code observer} is {@link
   *     GatehouseObserver#none()})
   */
  public PasswordHashing observedBy(GatehouseObserver observer) {
    requireNonNull(observer, "observer");
    if (observer == GatehouseObserver.none()) {
      return this;
    }
    GatehouseObserver combined =
        this.observer == GatehouseObserver.none()
            ? GatehouseObserver.allOf(List.of(observer))
            : GatehouseObserver.allOf(List.of(this.observer, observer));
    return new PasswordHashing(this, combined);
  }

  /**
   * Hashing with the given options and the built-in formats only.
   *
   * @param options the settings, not {@code null}
   * @return a new, thread-safe instance
   */
  public static PasswordHashing create(PasswordHashingOptions options) {
    return builder().options(options).build();
  }

  /** {@return a builder with default options and no extra formats} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return what computes Argon2 tags here, e.g. {@code java} or {@code libargon2}} */
  public Argon2Backend argon2Backend() {
    return argon2Backend;
  }

  /** {@return the options this instance was built with} */
  public PasswordHashingOptions options() {
    return options;
  }

  /**
   * Hashes a new password with the configured algorithm and parameters and a fresh random salt.
   *
   * @param rawPassword the password exactly as it should be verified later, not {@code null}
   * @return the string to store
   * @throws RejectedInputException {@code password_too_long} if the password has more UTF-8 bytes
   *     than {@code maxPasswordBytes}, or more than 72 when the algorithm is bcrypt
   * @throws AuthInfrastructureException {@code hashing_interrupted} if the thread was interrupted
   *     while waiting for a permit (the interrupt flag is restored)
   */
  public String hash(String rawPassword) {
    requireNonNull(rawPassword, "rawPassword");
    int bytes = Encoding.utf8(rawPassword).length;
    if (bytes > options.maxPasswordBytes()) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_LONG,
          "password is longer than " + options.maxPasswordBytes() + " UTF-8 bytes");
    }
    if (options.algorithm() == PasswordHashAlgorithm.BCRYPT && bytes > BcryptFormat.MAX_KEY_BYTES) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_LONG,
          "password is longer than 72 UTF-8 bytes, the most bcrypt can use; it is refused rather"
              + " than truncated");
    }
    return compute(() -> nativeFormat.hash(rawPassword, options, random));
  }

  /**
   * Verifies a password against a stored hash in any recognised format. Never throws for a bad
   * stored string: it fails closed with {@code UNUSABLE} or {@code UNSUPPORTED} and, for the
   * latter, logs one warning naming the format and the string's length, never the hash or the
   * password. Performs at most one hash computation; none for {@code UNUSABLE}, {@code UNSUPPORTED}
   * or an over-long password, so call {@link #verifyDummy} on those paths if their timing must
   * match a real check.
   *
   * @param rawPassword the password as typed, not {@code null}
   * @param storedHash the stored string, may be {@code null}
   * @return the outcome; only {@link PasswordVerification#matched()} values mean success
   * @throws AuthInfrastructureException {@code hashing_interrupted} if the thread was interrupted
   *     while waiting for a permit (the interrupt flag is restored)
   */
  public PasswordVerification verify(String rawPassword, @Nullable String storedHash) {
    requireNonNull(rawPassword, "rawPassword");
    if (storedHash == null || storedHash.isEmpty() || storedHash.startsWith("!")) {
      return PasswordVerification.UNUSABLE;
    }
    PasswordHashFormat format = formatFor(storedHash);
    if (format == null) {
      log.warn(
          "Stored password hash is in no recognised format (length {}); verification refused",
          storedHash.length());
      return PasswordVerification.UNSUPPORTED;
    }
    try {
      Optional<PasswordHashFormat.ParsedHash> parsed = format.parse(storedHash, options);
      if (parsed.isEmpty()) {
        log.warn(
            "Stored {} password hash is malformed or exceeds the configured caps (length {});"
                + " verification refused",
            format.id(),
            storedHash.length());
        return PasswordVerification.UNSUPPORTED;
      }
      if (Encoding.utf8(rawPassword).length > options.maxPasswordBytes()) {
        return PasswordVerification.NO_MATCH;
      }
      if (!compute(() -> parsed.get().matches(rawPassword))) {
        return PasswordVerification.NO_MATCH;
      }
      return format.needsUpgrade(storedHash, options)
          ? PasswordVerification.MATCH_NEEDS_UPGRADE
          : PasswordVerification.MATCH;
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      // A safety net, not control flow: formats validate before computing, so this is a bug in a
      // format or the crypto provider. Fail closed; the exception message could quote the input.
      log.warn(
          "Verifying a stored {} password hash failed with {}; verification refused",
          format.id(),
          e.getClass().getName());
      return PasswordVerification.UNSUPPORTED;
    }
  }

  /**
   * Names the format of a stored hash without computing anything: the {@link
   * PasswordHashFormat#id()} of the format that recognises the string and accepts its parameters
   * under the current caps. Importers use it to count a legacy dump's hashes per format and to find
   * the ones no login could ever verify before cut-over.
   *
   * @param storedHash a stored string, may be {@code null}
   * @return the format id (e.g. {@code "pbkdf2"}, {@code "argon2"}); empty when the string is
   *     {@code null}, empty, unusable ({@code !...}), in no recognised format, malformed, or beyond
   *     the configured caps
   */
  public Optional<String> formatOf(@Nullable String storedHash) {
    if (storedHash == null || storedHash.isEmpty() || storedHash.startsWith("!")) {
      return Optional.empty();
    }
    PasswordHashFormat format = formatFor(storedHash);
    if (format == null || format.parse(storedHash, options).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(format.id());
  }

  /**
   * Performs exactly one hash computation at the configured algorithm and parameters against a
   * fixed, never-matching dummy hash, so that a login for an unknown user costs what a real one
   * costs. Like {@link #verify}, computes nothing for a password over {@code maxPasswordBytes}.
   *
   * @param rawPassword the password as typed, not {@code null}
   * @throws AuthInfrastructureException {@code hashing_interrupted} if interrupted while waiting
   */
  public void verifyDummy(String rawPassword) {
    requireNonNull(rawPassword, "rawPassword");
    if (Encoding.utf8(rawPassword).length > options.maxPasswordBytes()) {
      return;
    }
    compute(() -> dummy.matches(rawPassword));
  }

  /**
   * How many hash computations this instance has performed (by {@link #hash}, {@link #verify} and
   * {@link #verifyDummy}); for tests and metrics.
   *
   * @return the number of computations so far
   */
  public long hashComputations() {
    return computations.get();
  }

  /** Names the algorithm and the recognised formats; contains no secret. */
  @Override
  public String toString() {
    List<String> ids = new ArrayList<>();
    formats.forEach(f -> ids.add(f.id()));
    return "PasswordHashing[algorithm="
        + options.algorithm()
        + ", formats="
        + ids
        + ", argon2="
        + argon2Backend.name()
        + "]";
  }

  private PasswordHashFormat formatFor(String storedHash) {
    for (PasswordHashFormat format : formats) {
      if (format.recognizes(storedHash)) {
        return format;
      }
    }
    return null;
  }

  private <T> T compute(Supplier<T> computation) {
    long asked = System.nanoTime();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthInfrastructureException(
          ErrorCode.HASHING_INTERRUPTED,
          "interrupted while waiting to compute a password hash",
          true,
          e);
    }
    long started = System.nanoTime();
    try {
      computations.incrementAndGet();
      return computation.get();
    } finally {
      permits.release();
      long done = System.nanoTime();
      if (observer != GatehouseObserver.none()) {
        observer.passwordHashed(
            Duration.ofNanos(started - asked), Duration.ofNanos(done - started));
      }
    }
  }

  /** Single-threaded builder for {@link PasswordHashing}. */
  public static final class Builder {
    private PasswordHashingOptions options = PasswordHashingOptions.defaults();
    private final List<PasswordHashFormat> formats = new ArrayList<>();
    private GatehouseObserver observer = GatehouseObserver.none();
    private FirebaseScryptParameters firebase;
    private boolean allowUnsaltedDigests;
    private Argon2Backend argon2Backend;

    private Builder() {}

    /**
     * Sets what computes Argon2 tags; defaults to {@link Argon2Backend#detect()} (libargon2 when
     * {@code auth-argon2-native} is on the classpath and the library is installed, else Java). The
     * stored strings are the same with every backend.
     *
     * @param backend the backend, not {@code null}
     * @return this builder
     */
    public Builder argon2Backend(Argon2Backend backend) {
      this.argon2Backend = requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Reports every hash computation's permit wait and duration (see {@link
     * GatehouseObserver#passwordHashed}); none by default. An exception the observer throws is
     * logged and swallowed.
     *
     * @param observer the observer, not {@code null}
     * @return this builder
     */
    public Builder observer(GatehouseObserver observer) {
      requireNonNull(observer, "observer");
      this.observer =
          observer == GatehouseObserver.none()
              ? observer
              : GatehouseObserver.allOf(List.of(observer));
      return this;
    }

    /**
     * Sets the settings to use; defaults to {@link PasswordHashingOptions#defaults()}.
     *
     * @param options the options, not {@code null}
     * @return this builder
     */
    public Builder options(PasswordHashingOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    /**
     * Adds a stored-hash format, consulted before the built-in ones in the order added.
     *
     * @param format an immutable, thread-safe format, not {@code null}
     * @return this builder
     */
    public Builder addFormat(PasswordHashFormat format) {
      formats.add(requireNonNull(format, "format"));
      return this;
    }

    /**
     * Sets the Firebase project's hash parameters, so that {@code $firebase-scrypt$<salt>$<hash>}
     * strings (a Firebase {@code auth:export} user's {@code salt} and {@code passwordHash}) verify;
     * without them such strings are {@code UNSUPPORTED}.
     *
     * @param parameters the project's parameters, not {@code null}
     * @return this builder
     */
    public Builder firebaseScrypt(FirebaseScryptParameters parameters) {
      this.firebase = requireNonNull(parameters, "parameters");
      return this;
    }

    /**
     * Whether bare hexadecimal MD5 or SHA-1 digests of the password, without salt ({@code
     * md5($password)} of old PHP applications), are verified; off by default, when they are {@code
     * UNSUPPORTED}. They fall to a lookup table once leaked, so allow them only while migrating.
     * Django's lower-case MD5 hex ({@code UnsaltedMD5PasswordHasher}) is verified either way.
     *
     * @param allow {@code true} to verify them
     * @return this builder
     */
    public Builder allowUnsaltedDigests(boolean allow) {
      this.allowUnsaltedDigests = allow;
      return this;
    }

    /**
     * Builds the instance; the builder can be reused afterwards.
     *
     * @return a new, thread-safe {@link PasswordHashing}
     */
    public PasswordHashing build() {
      return new PasswordHashing(
          options,
          formats,
          firebase,
          allowUnsaltedDigests,
          observer,
          argon2Backend != null ? argon2Backend : Argon2Backend.detect());
    }
  }

  /**
   * The outcome of {@link PasswordHashing#verify(String, String)}. Only {@link #MATCH} and {@link
   * #MATCH_NEEDS_UPGRADE} mean the password is correct; every other value must be treated as a
   * failed login.
   */
  public enum PasswordVerification {
    /** The password is correct and the stored hash is in the current format and parameters. */
    MATCH,
    /**
     * The password is correct, but the stored hash uses a legacy format or weaker parameters than
     * the current configuration: the caller should store {@link PasswordHashing#hash(String)} of
     * the same password now, while it has it in hand.
     */
    MATCH_NEEDS_UPGRADE,
    /** The stored hash is well formed and the password does not match it. */
    NO_MATCH,
    /**
     * No password can ever match: the stored hash is {@code null}, empty or a Django "unusable
     * password" ({@code !} prefix). Such an account can only sign in without a password (OTP).
     */
    UNUSABLE,
    /**
     * The stored string is in no recognised format, is malformed, or declares parameters beyond the
     * configured caps. Nothing was computed; the check failed closed.
     */
    UNSUPPORTED;

    /**
     * {@return whether the password was correct ({@link #MATCH} or {@link #MATCH_NEEDS_UPGRADE})}
     */
    public boolean matched() {
      return this == MATCH || this == MATCH_NEEDS_UPGRADE;
    }
  }
}
