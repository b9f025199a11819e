package dev.gatehouse.core.internal;

import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.internal.Fields;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/**
 * Seals outbox payloads with the server key's {@link Sealer} (purpose {@value #PURPOSE}), so a
 * one-time code or a link token waiting in the outbox is never stored readable, and still opens
 * after the key is rotated into {@code gatehouse.previous-secret-keys}. The row's channel, purpose
 * and masked destination are the context, so a sealed payload moved to another row does not open.
 * Thread-safe. Internal: not API.
 */
public final class PayloadSeal {
  /** The sealing purpose of outbox payloads. */
  static final String PURPOSE = "outbox";

  private final Sealer sealer;

  /**
   * @param sealer the server key's sealer
   */
  public PayloadSeal(Sealer sealer) {
    this.sealer = sealer;
  }

  /**
   * Encrypts a payload.
   *
   * @param binding what the row says of the message (see {@link #binding}); bound to the ciphertext
   * @param payload what to seal
   * @return the sealed form
   */
  public byte[] seal(String binding, Payload payload) {
    return sealer.seal(PURPOSE, binding, payload.encode());
  }

  /**
   * Decrypts a payload.
   *
   * @param binding the binding it was sealed with
   * @param sealed what {@link #seal} returned
   * @return the payload
   * @throws GeneralSecurityException when it was sealed under a key no longer configured (the
   *     secret key changed without the old one in {@code gatehouse.previous-secret-keys}, or a
   *     development key died with its process) or was altered
   */
  public Payload open(String binding, byte[] sealed) throws GeneralSecurityException {
    return Payload.decode(sealer.open(PURPOSE, binding, sealed));
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
      return Fields.encode(Arrays.asList(to, from, subject, text, html, secret), false);
    }

    static Payload decode(byte[] encoded) throws GeneralSecurityException {
      List<String> f;
      try {
        f = Fields.decode(encoded, 6);
      } catch (IOException e) {
        throw new GeneralSecurityException("a sealed payload is malformed", e);
      }
      return new Payload(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
    }
  }
}
