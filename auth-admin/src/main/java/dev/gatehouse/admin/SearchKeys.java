package dev.gatehouse.admin;

import static java.util.Locale.ROOT;

import dev.gatehouse.core.store.UserPage;
import java.util.Optional;
import java.util.UUID;

/** What a staff member typed, as the keys the store's indexes hold. */
final class SearchKeys {
  private SearchKeys() {}

  /**
   * The canonical start of an identifier of that kind: an email or username lower-cased as their
   * canonical forms are, a phone number's digits after a {@code +}; empty when it can begin none.
   */
  static Optional<String> prefix(UserPage.Key by, String typed) {
    String v = typed.strip();
    return switch (by) {
      case EMAIL -> Optional.of(v.toLowerCase(ROOT)).filter(p -> !p.isEmpty());
      case USERNAME ->
          Optional.of(
                  java.text.Normalizer.normalize(v, java.text.Normalizer.Form.NFKC)
                      .toLowerCase(ROOT))
              .filter(p -> !p.isEmpty());
      case PHONE -> {
        String digits = v.replaceAll("[\\s().-]", "");
        yield digits.matches("\\+?[0-9]{1,15}")
            ? Optional.of(digits.startsWith("+") ? digits : "+" + digits)
            : Optional.empty();
      }
      case CREATED, LAST_SIGN_IN -> Optional.empty();
    };
  }

  static Optional<UUID> publicId(String value) {
    String v = value.strip();
    if (!v.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(v));
  }
}
