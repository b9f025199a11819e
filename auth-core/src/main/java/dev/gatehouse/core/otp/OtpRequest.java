package dev.gatehouse.core.otp;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A request for a one-time code, as the host's web layer received it.
 *
 * <pre>{@code
 * OtpRequest r = OtpRequest.of("+52 55 1234 5678", OtpChannel.SMS, OtpPurpose.LOGIN)
 *     .withLocale(Locale.forLanguageTag("es-MX"))
 *     .withClient(ClientInfo.web(remoteIp));
 * }</pre>
 *
 * @param destination the phone number or email address as typed; normalised by the service
 * @param channel how the code travels
 * @param purpose what the code may be used for
 * @param locale the recipient's language for the message text, or {@code null} for the templates'
 *     default
 * @param client who is asking (its IP feeds the per-IP limit), or {@code null} for a server-side
 *     call without a client IP
 */
public record OtpRequest(
    String destination,
    OtpChannel channel,
    OtpPurpose purpose,
    @Nullable Locale locale,
    @Nullable ClientInfo client) {

  /**
   * Checks the required parts; the destination's form is checked by the service.
   *
   * @param destination the phone number or email address as typed; not {@code null}
   * @param channel how the code travels; not {@code null}
   * @param purpose what the code may be used for; not {@code null}
   * @param locale the recipient's language, or {@code null} for the templates' default
   * @param client who is asking, or {@code null} for a server-side call without a client IP
   * @throws NullPointerException if {@code destination}, {@code channel} or {@code purpose} is
   *     {@code null}
   */
  public OtpRequest {
    requireNonNull(destination, "destination");
    requireNonNull(channel, "channel");
    requireNonNull(purpose, "purpose");
  }

  /**
   * @param destination the phone number or email address as typed
   * @param channel how the code travels
   * @param purpose what the code may be used for
   * @return a request with the default locale and no client information
   */
  public static OtpRequest of(String destination, OtpChannel channel, OtpPurpose purpose) {
    return new OtpRequest(destination, channel, purpose, null, null);
  }

  /**
   * @param newLocale the recipient's language, or {@code null}
   * @return a copy with that locale
   */
  public OtpRequest withLocale(@Nullable Locale newLocale) {
    return new OtpRequest(destination, channel, purpose, newLocale, client);
  }

  /**
   * @param newClient who is asking, or {@code null}
   * @return a copy with that client
   */
  public OtpRequest withClient(@Nullable ClientInfo newClient) {
    return new OtpRequest(destination, channel, purpose, locale, newClient);
  }
}
