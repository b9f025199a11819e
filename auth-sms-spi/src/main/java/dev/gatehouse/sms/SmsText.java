package dev.gatehouse.sms;

import static java.util.Objects.requireNonNull;

/**
 * A rendered SMS text with its encoding and segment count.
 *
 * <p>Immutable and thread-safe. The text usually carries a one-time code, so {@link #toString()}
 * shows only its size.
 *
 * <pre>{@code
 * SmsText text = templates.render("login", locale, code, Duration.ofMinutes(10));
 * if (text.segments() > 1) { ... } // costs more than one message
 * sender.send(new SmsMessage(phone, text.text(), null));
 * }</pre>
 */
public final class SmsText {
  private final String text;
  private final SmsEncoding encoding;
  private final int length;
  private final int segments;

  private SmsText(String text) {
    this.text = text;
    this.encoding = SmsEncoding.of(text);
    this.length = encoding.length(text);
    this.segments = encoding.segments(length);
  }

  /**
   * Measures a text.
   *
   * @param text the text, not null
   * @return the measured text
   */
  public static SmsText of(String text) {
    return new SmsText(requireNonNull(text, "text"));
  }

  /**
   * The text itself; may contain a secret, so never log it.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * The encoding the text needs.
   *
   * @return the encoding
   */
  public SmsEncoding encoding() {
    return encoding;
  }

  /**
   * The length in the encoding's units (GSM-7 septets or UTF-16 code units).
   *
   * @return the length in encoding units
   */
  public int length() {
    return length;
  }

  /**
   * How many SMS segments the text takes: 1 up to 160 GSM-7 septets or 70 UCS-2 units, beyond that
   * {@code ceil(length / 153)} or {@code ceil(length / 67)}.
   *
   * @return the number of segments, at least 1
   */
  public int segments() {
    return segments;
  }

  /**
   * Whether the text needs more than one segment.
   *
   * @return whether {@link #segments()} is more than 1
   */
  public boolean exceedsOneSegment() {
    return segments > 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmsText && ((SmsText) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return "SmsText[" + length + " " + encoding + " units, " + segments + " segment(s)]";
  }
}
