package dev.gatehouse.core.config;

import java.util.List;
import java.util.regex.Pattern;

/** The shapes textual settings must have (an email address, a region code, a claim name). */
final class ValueShapes {
  private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern REGION_LIST = Pattern.compile("[A-Za-z]{2}|001");
  private static final Pattern CLAIM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private ValueShapes() {}

  static boolean email(String s) {
    return EMAIL_SHAPE.matcher(s).matches();
  }

  /** An ISO 3166 alpha-2 region code, or {@code 001} (non-geographic numbers). */
  static boolean region(String s) {
    return REGION_LIST.matcher(s).matches();
  }

  static boolean regions(List<String> l) {
    return l.stream().allMatch(ValueShapes::region);
  }

  /** A plain JWT claim name. */
  static boolean claim(String s) {
    return CLAIM.matcher(s).matches();
  }

  /**
   * A link template relative to the frontend URL: starts with one {@code /}, contains {@code
   * {token}}, and no white space or other placeholder than {@code {token}} and {@code {uid}}.
   */
  static boolean linkTemplate(String s) {
    if (!s.startsWith("/") || s.startsWith("//") || !s.contains("{token}")) {
      return false;
    }
    String rest = s.replace("{token}", "").replace("{uid}", "");
    return rest.chars().noneMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c));
  }
}
