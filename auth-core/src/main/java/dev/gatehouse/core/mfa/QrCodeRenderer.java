package dev.gatehouse.core.mfa;

/**
 * Draws the QR image of an authenticator-app enrolment ({@code
 * SecondFactorService.TotpEnrolment#qrPng()}). SPI: {@code auth-mfa} implements it with ZXing and
 * installs it ({@code Gatehouse.builder(...).install(new QrCodeImages())}; the Spring Boot starter
 * does so); without one, an enrolment carries the {@code otpauth://} URI and the secret but no
 * image, and a page may draw the URI itself. Must be thread-safe.
 */
public interface QrCodeRenderer {
  /**
   * Draws {@code text} as a black-on-white QR code PNG with a quiet zone.
   *
   * @param text what the code holds (an {@code otpauth://} URI)
   * @param size the image's width and height in pixels, 64 to 1024
   * @return the PNG bytes
   * @throws IllegalArgumentException when the text does not fit a QR code or the size is out of
   *     range
   */
  byte[] png(String text, int size);
}
