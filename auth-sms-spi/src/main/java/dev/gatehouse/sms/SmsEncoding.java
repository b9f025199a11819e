package dev.gatehouse.sms;

/**
 * How a text travels over the air, which decides how many characters fit in one SMS segment.
 *
 * <p>See 3GPP TS 23.038: a text made only of the GSM 7-bit default alphabet and its extension table
 * is sent as GSM-7; any other character forces UCS-2 (UTF-16) for the whole message.
 */
public enum SmsEncoding {
  /** The GSM 03.38 7-bit default alphabet: 160 characters in one segment, 153 per part beyond. */
  GSM_7(160, 153),
  /** UCS-2 / UTF-16: 70 code units in one segment, 67 per part beyond. */
  UCS_2(70, 67);

  private final int singleSegmentCapacity;
  private final int multipartSegmentCapacity;

  SmsEncoding(int singleSegmentCapacity, int multipartSegmentCapacity) {
    this.singleSegmentCapacity = singleSegmentCapacity;
    this.multipartSegmentCapacity = multipartSegmentCapacity;
  }

  /**
   * Units (septets or UTF-16 code units) that fit in a message sent as one segment.
   *
   * @return the capacity of a single-segment message
   */
  public int singleSegmentCapacity() {
    return singleSegmentCapacity;
  }

  /**
   * Units per segment when the message is split, the rest of each segment holding the concatenation
   * header.
   *
   * @return the capacity of each segment of a split message
   */
  public int multipartSegmentCapacity() {
    return multipartSegmentCapacity;
  }

  /**
   * The encoding a text needs: {@link #GSM_7} when every character is in the GSM 7-bit default
   * alphabet or its extension table, else {@link #UCS_2}.
   *
   * @param text the text, not null
   * @return the encoding
   */
  public static SmsEncoding of(String text) {
    return Gsm7.septets(text) >= 0 ? GSM_7 : UCS_2;
  }

  /**
   * The length of a text in this encoding's units: septets for {@link #GSM_7} (extension characters
   * such as {@code €} or <code>{</code> take two), UTF-16 code units for {@link #UCS_2} (characters
   * outside the Basic Multilingual Plane, such as most emoji, take two).
   *
   * @param text the text, not null
   * @return the length in units
   * @throws IllegalArgumentException when this is {@link #GSM_7} and the text has a character
   *     outside the GSM 7-bit alphabet
   */
  public int length(String text) {
    if (this == UCS_2) {
      return text.length();
    }
    int septets = Gsm7.septets(text);
    if (septets < 0) {
      throw new IllegalArgumentException("text is not GSM-7 encodable");
    }
    return septets;
  }

  /**
   * How many segments a text of {@code length} units takes in this encoding.
   *
   * @param length the length in units, from {@link #length(String)}
   * @return 1 for an empty or short text, more when it must be split
   */
  public int segments(int length) {
    if (length <= singleSegmentCapacity) {
      return 1;
    }
    return (length + multipartSegmentCapacity - 1) / multipartSegmentCapacity;
  }

  /** The GSM 03.38 default alphabet, its extension table and the septet count. */
  private static final class Gsm7 {
    // 0x1B (escape to the extension table) is deliberately absent: it is not a character.
    private static final String BASIC =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** Septets needed for {@code text}, or -1 when a character is not in the alphabet. */
    static int septets(String text) {
      int septets = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (BASIC.indexOf(c) >= 0) {
          septets += 1;
        } else if (EXTENSION.indexOf(c) >= 0) {
          septets += 2;
        } else {
          return -1;
        }
      }
      return septets;
    }
  }
}
