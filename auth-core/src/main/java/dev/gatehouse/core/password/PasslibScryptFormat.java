package dev.gatehouse.core.password;

import java.security.MessageDigest;
import java.util.Optional;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * passlib's scrypt, {@code $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>}, salt and key in standard
 * base64 without padding (the key is 32 bytes when passlib writes it). The parameters are capped
 * like Django's scrypt.
 */
final class PasslibScryptFormat implements PasswordHashFormat {
  private static final String PREFIX = "$scrypt$";

  @Override
  public String id() {
    return "passlib-scrypt";
  }

  @Override
  public boolean recognizes(String stored) {
    return stored.startsWith(PREFIX);
  }

  @Override
  public Optional<ParsedHash> parse(String stored, PasswordHashingOptions limits) {
    String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    String[] settings = parts[0].split(",", -1);
    if (settings.length != 3
        || !settings[0].startsWith("ln=")
        || !settings[1].startsWith("r=")
        || !settings[2].startsWith("p=")) {
      return Optional.empty();
    }
    long log2 = Encoding.parseDecimal(settings[0].substring(3));
    long r = Encoding.parseDecimal(settings[1].substring(2));
    long p = Encoding.parseDecimal(settings[2].substring(2));
    if (log2 < 1
        || log2 > 30
        || !ScryptFormat.withinCaps(1L << log2, r, p, limits)
        || !isUnpaddedBase64(parts[1])
        || !isUnpaddedBase64(parts[2])) {
      return Optional.empty();
    }
    byte[] salt = Encoding.decodeBase64(parts[1]);
    byte[] key = Encoding.decodeBase64(parts[2]);
    if (key.length < 16 || key.length > 1024) {
      return Optional.empty();
    }
    int n = 1 << log2;
    return Optional.of(
        raw ->
            MessageDigest.isEqual(
                key, SCrypt.generate(Encoding.utf8(raw), salt, n, (int) r, (int) p, key.length)));
  }

  private static boolean isUnpaddedBase64(String s) {
    return s.indexOf('=') < 0 && Encoding.isBase64(s);
  }
}
