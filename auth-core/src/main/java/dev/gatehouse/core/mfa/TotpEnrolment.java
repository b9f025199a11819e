package dev.gatehouse.core.mfa;

import static java.util.Objects.requireNonNull;

/**
 * A TOTP enrolment waiting for its first code: what the user's authenticator app needs. Shown once;
 * the seed is stored only encrypted. {@link #toString()} never shows the secret or the URI.
 *
 * @param secret the seed in base32, for typing into an app
 * @param uri the {@code otpauth://totp/...} Key URI the QR code holds
 * @param qrPng a PNG image of a QR code of {@link #uri()} (a fresh copy on each call)
 */
public record TotpEnrolment(String secret, String uri, byte[] qrPng) {
  /**
   * @param secret the seed in base32
   * @param uri the Key URI
   * @param qrPng the QR image
   */
  public TotpEnrolment {
    requireNonNull(secret, "secret");
    requireNonNull(uri, "uri");
    qrPng = requireNonNull(qrPng, "qrPng").clone();
  }

  /** {@return a fresh copy of the QR code PNG} */
  @Override
  public byte[] qrPng() {
    return qrPng.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TotpEnrolment e && e.uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  @Override
  public String toString() {
    return "TotpEnrolment[secret=<secret>]";
  }
}
