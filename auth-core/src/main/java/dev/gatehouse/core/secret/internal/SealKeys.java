package dev.gatehouse.core.secret.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of {@code dev.gatehouse.core.secret.Sealer}, derived from its secrets (newest first):
 * per purpose, one AES-256 key of each secret, and a one-byte id of each secret so that a sealed
 * value names the secret that sealed it. Also opens what the sealers before it wrote (the format of
 * version 1, whose keys were derived from the server key under a label of their own and whose
 * associated data was the purpose or the outbox row's binding), for the purposes that had one.
 * Thread-safe. Internal: not API.
 */
public final class SealKeys {
  /** A secret's id byte and the purpose's AES key derived from it. */
  public record Key(byte id, AesGcm cipher) {}

  /** How a purpose was sealed in version 1: its key's label and whether the context was the AAD. */
  private record Legacy(String label, String version, boolean contextIsAad) {}

  private static final Map<String, Legacy> LEGACY =
      Map.of(
          "outbox", new Legacy("outbox-seal", "v1", true),
          "social-state", new Legacy("social-seal", "v1", false),
          "social-link", new Legacy("social-seal", "v1", false),
          "social-provider-token", new Legacy("social-provider-tokens", "v1", false),
          "magic-link", new Legacy("magic-link-seal", "v2", false));

  private final List<byte[]> secrets;
  private final List<Byte> ids;
  private final Map<String, List<Key>> keys = new ConcurrentHashMap<>();
  private final Map<String, List<AesGcm>> legacyKeys = new ConcurrentHashMap<>();

  /**
   * @param secrets the secrets, newest first, as UTF-8 text of at least 32 characters
   */
  public SealKeys(List<String> secrets) {
    this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    this.ids = this.secrets.stream().map(s -> hmac(s, "gatehouse-seal-key-id")[0]).toList();
  }

  /** {@return the keys of a purpose, newest first; the first seals} */
  public List<Key> of(String purpose) {
    return keys.computeIfAbsent(
        purpose,
        p -> {
          List<Key> out = new ArrayList<>(secrets.size());
          for (int i = 0; i < secrets.size(); i++) {
            out.add(
                new Key(
                    ids.get(i),
                    new AesGcm(hmac(secrets.get(i), "gatehouse-seal\0" + p), "a sealing key")));
          }
          return List.copyOf(out);
        });
  }

  /**
   * Opens a value of version 1 (its first byte is {@code 1}) with each secret's key of that time.
   *
   * @return the plain bytes
   * @throws GeneralSecurityException when the purpose had no version 1 or no secret's key opens it
   */
  public byte[] openLegacy(String purpose, String context, byte[] sealed)
      throws GeneralSecurityException {
    Legacy legacy = LEGACY.get(purpose);
    if (legacy == null) {
      throw new GeneralSecurityException("not a sealed value of this purpose");
    }
    byte[] aad = (legacy.contextIsAad() ? context : purpose).getBytes(StandardCharsets.UTF_8);
    GeneralSecurityException last = null;
    for (AesGcm key : legacyKeys.computeIfAbsent(purpose, p -> legacyKeys(legacy))) {
      try {
        return key.open(sealed, 1, aad);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private List<AesGcm> legacyKeys(Legacy legacy) {
    List<AesGcm> out = new ArrayList<>(secrets.size());
    for (byte[] secret : secrets) {
      // What SecretHasher#hash(label, version) gave, parsed from hex: how version 1 derived them.
      out.add(new AesGcm(hmac(secret, legacy.label() + "\0" + legacy.version()), "a legacy key"));
    }
    return List.copyOf(out);
  }

  /** HMAC-SHA256 of {@code label} under {@code key}. */
  public static byte[] hmac(byte[] key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "SealKeys[" + secrets.size() + " secrets]";
  }
}
