package com.example.apikeys;

import dev.gatehouse.core.secret.SecretHasher;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A key as a client presents it: {@code gk_}, the key's id (32 hex digits), {@code _}, and its
 * secret (43 base64url characters, 256 random bits). The id finds the row; only the secret's keyed
 * hash is stored.
 *
 * @param id the key's id
 * @param secret the key's secret
 */
record PresentedKey(UUID id, String secret) {
  private static final String PREFIX = "gk_";
  private static final Pattern SHAPE = Pattern.compile("gk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");

  /** A new key: a random id and a random secret. */
  static PresentedKey random() {
    return new PresentedKey(UUID.randomUUID(), SecretHasher.newToken());
  }

  /** {@return the key of that shape, or empty for anything else} */
  static Optional<PresentedKey> parse(String presented) {
    if (presented == null || !SHAPE.matcher(presented).matches()) {
      return Optional.empty();
    }
    String hex = presented.substring(3, 35);
    UUID id =
        new UUID(
            HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    return Optional.of(new PresentedKey(id, presented.substring(36)));
  }

  /** {@return the key as the client keeps it} */
  String text() {
    return PREFIX + id.toString().replace("-", "") + "_" + secret;
  }

  /** {@return the stored keyed hash of the secret, bound to the key's id} */
  String hash(SecretHasher secrets) {
    return secrets.hash("api-key", id + ":" + secret);
  }

  @Override
  public String toString() {
    return "PresentedKey[" + id + "]";
  }
}
