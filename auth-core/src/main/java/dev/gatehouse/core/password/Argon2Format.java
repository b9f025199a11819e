package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Argon2 (id, i, d) as PHC strings ({@code $argon2id$v=19$m=65536,t=4,p=1$salt$hash}, written by
 * argon2-cffi, PHP and libargon2) and Django's {@code argon2$argon2id$...} wrapping of the same
 * string, including Django 1.10's {@code argon2$argon2i$m=512,t=2,p=2$...} without a version, which
 * libargon2 reads as version 0x10. Salt and hash are standard base64, padding optional.
 */
final class Argon2Format implements NativeHashFormat {
  private static final String DJANGO_PREFIX = "argon2$";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Argon2Backend.Variant[] VARIANTS = Argon2Backend.Variant.values();

  private final Argon2Backend backend;

  Argon2Format(Argon2Backend backend) {
    this.backend = backend;
  }

  /** Parameters read from a stored string. */
  private record Parsed(
      boolean django,
      int type,
      int version,
      int memoryKib,
      int iterations,
      int parallelism,
      byte[] salt,
      byte[] hash) {}

  @Override
  public String id() {
    return "argon2";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith("$argon2id$")
        || stored.startsWith("$argon2i$")
        || stored.startsWith("$argon2d$")
        || stored.startsWith("argon2$argon2");
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(stored, limits);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(raw -> MessageDigest.isEqual(p.hash, compute(raw, p, p.hash.length)));
  }

  @Override
  public boolean needsUpgrade(String stored, PasswordHashingOptions current) {
    Parsed p = read(stored, current);
    return p == null
        || p.django
        || current.algorithm() != PasswordHashAlgorithm.ARGON2ID
        || p.type != Argon2Engine.TYPE_ID
        || p.version != Argon2Engine.VERSION_13
        || p.memoryKib < current.argon2MemoryKib()
        || p.iterations < current.argon2Iterations();
  }

  @Override
  public String hash(String password, PasswordHashingOptions o, SecureRandom random) {
    Parsed p =
        new Parsed(
            false,
            Argon2Engine.TYPE_ID,
            Argon2Engine.VERSION_13,
            o.argon2MemoryKib(),
            o.argon2Iterations(),
            o.argon2Parallelism(),
            Encoding.randomBytes(random, SALT_BYTES),
            null);
    return format(p, compute(password, p, HASH_BYTES));
  }

  @Override
  public String dummyHash(PasswordHashingOptions o, SecureRandom random) {
    Parsed p =
        new Parsed(
            false,
            Argon2Engine.TYPE_ID,
            Argon2Engine.VERSION_13,
            o.argon2MemoryKib(),
            o.argon2Iterations(),
            o.argon2Parallelism(),
            Encoding.randomBytes(random, SALT_BYTES),
            null);
    return format(p, Encoding.randomBytes(random, HASH_BYTES));
  }

  private static String format(Parsed p, byte[] hash) {
    return "$argon2id$v=19$m="
        + p.memoryKib
        + ",t="
        + p.iterations
        + ",p="
        + p.parallelism
        + "$"
        + Encoding.base64Unpadded(p.salt)
        + "$"
        + Encoding.base64Unpadded(hash);
  }

  private byte[] compute(String password, Parsed p, int length) {
    return backend.hash(
        VARIANTS[p.type],
        p.version,
        p.memoryKib,
        p.iterations,
        p.parallelism,
        Encoding.utf8(password),
        p.salt,
        length);
  }

  /** Returns the parameters, or null if malformed or beyond the caps. */
  private static Parsed read(String stored, PasswordHashingOptions limits) {
    boolean django = stored.startsWith(DJANGO_PREFIX);
    String body = django ? stored.substring(DJANGO_PREFIX.length()) : stored.substring(1);
    String[] parts = body.split("\\$", -1);
    if (parts.length != 4 && parts.length != 5) {
      return null;
    }
    int type = type(parts[0]);
    int version = Argon2Engine.VERSION_10;
    int next = 1;
    if (parts.length == 5) {
      if (parts[1].equals("v=19")) {
        version = Argon2Engine.VERSION_13;
      } else if (!parts[1].equals("v=16")) {
        return null;
      }
      next = 2;
    }
    long[] mtp = costs(parts[next]);
    String salt = parts[next + 1];
    String hash = parts[next + 2];
    if (type < 0 || mtp == null || !Encoding.isBase64(salt) || !Encoding.isBase64(hash)) {
      return null;
    }
    long m = mtp[0];
    long t = mtp[1];
    long par = mtp[2];
    if (par < 1
        || par > limits.maxArgon2Parallelism()
        || m < 8 * par
        || m > limits.maxArgon2MemoryKib()
        || m > Argon2Engine.MAX_BLOCKS
        || t < 1
        || t > limits.maxArgon2Iterations()) {
      return null;
    }
    byte[] saltBytes = Encoding.decodeBase64(salt);
    byte[] hashBytes = Encoding.decodeBase64(hash);
    // libargon2's own minimums; a shorter salt or tag was never written by a real implementation.
    if (saltBytes.length < 8 || hashBytes.length < 4 || hashBytes.length > 1024) {
      return null;
    }
    return new Parsed(django, type, version, (int) m, (int) t, (int) par, saltBytes, hashBytes);
  }

  private static int type(String name) {
    switch (name) {
      case "argon2id":
        return Argon2Engine.TYPE_ID;
      case "argon2i":
        return Argon2Engine.TYPE_I;
      case "argon2d":
        return Argon2Engine.TYPE_D;
      default:
        return -1;
    }
  }

  /** Reads exactly {@code m=..,t=..,p=..} in that order (libargon2's encoding), or null. */
  private static long[] costs(String s) {
    String[] kv = s.split(",", -1);
    if (kv.length != 3
        || !kv[0].startsWith("m=")
        || !kv[1].startsWith("t=")
        || !kv[2].startsWith("p=")) {
      return null;
    }
    long[] values = new long[3];
    for (int i = 0; i < 3; i++) {
      values[i] = Encoding.parseDecimal(kv[i].substring(2));
      if (values[i] < 0) {
        return null;
      }
    }
    return values;
  }
}
