package dev.gatehouse.core.secret.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The format TOTP seeds were sealed in before {@code dev.gatehouse.core.secret.Sealer}, kept to
 * open the seeds stored then (new seeds are sealed by the {@code Sealer}, and its key ring is how
 * {@code gatehouse.mfa.encryption-keys} is read). Encryption at rest with AES-256-GCM under a key
 * ring: the newest key encrypts, any key of the ring decrypts, so keys rotate by putting a new one
 * first and dropping the old one once nothing sealed with it is left. Each sealed value names its
 * key id and is bound to a context (the owner's id), so a sealed value copied to another row does
 * not open. Thread-safe; {@link #toString()} shows key ids only.
 *
 * <p>Sealed form: {@code v1:<key id>:<base64url(12-byte nonce || ciphertext || 16-byte tag)>}.
 *
 * <pre>{@code
 * SecretBox box = SecretBox.parse("k2:" + newKeyBase64 + ",k1:" + oldKeyBase64);
 * String sealed = box.seal(secret, userId.toString());
 * byte[] opened = box.open(sealed, userId.toString());
 * }</pre>
 */
public final class SecretBox {
  private static final String VERSION = "v1";

  private final String currentId;
  private final Map<String, AesGcm> keys;

  private SecretBox(Map<String, AesGcm> keys) {
    this.keys = Map.copyOf(keys);
    this.currentId = keys.keySet().iterator().next();
  }

  /**
   * Reads a key ring: comma-separated {@code id:base64key} entries, newest first; each key is 32
   * bytes (AES-256) in standard or URL-safe base64; ids are letters, digits, {@code -} and {@code
   * _}, at most 16 characters.
   *
   * @param ring the ring as configured
   * @return the box
   * @throws ConfigurationException when an entry is malformed (the message never quotes a key)
   */
  public static SecretBox parse(String ring) {
    requireNonNull(ring, "ring");
    Map<String, AesGcm> keys = new LinkedHashMap<>();
    for (String entry : ring.split(",")) {
      String e = entry.strip();
      int colon = e.indexOf(':');
      if (colon <= 0) {
        throw new ConfigurationException(
            "a key ring entry must be id:base64key (entry " + (keys.size() + 1) + ")");
      }
      String id = e.substring(0, colon);
      if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
        throw new ConfigurationException(
            "a key id must be 1 to 16 letters, digits, '-' or '_', was '" + id + "'");
      }
      byte[] key;
      try {
        String b64 = e.substring(colon + 1).replace('-', '+').replace('_', '/');
        key = Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException ex) {
        throw new ConfigurationException("the key '" + id + "' is not base64");
      }
      if (key.length != 32) {
        throw new ConfigurationException(
            "the key '" + id + "' must be 32 bytes (AES-256), was " + key.length);
      }
      if (keys.putIfAbsent(id, new AesGcm(key, "the key '" + id + "'")) != null) {
        throw new ConfigurationException("the key id '" + id + "' appears twice");
      }
    }
    return new SecretBox(keys);
  }

  /**
   * A box of one key derived from a server key, for hosts that configured no ring: its id is {@code
   * sk}, and it changes when the server key does.
   *
   * @param key the key derived from the server key: {@code SecretHasher#hash("secret-box", "v1")}
   *     parsed from hex
   * @return the box
   */
  public static SecretBox derived(byte[] key) {
    return new SecretBox(Map.of("sk", new AesGcm(key, "the derived key")));
  }

  /**
   * The ring's keys as the secrets of a {@code Sealer}: each key in standard base64, newest first.
   *
   * @return the secrets; never logged
   */
  public List<String> sealingSecrets() {
    List<String> out = new ArrayList<>();
    for (String id : keyIds()) {
      out.add(Base64.getEncoder().encodeToString(keys.get(id).keyBytes()));
    }
    return out;
  }

  /**
   * A box whose ring is this one's followed by the keys of {@code older} that it lacks: they still
   * open, but never seal.
   *
   * @param older keys kept for opening only
   * @return the combined box
   */
  public SecretBox thenOpening(SecretBox older) {
    Map<String, AesGcm> all = new LinkedHashMap<>();
    all.put(currentId, keys.get(currentId));
    keys.forEach(all::putIfAbsent);
    older.keys.forEach(all::putIfAbsent);
    return new SecretBox(all);
  }

  /** {@return the id of the key that seals} */
  public String currentKeyId() {
    return currentId;
  }

  /**
   * Encrypts {@code plain} under the newest key, bound to {@code context}.
   *
   * @param plain the secret
   * @param context what the sealed value belongs to (authenticated, not stored)
   * @return the sealed form
   */
  public String seal(byte[] plain, String context) {
    requireNonNull(plain, "plain");
    requireNonNull(context, "context");
    byte[] sealed = keys.get(currentId).seal(plain, aad(currentId, context));
    return VERSION
        + ":"
        + currentId
        + ":"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
  }

  /**
   * Decrypts a sealed value with the key it names.
   *
   * @param sealed the sealed form
   * @param context the context it was sealed with
   * @return the secret
   * @throws IllegalStateException when the key is not in the ring, or the value was altered or
   *     belongs to another context (the message never quotes the value)
   */
  public byte[] open(String sealed, String context) {
    requireNonNull(sealed, "sealed");
    requireNonNull(context, "context");
    String[] parts = sealed.split(":", 3);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      throw new IllegalStateException("not a sealed value of this version");
    }
    AesGcm key = keys.get(parts[1]);
    if (key == null) {
      throw new IllegalStateException(
          "sealed with key '" + parts[1] + "', which is not in the ring " + keyIds());
    }
    try {
      return key.open(Base64.getUrlDecoder().decode(parts[2]), 0, aad(parts[1], context));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the sealed value does not open (altered or misplaced)");
    }
  }

  /** {@return the key ids, newest first} */
  public List<String> keyIds() {
    List<String> ids = new ArrayList<>();
    ids.add(currentId);
    keys.keySet().stream().filter(k -> !k.equals(currentId)).sorted().forEach(ids::add);
    return ids;
  }

  private static byte[] aad(String keyId, String context) {
    return (VERSION + ":" + keyId + ":" + context).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SecretBox[keys=" + keyIds() + "]";
  }
}
