package dev.gatehouse.core.internal;

import dev.gatehouse.core.secret.internal.AesGcm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals outbox payloads with AES-256-GCM under a key derived from the configured secret key, so a
 * one-time code or a link token waiting in the outbox is never stored readable. The row's channel,
 * purpose and masked destination are bound as associated data, so a sealed payload moved to another
 * row does not open. Thread-safe. Internal: not API.
 */
public final class PayloadSeal {
  private static final byte VERSION = 1;

  private final AesGcm cipher;

  /**
   * @param key 32 bytes of key material
   */
  public PayloadSeal(byte[] key) {
    this.cipher = new AesGcm(key, "the outbox key");
  }

  /**
   * Encrypts a payload.
   *
   * @param binding what the row says of the message (see {@link #binding}); bound to the ciphertext
   * @param payload what to seal
   * @return version, IV and ciphertext
   */
  public byte[] seal(String binding, Payload payload) {
    byte[] sealed = cipher.seal(payload.encode(), binding.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.allocate(1 + sealed.length).put(VERSION).put(sealed).array();
  }

  /**
   * Decrypts a payload.
   *
   * @param binding the binding it was sealed with
   * @param sealed what {@link #seal} returned
   * @return the payload
   * @throws GeneralSecurityException when it was sealed under another key (the secret key changed,
   *     or a development key died with its process) or was altered
   */
  public Payload open(String binding, byte[] sealed) throws GeneralSecurityException {
    if (sealed.length < 1 || sealed[0] != VERSION) {
      throw new GeneralSecurityException("not a sealed outbox payload");
    }
    return Payload.decode(cipher.open(sealed, 1, binding.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The associated data of a row: its channel, purpose and masked destination.
   *
   * @return the three joined with a separator none of them contains
   */
  public static String binding(String channel, String purpose, String maskedDestination) {
    return channel + "\n" + purpose + "\n" + maskedDestination;
  }

  /**
   * What a message needs to be sent: where to, the text, and the secret it carries (kept only so a
   * provider's error that echoes the text can be redacted before it is logged).
   *
   * @param to the address or E.164 number
   * @param from the sender address (email), or {@code null}
   * @param subject the subject (email), or {@code null}
   * @param text the SMS text or the email's text body
   * @param html the email's HTML body, or {@code null}
   * @param secret the code or link token in the text, or {@code null}
   */
  public record Payload(
      String to, String from, String subject, String text, String html, String secret) {
    @Override
    public String toString() {
      return "Payload[redacted]";
    }

    byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        for (String s : new String[] {to, from, subject, text, html, secret}) {
          out.writeBoolean(s != null);
          if (s != null) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    static Payload decode(byte[] encoded) throws GeneralSecurityException {
      String[] f = new String[6];
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
        for (int i = 0; i < f.length; i++) {
          if (in.readBoolean()) {
            f[i] = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
          }
        }
      } catch (IOException e) {
        throw new GeneralSecurityException("a sealed payload is malformed", e);
      }
      return new Payload(f[0], f[1], f[2], f[3], f[4], f[5]);
    }
  }
}
