package dev.gatehouse.core.secret.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under one key: a fresh random 12-byte IV for each value, a 128-bit tag, and
 * associated data the caller binds. The one place Gatehouse calls the cipher, for {@code Sealer}
 * and for reading the formats before it ({@code SecretBox}, {@link SealKeys#openLegacy}).
 * Thread-safe. Internal: not API (it lives under {@code secret} so that {@code SecretBox} can use
 * it without depending on {@code core.internal}, which depends on {@code secret}).
 */
public final class AesGcm {
  /** Length of the IV that starts every sealed value. */
  public static final int IV_BYTES = 12;

  /** Length of the authentication tag that ends every sealed value. */
  public static final int TAG_BYTES = 16;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  /**
   * @param key 32 bytes of key material (copied)
   * @param what what the key is, for the error message (never the key itself)
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public AesGcm(byte[] key, String what) {
    if (key.length != 32) {
      throw new IllegalArgumentException(what + " must be 32 bytes, was " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * Encrypts {@code plain} bound to {@code aad}.
   *
   * @param plain what to seal
   * @param aad associated data: authenticated, not stored
   * @return IV, ciphertext and tag
   */
  public byte[] seal(byte[] plain, byte[] aad) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
      cipher.updateAAD(aad);
      byte[] body = cipher.doFinal(plain);
      byte[] out = new byte[IV_BYTES + body.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(body, 0, out, IV_BYTES, body.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Decrypts what {@link #seal} returned, read from {@code offset} to the end of {@code sealed}.
   *
   * @param sealed holds IV, ciphertext and tag from {@code offset} on
   * @param offset where the IV starts (the bytes before it are the caller's own header)
   * @param aad the associated data it was sealed with
   * @return the plain bytes
   * @throws GeneralSecurityException when it is too short, altered, sealed under another key or
   *     with other associated data
   */
  public byte[] open(byte[] sealed, int offset, byte[] aad) throws GeneralSecurityException {
    if (offset < 0 || sealed.length - offset < IV_BYTES + TAG_BYTES) {
      throw new GeneralSecurityException("too short to be a sealed value");
    }
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(
        Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, IV_BYTES));
    cipher.updateAAD(aad);
    return cipher.doFinal(sealed, offset + IV_BYTES, sealed.length - offset - IV_BYTES);
  }

  /** {@return a copy of the key, for deriving from it; never logged} */
  byte[] keyBytes() {
    return key.getEncoded();
  }

  @Override
  public String toString() {
    return "AesGcm[key hidden]";
  }
}
