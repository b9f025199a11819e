package dev.gatehouse.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The module installed, found by the starter, and its enrolment's QR images readable. */
class QrCodeImagesTest {
  private static final PngQrCodeRenderer RENDERER = new PngQrCodeRenderer();
  private static final GatehouseConfig CONFIG =
      GatehouseConfig.builder()
          .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
          // The account signs in without confirming its address: this test is about the image.
          .set(AccountSettings.REQUIRE_VERIFIED, false)
          .build();

  @Test
  void anInstalledModuleDrawsTheEnrolmentsQrCodeOfItsUri() throws Exception {
    GatehouseConfig config = CONFIG;
    AuthStore store = new InMemoryAuthStore();
    // snippet:start install
    Gatehouse gatehouse =
        Gatehouse.builder(config, store).install(new SecondFactorModule()).build();
    SecondFactorService mfa = gatehouse.feature(SecondFactorService.class);
    // snippet:end install
    try (gatehouse) {
      String password = "correct horse battery staple";
      gatehouse
          .accounts()
          .register(
              RegistrationRequest.builder().email("qr@example.test").password(password).build());
      ClientInfo client = ClientInfo.web("192.0.2.7");
      String access =
          gatehouse
              .accounts()
              .login(new LoginRequest("qr@example.test", password, client))
              .orElseThrow()
              .tokens()
              .accessToken();
      VerifiedAccessToken caller = gatehouse.sessions().verifyAccessToken(access);
      TotpEnrolment e = mfa.beginTotpEnrolment(caller, Reauthentication.recentSignIn(), client);
      assertThat(e.qrPng()).isNotNull();
      // The enrolment's image is exactly ZXing's QR code of its URI, pixel for pixel. (Reading a
      // random URI back with ZXing's reader is not used here: that reader misses about one in a
      // hundred of its own perfect 240-pixel codes; the fixed text below reads back.)
      assertThat(pixels(e.qrPng(), 240)).isEqualTo(zxingPixels(e.uri(), 240));
    }
  }

  @Test
  void theModuleIsFoundThroughTheServiceLoader() {
    assertThat(
            ServiceLoader.load(GatehouseModule.class).stream()
                .map(p -> p.type().getName())
                .toList())
        .containsExactly(SecondFactorModule.class.getName());
    assertThat(new SecondFactorModule().name()).isEqualTo("second-factors");
  }

  /**
   * The PNG, written without {@code java.awt}, is one an image reader opens (here the JDK's, in the
   * test only) at the size asked for, black on white, and its QR code reads back to the text.
   */
  @Test
  void theQrCodeIsAPngImageThatReadsBackToItsText() throws Exception {
    String text =
        "otpauth://totp/Acme%20Corp:alice%40example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Acme%20Corp";
    byte[] png = RENDERER.png(text, 200);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(200);
    assertThat(image.getHeight()).isEqualTo(200);
    int[] pixels = image.getRGB(0, 0, 200, 200, null, 0, 200);
    assertThat(java.util.Arrays.stream(pixels).map(p -> p & 0xffffff).distinct().sorted())
        .containsExactly(0x000000, 0xffffff);
    assertThat(pixels[0] & 0xffffff).as("the quiet zone is white").isEqualTo(0xffffff);
    com.google.zxing.Result read =
        new com.google.zxing.qrcode.QRCodeReader()
            .decode(
                new com.google.zxing.BinaryBitmap(
                    new com.google.zxing.common.HybridBinarizer(
                        new com.google.zxing.RGBLuminanceSource(200, 200, pixels))));
    assertThat(read.getText()).isEqualTo(text);
  }

  @Test
  void aQrCodeIsRefusedOutsideItsSizes() {
    assertThatThrownBy(() -> RENDERER.png("x", 63)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RENDERER.png("x", 1025)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The PNG's pixels as the JDK decodes it, colour only. */
  private static int[] pixels(byte[] png, int size) throws Exception {
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    int[] pixels = image.getRGB(0, 0, size, size, null, 0, size);
    return java.util.Arrays.stream(pixels).map(p -> p & 0xffffff).toArray();
  }

  /** ZXing's own QR code of {@code text} (error correction M, quiet zone 4), as pixels. */
  private static int[] zxingPixels(String text, int size) throws Exception {
    com.google.zxing.common.BitMatrix m =
        new com.google.zxing.qrcode.QRCodeWriter()
            .encode(
                text,
                com.google.zxing.BarcodeFormat.QR_CODE,
                size,
                size,
                java.util.Map.of(
                    com.google.zxing.EncodeHintType.ERROR_CORRECTION,
                    com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M,
                    com.google.zxing.EncodeHintType.MARGIN,
                    4));
    int[] pixels = new int[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        pixels[y * size + x] = m.get(x, y) ? 0x000000 : 0xffffff;
      }
    }
    return pixels;
  }
}
