package dev.gatehouse.sms;

import static java.util.Objects.requireNonNull;

/**
 * One outgoing text message.
 *
 * @param to destination phone number in E.164 form
 * @param body the text; may contain a one-time code and is therefore left out of {@link
 *     #toString()}
 * @param senderId optional sender id or from-number; {@code null} lets the provider choose
 */
public record SmsMessage(String to, String body, String senderId) {
  /**
   * Checks that destination and body are present.
   *
   * @param to destination phone number in E.164 form
   * @param body the text; may contain a one-time code and is therefore left out of {@link
   *     #toString()}
   * @param senderId optional sender id or from-number; {@code null} lets the provider choose
   */
  public SmsMessage {
    requireNonNull(to, "to");
    requireNonNull(body, "body");
    if (to.isBlank()) {
      throw new IllegalArgumentException("to must not be blank");
    }
  }

  @Override
  public String toString() {
    return "SmsMessage[to=" + PhoneMask.mask(to) + ", body=<" + body.length() + " chars>]";
  }
}
