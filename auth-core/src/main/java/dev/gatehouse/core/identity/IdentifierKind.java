package dev.gatehouse.core.identity;

/**
 * Which kind of identifier a login or lookup value is; see {@link Identifiers#classify(String)}.
 */
public enum IdentifierKind {
  /** An email address, normalized by {@link EmailAddresses}. */
  EMAIL,
  /** A phone number, normalized by {@link PhoneNumbers}. */
  PHONE,
  /** A username, normalized by {@link Usernames}. */
  USERNAME
}
