package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import java.net.IDN;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The domains and addresses organisation sign-in and domain claims compare: one form each. */
final class DomainNames {
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}");

  private DomainNames() {}

  /** {@return the domain, lower-case and in its ASCII form} */
  static String domain(@Nullable String domain) {
    String d = null;
    if (domain != null && domain.length() <= 253) {
      try {
        d =
            IDN.toASCII(domain.strip(), IDN.USE_STD3_ASCII_RULES)
                .toLowerCase(java.util.Locale.ROOT);
      } catch (IllegalArgumentException e) {
        d = null;
      }
    }
    if (d == null || !DOMAIN.matcher(d).matches()) {
      throw new RejectedInputException(ErrorCode.INVALID_NAME, "that is no domain name");
    }
    return d;
  }

  /** {@return the domain of a normalized address, lower-case} */
  static String domainOf(String email) {
    return email.substring(email.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** {@return the address normalized, or {@code null} when it is none} */
  static @Nullable String address(@Nullable String email) {
    if (email == null) {
      return null;
    }
    try {
      return EmailAddresses.normalize(email);
    } catch (RejectedInputException e) {
      return null;
    }
  }
}
