package dev.gatehouse.core.otp;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.delivery.TemplateNames;
import java.util.Locale;

/**
 * What a one-time code may be used for. A code is bound to its purpose: a {@code login} code never
 * verifies a {@code reset_password} request. The {@link #code()} names are the template purposes of
 * {@code SmsTemplates} and {@code EmailTemplates}.
 */
public enum OtpPurpose {
  /** Passwordless login, and sign-up when it is allowed. Either channel. */
  LOGIN(TemplateNames.LOGIN, null),
  /** Proving an email address. Email only. */
  VERIFY_EMAIL(TemplateNames.VERIFY_EMAIL, OtpChannel.EMAIL),
  /** Proving a phone number. SMS only. */
  VERIFY_PHONE(TemplateNames.VERIFY_PHONE, OtpChannel.SMS),
  /** Resetting a forgotten password. Either channel. */
  RESET_PASSWORD(TemplateNames.RESET_PASSWORD, null),
  /** Proving a new phone number before it replaces the old one. SMS only. */
  CHANGE_PHONE(TemplateNames.CHANGE_PHONE, OtpChannel.SMS);

  private final String code;
  private final OtpChannel onlyChannel;

  OtpPurpose(String code, OtpChannel onlyChannel) {
    this.code = code;
    this.onlyChannel = onlyChannel;
  }

  /** {@return the stable wire, storage and template name, e.g. {@code verify_phone}} */
  public String code() {
    return code;
  }

  /**
   * Whether a code for this purpose may travel over {@code channel}.
   *
   * @param channel the channel
   * @return {@code false} for, e.g., {@code verify_email} over SMS
   */
  public boolean allows(OtpChannel channel) {
    return onlyChannel == null || onlyChannel == channel;
  }

  /**
   * Whether a code for this purpose is only sent to a destination that belongs to an account (so
   * that a request for an unknown destination answers exactly like one for a known destination and
   * sends nothing). {@link #LOGIN} is sent to unknown destinations only while sign-up by code is
   * allowed.
   *
   * @return {@code true} for {@link #LOGIN} and {@link #RESET_PASSWORD}
   */
  public boolean needsOwner() {
    return this == LOGIN || this == RESET_PASSWORD;
  }

  /**
   * Reads a purpose as an HTTP client sends it.
   *
   * @param value e.g. {@code login} (case-insensitive); may be null (refused)
   * @return the purpose
   * @throws RejectedInputException with code {@code invalid_purpose} for an unknown purpose
   */
  public static OtpPurpose parse(String value) {
    if (value != null) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      for (OtpPurpose p : values()) {
        if (p.code.equals(v)) {
          return p;
        }
      }
    }
    throw new RejectedInputException(
        ErrorCode.INVALID_PURPOSE,
        "purpose must be one of login, verify_email, verify_phone, reset_password, change_phone");
  }
}
