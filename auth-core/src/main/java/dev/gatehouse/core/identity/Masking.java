package dev.gatehouse.core.identity;

/**
 * Shortens an identifier for an exception message, so that logs show enough to correlate a report
 * with a request but never the whole value (identifiers are personal data).
 */
final class Masking {
  private Masking() {}

  /**
   * Keeps at most two characters at each end, never more than a fifth of the value, and replaces
   * anything that is not printable ASCII among the kept characters with {@code ?}, so a message
   * cannot carry a line break or an escape sequence into a log.
   */
  static String mask(String value) {
    if (value == null) {
      return "<null>";
    }
    int length = value.length();
    int keep = Math.min(2, length / 5);
    StringBuilder masked = new StringBuilder();
    appendPrintable(masked, value, 0, keep);
    masked.append("***");
    appendPrintable(masked, value, length - keep, length);
    return masked.append(" (").append(length).append(" chars)").toString();
  }

  private static void appendPrintable(StringBuilder out, String value, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x21 && c <= 0x7e ? c : '?');
    }
  }
}
