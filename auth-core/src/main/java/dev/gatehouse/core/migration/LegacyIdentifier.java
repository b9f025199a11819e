package dev.gatehouse.core.migration;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.IdentifierKind;

/**
 * The identifier a login or a reset named, as Gatehouse understood it.
 *
 * @param kind email, phone or username
 * @param canonical the form Gatehouse looks up: a lower-cased email, an E.164 phone, a canonical
 *     username; a legacy lookup should compare case-insensitively for email and username
 * @param typed the identifier exactly as the user typed it (trimmed of nothing), for legacy systems
 *     that compare the raw value
 */
public record LegacyIdentifier(IdentifierKind kind, String canonical, String typed) {

  /**
   * Checks the components.
   *
   * @param kind email, phone or username
   * @param canonical the form Gatehouse looks up: a lower-cased email, an E.164 phone, a canonical
   *     username; a legacy lookup should compare case-insensitively for email and username
   * @param typed the identifier exactly as the user typed it (trimmed of nothing), for legacy
   *     systems that compare the raw value
   */
  public LegacyIdentifier {
    requireNonNull(kind, "kind");
    requireNonNull(canonical, "canonical");
    requireNonNull(typed, "typed");
  }

  /** Never shows the identifier: it is personal data. */
  @Override
  public String toString() {
    return "LegacyIdentifier[" + kind + "]";
  }
}
