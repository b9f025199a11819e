package dev.gatehouse.core.otp;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import java.util.Locale;

/** How a one-time code travels: by SMS to an E.164 phone number, or by email. */
public enum OtpChannel {
  /** A text message to a phone number. */
  SMS("sms"),
  /** An email to an address. */
  EMAIL("email");

  private final String code;

  OtpChannel(String code) {
    this.code = code;
  }

  /** {@return the stable wire and storage name: {@code sms} or {@code email}} */
  public String code() {
    return code;
  }

  /**
   * Reads a channel as an HTTP client sends it.
   *
   * @param value {@code sms} or {@code email} (case-insensitive); may be null (refused)
   * @return the channel
   * @throws RejectedInputException with code {@code invalid_channel} for anything else
   */
  public static OtpChannel parse(String value) {
    if (value != null) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      for (OtpChannel c : values()) {
        if (c.code.equals(v)) {
          return c;
        }
      }
    }
    throw new RejectedInputException(ErrorCode.INVALID_CHANNEL, "channel must be 'sms' or 'email'");
  }
}
