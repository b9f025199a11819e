package dev.gatehouse.core.secret.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain form of a list of strings before it is sealed: each field a presence flag, then its
 * UTF-8 length and bytes; led by the count when the reader does not know it (a {@code Sealer}'s
 * fields), without it when it does (an outbox payload, always six). Internal: not API.
 */
public final class Fields {
  private Fields() {}

  /**
   * @param fields the strings, {@code null} allowed; at most 65,535 when counted
   * @param counted whether the count leads
   * @return the encoded form
   */
  public static byte[] encode(List<String> fields, boolean counted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (counted) {
        out.writeShort(fields.size());
      }
      for (String s : fields) {
        out.writeBoolean(s != null);
        if (s != null) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          out.writeInt(utf8.length);
          out.write(utf8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param encoded what {@link #encode} returned
   * @param count how many fields, or {@code -1} when the count leads
   * @return the strings
   * @throws IOException when it is malformed
   */
  public static List<String> decode(byte[] encoded, int count) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int n = count < 0 ? in.readUnsignedShort() : count;
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(
            in.readBoolean()
                ? new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8)
                : null);
      }
      return out;
    }
  }
}
