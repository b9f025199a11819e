package dev.gatehouse.imports.internal;

/**
 * What the importer does with one record. Internal: not API.
 *
 * @param action the action
 * @param reason a stable machine-readable reason ({@code conflict_email}, {@code no_identifier},
 *     ...) or {@code null} for a plain creation
 * @param existingPublicId the existing account involved, or {@code null}
 * @param takeCredentials for a merge: whether the existing account takes the incoming password hash
 *     and verification
 * @param usernameHolder when the incoming username is left out: the account that keeps its own
 *     username (another account has this one, or the merge target keeps its own); otherwise {@code
 *     null}
 * @param detail human detail, or {@code null}
 * @param credential for a merge where both accounts have a password: {@code from_incoming} or
 *     {@code kept}, whose password the account ends with; otherwise {@code null}
 */
public record Decision(
    Action action,
    String reason,
    String existingPublicId,
    boolean takeCredentials,
    String usernameHolder,
    String detail,
    String credential) {

  /** The four outcomes every source record ends in. */
  public enum Action {
    CREATE,
    MERGE,
    SKIP,
    QUARANTINE
  }

  /** {@return whether the incoming username is left out of the account} */
  public boolean dropUsername() {
    return usernameHolder != null;
  }

  static Decision create(String usernameHolder) {
    return new Decision(Action.CREATE, null, null, false, usernameHolder, null, null);
  }

  static Decision skip(String reason, String existing) {
    return new Decision(Action.SKIP, reason, existing, false, null, null, null);
  }

  static Decision quarantine(String reason, String existing, String detail) {
    return new Decision(Action.QUARANTINE, reason, existing, false, null, detail, null);
  }
}
