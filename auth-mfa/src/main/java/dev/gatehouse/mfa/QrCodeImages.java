package dev.gatehouse.mfa;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;

/**
 * QR images for authenticator-app enrolment: ZXing lays out the code, the PNG is written with
 * {@code java.util.zip} (no {@code java.awt}, so a runtime image without the desktop module works).
 * Install it once per builder:
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new QrCodeImages()).build();
 * }</pre>
 *
 * <p>TOTP itself (RFC 6238) and recovery codes are the core's: they need only the JDK, and the
 * sign-in's second step and step-up use them. Without this module an enrolment carries the {@code
 * otpauth://} URI and the secret, and no image.
 */
public final class QrCodeImages implements GatehouseModule {
  /** A module ready to install. */
  public QrCodeImages() {}

  @Override
  public String name() {
    return "qr-codes";
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.qrCodeRenderer(new PngQrCodeRenderer());
  }
}
