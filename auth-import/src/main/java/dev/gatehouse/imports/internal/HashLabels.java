package dev.gatehouse.imports.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A human label for a stored hash's family and cost parameters ("pbkdf2_sha256 i=260000", "argon2id
 * m=65536,t=3,p=4", "bcrypt cost=10"), read from the string's structure only. The label never
 * contains salt or hash material. Internal: not API.
 */
public final class HashLabels {
  private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SCHEME = Pattern.compile("^\\{([A-Za-z0-9@_.-]{1,40})\\}");
  private static final Pattern HEX40 = Pattern.compile("[0-9a-fA-F]{40}");
  private static final Pattern PHC_ARGON =
      Pattern.compile("\\$(argon2(?:id|i|d))\\$v=\\d+\\$([^$]+)\\$.*");
  private static final Pattern BCRYPT = Pattern.compile("\\$(2[abxy])\\$(\\d{2})\\$.*");
  private static final Pattern PARAMS = Pattern.compile("[a-z]=\\d+(,[a-z]=\\d+)*");

  private HashLabels() {}

  /** The label; {@code "unusable"} for null, empty or {@code !...}. */
  public static String label(String stored) {
    if (stored == null || stored.isEmpty() || stored.startsWith("!")) {
      return "unusable";
    }
    Matcher scheme = SCHEME.matcher(stored);
    if (scheme.find()) {
      // Spring Security's {bcrypt}..., LDAP's {SSHA}...: the scheme is the format.
      return "{" + scheme.group(1) + "}";
    }
    if (HEX32.matcher(stored).matches()) {
      return "unsalted_md5";
    }
    if (HEX40.matcher(stored).matches()) {
      return "unsalted_sha1";
    }
    Matcher m = PHC_ARGON.matcher(stored);
    if (m.matches()) {
      return m.group(1) + " " + safeParams(m.group(2));
    }
    m = BCRYPT.matcher(stored);
    if (m.matches()) {
      return "bcrypt cost=" + m.group(2);
    }
    if (stored.startsWith("$")) {
      int end = stored.indexOf('$', 1);
      return end > 1 ? stored.substring(1, end) : "unknown";
    }
    int dollar = stored.indexOf('$');
    if (dollar <= 0) {
      return "unknown";
    }
    String algorithm = stored.substring(0, dollar);
    if (!algorithm.matches("[a-z0-9_]{1,32}")) {
      return "unknown";
    }
    String[] parts = stored.split("\\$", -1);
    switch (algorithm) {
      case "pbkdf2_sha256":
      case "pbkdf2_sha1":
        return parts.length > 1 && parts[1].matches("\\d{1,9}")
            ? algorithm + " i=" + parts[1]
            : algorithm;
      case "argon2":
        // Django: argon2$argon2id$v=19$m=...,t=...,p=...$salt$hash
        return parts.length > 3 ? "django " + parts[1] + " " + safeParams(parts[3]) : algorithm;
      case "bcrypt_sha256":
      case "bcrypt":
        return parts.length > 3 && parts[3].matches("\\d{2}")
            ? "django " + algorithm + " cost=" + parts[3]
            : "django " + algorithm;
      case "md5":
        return parts.length == 3 && parts[1].isEmpty() ? "unsalted_md5 (md5$$)" : "md5";
      case "sha1":
        return parts.length == 3 && parts[1].isEmpty() ? "unsalted_sha1 (sha1$$)" : "sha1";
      default:
        return algorithm;
    }
  }

  private static String safeParams(String params) {
    return PARAMS.matcher(params).matches() ? params : "?";
  }
}
