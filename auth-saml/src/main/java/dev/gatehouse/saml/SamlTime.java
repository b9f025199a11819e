package dev.gatehouse.saml;

import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * How the module judges a provider's times by its own clock, for responses ({@link
 * ProviderResponse}) and logout requests ({@link LogoutCheck}) alike: the provider's clock may be
 * {@link #DRIFT} off either way.
 */
final class SamlTime {
  /** java-saml's allowance for the provider's clock (three minutes), applied the same way here. */
  static final Duration DRIFT = Duration.ofSeconds(Constants.ALOWED_CLOCK_DRIFT);

  private SamlTime() {}

  /**
   * {@return the element's time {@code attribute}, or empty when it has none}
   *
   * @throws ValidationError when the attribute is not a time
   */
  static Optional<Instant> read(Element element, String attribute) throws ValidationError {
    if (!element.hasAttribute(attribute)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Instant.ofEpochMilli(Util.parseDateTime(element.getAttribute(attribute)).getMillis()));
    } catch (IllegalArgumentException e) {
      throw new ValidationError(
          "the " + attribute + " is not a time", ValidationError.INVALID_XML_FORMAT);
    }
  }

  /** {@return whether a message valid until {@code notOnOrAfter} has expired at {@code now}} */
  static boolean expired(Instant now, Instant notOnOrAfter) {
    return !now.isBefore(notOnOrAfter.plus(DRIFT));
  }

  /** {@return whether a message valid from {@code notBefore} is not valid yet at {@code now}} */
  static boolean early(Instant now, Instant notBefore) {
    return now.isBefore(notBefore.minus(DRIFT));
  }
}
