package dev.gatehouse.mfa;

import static java.util.Objects.requireNonNull;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * QR images (PNG) of short texts such as an {@code otpauth://} URI: the modules by ZXing, the PNG
 * without {@code java.awt}. Thread-safe.
 */
final class PngQrCodeRenderer {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /**
   * Draws {@code text} as a black-on-white QR code PNG with a quiet zone, error correction M.
   *
   * @param text what the code holds
   * @param size the image's width and height in pixels, 64 to 1024
   * @return the PNG bytes
   * @throws IllegalArgumentException when the text does not fit a QR code or the size is out of
   *     range
   */
  byte[] png(String text, int size) {
    requireNonNull(text, "text");
    if (size < 64 || size > 1024) {
      throw new IllegalArgumentException("size must be 64..1024, was " + size);
    }
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  size,
                  size,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      4));
    } catch (WriterException e) {
      throw new IllegalArgumentException("the text does not fit a QR code", e);
    }
    return png(matrix);
  }

  /**
   * The matrix as a 1-bit greyscale PNG (black modules, white background), written here because the
   * JDK's only PNG writer is in {@code java.desktop}, which the core does not need otherwise: the
   * signature, {@code IHDR}, one zlib-compressed {@code IDAT} of unfiltered rows, {@code IEND}.
   */
  private static byte[] png(BitMatrix matrix) {
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    int rowBytes = (width + 7) / 8;
    byte[] rows = new byte[height * (rowBytes + 1)];
    for (int y = 0; y < height; y++) {
      int row = y * (rowBytes + 1); // rows[row] stays 0: filter type "none"
      for (int x = 0; x < width; x++) {
        if (!matrix.get(x, y)) {
          rows[row + 1 + x / 8] |= (byte) (0x80 >>> (x % 8)); // 1 is white in 1-bit greyscale
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PNG_SIGNATURE);
    chunk(
        out,
        "IHDR",
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 1) // bit depth
            .put((byte) 0) // colour type: greyscale
            .put((byte) 0) // compression: deflate
            .put((byte) 0) // filter method: adaptive
            .put((byte) 0) // interlace: none
            .array());
    chunk(out, "IDAT", zlib(rows));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] zlib(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }
}
