package dev.gatehouse.core.password;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * ASP.NET Core Identity's {@code PasswordHasher} output, the {@code PasswordHash} column as it is
 * stored: standard base64 of a binary blob whose first byte names its version.
 *
 * <ul>
 *   <li>v2 (0x00, ASP.NET Identity 2 and Core in v2 compatibility mode): 16-byte salt then a
 *       32-byte PBKDF2-HMAC-SHA1 subkey at 1000 iterations; 49 bytes in all.
 *   <li>v3 (0x01): big-endian 32-bit PRF (0 HMAC-SHA1, 1 HMAC-SHA256, 2 HMAC-SHA512), iteration
 *       count and salt length, then the salt and the subkey (the rest).
 * </ul>
 *
 * <p>As Identity requires, salt and subkey are at least 16 bytes; iterations above {@code
 * maxIterations} make the hash unsupported.
 */
final class AspNetIdentityFormat implements PasswordHashFormat {
  private static final int V2_LENGTH = 1 + 16 + 32;
  private static final int V2_ITERATIONS = 1000;
  private static final int V3_HEADER = 13;
  private static final int MIN_BYTES = 16;
  private static final int MAX_SUBKEY_BYTES = 128;
  private static final String[] V3_PRFS = {
    "PBKDF2WithHmacSHA1", "PBKDF2WithHmacSHA256", "PBKDF2WithHmacSHA512"
  };

  private record Parsed(String algorithm, long iterations, byte[] salt, byte[] subkey) {}

  @Override
  public String id() {
    return "aspnet-identity";
  }

  @Override
  public boolean recognizes(String stored) {
    // A blob is at least 49 bytes (68 characters) and begins with 0x00 or 0x01, so with 'A'.
    return stored.length() >= 68
        && stored.length() % 4 == 0
        && stored.charAt(0) == 'A'
        && Encoding.isBase64(stored)
        && (Encoding.decodeBase64(stored.substring(0, 4))[0] & 0xFF) <= 1;
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    Parsed p = read(Encoding.decodeBase64(stored), limits);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(
        raw ->
            MessageDigest.isEqual(
                p.subkey,
                Pbkdf2Format.pbkdf2(
                    p.algorithm, raw, p.salt, (int) p.iterations, p.subkey.length)));
  }

  private static Parsed read(byte[] blob, PasswordHashingOptions limits) {
    if (blob[0] == 0) {
      if (blob.length != V2_LENGTH || V2_ITERATIONS > limits.maxIterations()) {
        return null;
      }
      return new Parsed(
          V3_PRFS[0],
          V2_ITERATIONS,
          Arrays.copyOfRange(blob, 1, 17),
          Arrays.copyOfRange(blob, 17, V2_LENGTH));
    }
    if (blob[0] != 1 || blob.length < V3_HEADER) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(blob, 1, 12);
    long prf = Integer.toUnsignedLong(header.getInt());
    long iterations = Integer.toUnsignedLong(header.getInt());
    long saltLength = Integer.toUnsignedLong(header.getInt());
    long subkeyLength = blob.length - V3_HEADER - saltLength;
    if (prf >= V3_PRFS.length
        || iterations < 1
        || iterations > limits.maxIterations()
        || iterations > Integer.MAX_VALUE
        || saltLength < MIN_BYTES
        || subkeyLength < MIN_BYTES
        || subkeyLength > MAX_SUBKEY_BYTES) {
      return null;
    }
    int saltEnd = V3_HEADER + (int) saltLength;
    return new Parsed(
        V3_PRFS[(int) prf],
        iterations,
        Arrays.copyOfRange(blob, V3_HEADER, saltEnd),
        Arrays.copyOfRange(blob, saltEnd, blob.length));
  }
}
