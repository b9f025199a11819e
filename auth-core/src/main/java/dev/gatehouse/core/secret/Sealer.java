package dev.gatehouse.core.secret;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.secret.internal.Fields;
import dev.gatehouse.core.secret.internal.SealKeys;
import dev.gatehouse.core.secret.internal.SealKeys.Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Seals what Gatehouse hands out or keeps and must read back (outbox payloads, social sign-in
 * states, emailed-link tokens, TOTP seeds, provider tokens), with AES-256-GCM under secrets that
 * rotate: the newest secret seals, every secret listed opens.
 *
 * <p>Each purpose has its own key, derived from each secret (HMAC-SHA256), and the purpose and a
 * caller's context (the row a value belongs to) are bound as associated data, so a value sealed for
 * one purpose or row does not open for another. A sealed value is {@code 0x02}, the one-byte id of
 * the secret that sealed it, a random 12-byte IV, the ciphertext and a 16-byte tag; its text form
 * is that in base64url without padding. Values of the format before it (first byte {@code 0x01})
 * still open for the purposes that had one. Thread-safe and immutable; {@link #toString()} never
 * shows a secret.
 *
 * <pre>{@code
 * Sealer sealer = Sealer.of(config.get(GatehouseConfig.SECRET_KEY),
 *     config.get(GatehouseConfig.PREVIOUS_SECRET_KEYS));
 * String state = sealer.sealFields("my-state", "", List.of(nonce, returnTo));
 * List<String> fields = sealer.openFields("my-state", "", state); // throws Unopenable
 * }</pre>
 */
public final class Sealer {
  private static final byte VERSION = 2;
  private static final byte LEGACY_VERSION = 1;
  private static final int MAX_FIELDS = 0xffff;

  private final List<String> secrets;
  private final SealKeys keys;

  private Sealer(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
    this.keys = new SealKeys(this.secrets);
  }

  /**
   * A sealer of the server key and the keys it replaced.
   *
   * @param secretKey the secret that seals ({@code gatehouse.secret-key}), at least 32 characters
   * @param previousSecretKeys secrets that only open, newest first ({@code
   *     gatehouse.previous-secret-keys}); may be empty
   * @return the sealer
   * @throws ConfigurationException when a secret is shorter than 32 characters (the message never
   *     quotes it)
   */
  public static Sealer of(String secretKey, List<String> previousSecretKeys) {
    requireNonNull(secretKey, "secretKey");
    requireNonNull(previousSecretKeys, "previousSecretKeys");
    List<String> all = new ArrayList<>(1 + previousSecretKeys.size());
    all.add(secretKey);
    all.addAll(previousSecretKeys);
    for (int i = 0; i < all.size(); i++) {
      if (requireNonNull(all.get(i), "secret").length() < 32) {
        throw new ConfigurationException(
            (i == 0 ? "the sealing secret" : "previous secret " + i)
                + " must be at least 32 characters long");
      }
    }
    return new Sealer(all);
  }

  /**
   * A sealer that seals as this one does and also opens what {@code older} sealed.
   *
   * @param older a sealer whose secrets are kept for opening only
   * @return the combined sealer
   */
  public Sealer thenOpening(Sealer older) {
    List<String> all = new ArrayList<>(secrets);
    older.secrets.stream().filter(s -> !all.contains(s)).forEach(all::add);
    return new Sealer(all);
  }

  /**
   * Seals bytes under the newest secret.
   *
   * @param purpose what the value is for (a constant such as {@code outbox}); selects the key
   * @param context what the value belongs to (a row's binding, a user id) or {@code ""}; not stored
   * @param plain the value
   * @return the sealed form
   */
  public byte[] seal(String purpose, String context, byte[] plain) {
    requireNonNull(plain, "plain");
    Key key = keys.of(requireNonNull(purpose, "purpose")).get(0);
    byte[] body = key.cipher().seal(plain, aad(key.id(), purpose, context));
    byte[] out = new byte[2 + body.length];
    out[0] = VERSION;
    out[1] = key.id();
    System.arraycopy(body, 0, out, 2, body.length);
    return out;
  }

  /**
   * Opens what {@link #seal} sealed, with the secret its id names.
   *
   * @param purpose the purpose it was sealed for
   * @param context the context it was sealed with
   * @param sealed the sealed form
   * @return the value
   * @throws Unopenable when it is no sealed value, was sealed under a secret no longer listed, or
   *     was altered or sealed for another purpose or context
   */
  public byte[] open(String purpose, String context, byte[] sealed) throws Unopenable {
    requireNonNull(purpose, "purpose");
    requireNonNull(context, "context");
    if (sealed.length > 0 && sealed[0] == LEGACY_VERSION) {
      try {
        return keys.openLegacy(purpose, context, sealed);
      } catch (GeneralSecurityException e) {
        throw new Unopenable(Unopenable.Reason.REFUSED);
      }
    }
    if (sealed.length < 2 || sealed[0] != VERSION) {
      throw new Unopenable(Unopenable.Reason.MALFORMED);
    }
    boolean known = false;
    for (Key key : keys.of(purpose)) {
      if (key.id() != sealed[1]) {
        continue;
      }
      known = true;
      try {
        return key.cipher().open(sealed, 2, aad(key.id(), purpose, context));
      } catch (GeneralSecurityException e) {
        // Two secrets may share an id byte: the next one of that id may open it.
      }
    }
    throw new Unopenable(known ? Unopenable.Reason.REFUSED : Unopenable.Reason.UNKNOWN_KEY);
  }

  /**
   * Seals a short list of strings as URL-safe text (a state, a link's token).
   *
   * @param purpose what the value is for; selects the key
   * @param context what the value belongs to, or {@code ""}
   * @param fields the strings, {@code null} allowed; at most 65,535
   * @return base64url without padding
   */
  public String sealFields(String purpose, String context, List<@Nullable String> fields) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(seal(purpose, context, encode(fields)));
  }

  /**
   * Opens what {@link #sealFields} sealed.
   *
   * @param purpose the purpose it was sealed for
   * @param context the context it was sealed with
   * @param sealed the text
   * @return the strings
   * @throws Unopenable as {@link #open} does, and when the text is not base64url
   */
  public List<@Nullable String> openFields(String purpose, String context, String sealed)
      throws Unopenable {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(requireNonNull(sealed, "sealed"));
    } catch (IllegalArgumentException e) {
      throw new Unopenable(Unopenable.Reason.MALFORMED);
    }
    return decode(open(purpose, context, bytes));
  }

  private static byte[] aad(byte id, String purpose, String context) {
    byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
    byte[] c = requireNonNull(context, "context").getBytes(StandardCharsets.UTF_8);
    byte[] aad = new byte[3 + p.length + c.length];
    aad[0] = VERSION;
    aad[1] = id;
    System.arraycopy(p, 0, aad, 2, p.length);
    // A purpose has no NUL, so the split between purpose and context is unambiguous.
    System.arraycopy(c, 0, aad, 3 + p.length, c.length);
    return aad;
  }

  private static byte[] encode(List<@Nullable String> fields) {
    if (fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException("at most " + MAX_FIELDS + " fields, was " + fields.size());
    }
    return Fields.encode(fields, true);
  }

  private static List<@Nullable String> decode(byte[] encoded) throws Unopenable {
    try {
      return Fields.decode(encoded, -1);
    } catch (IOException e) {
      throw new Unopenable(Unopenable.Reason.MALFORMED);
    }
  }

  @Override
  public String toString() {
    return "Sealer[" + secrets.size() + " secrets]";
  }

  /**
   * A sealed value that does not open; its message says why, never what the value or key was.
   * Checked, because a caller must decide what an unopenable value means to it (an invalid link, a
   * failed delivery, a server fault).
   */
  public static final class Unopenable extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Why a value does not open. */
    public enum Reason {
      /** Not a sealed value of a known format (truncated, not base64url, another format). */
      MALFORMED,
      /** Sealed under a secret no longer listed: the secret was rotated out, or is another's. */
      UNKNOWN_KEY,
      /** Altered, or sealed for another purpose or context. */
      REFUSED
    }

    /** Why the value does not open. */
    private final Reason reason;

    Unopenable(Reason reason) {
      super(
          switch (reason) {
            case MALFORMED -> "not a sealed value";
            case UNKNOWN_KEY -> "sealed under a secret that is not configured";
            case REFUSED -> "the sealed value was altered or belongs to another purpose";
          });
      this.reason = reason;
    }

    /** {@return why the value does not open} */
    public Reason reason() {
      return reason;
    }
  }
}
