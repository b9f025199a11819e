package dev.gatehouse.pictures;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The accepted picture types, recognised by their leading bytes, never by a client's claim. */
final class PictureTypes {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);

  private PictureTypes() {}

  /** {@return the media type of an image of an accepted type, or empty} */
  static Optional<String> of(byte[] image) {
    if (starts(image, 0, JPEG)) {
      return Optional.of("image/jpeg");
    }
    if (starts(image, 0, PNG)) {
      return Optional.of("image/png");
    }
    if (starts(image, 0, GIF87) || starts(image, 0, GIF89)) {
      return Optional.of("image/gif");
    }
    if (starts(image, 0, RIFF) && starts(image, 8, WEBP)) {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  private static boolean starts(byte[] data, int at, byte[] prefix) {
    return data.length >= at + prefix.length
        && Arrays.equals(data, at, at + prefix.length, prefix, 0, prefix.length);
  }
}
