package dev.gatehouse.core.signin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change a flow made to an account, as an {@link AccountChangeListener} receives it in the
 * change's transaction: what happened, the account before and after it, and the new password as the
 * listener itself hashed it ({@link AccountChangeListener#hashPassword}) — never the password as
 * typed.
 *
 * @param kind what happened
 * @param before the account before the change; {@code null} for {@link Kind#CREATED}
 * @param after the account after it, as stored in the change's transaction
 * @param passwordHash the new password in the listener's format, or {@code null} when the password
 *     did not change or the listener hashes none
 * @param at when the change was made
 * @param profileBefore for {@link Kind#PROFILE_CHANGED}, the default profile before the change;
 *     otherwise {@code null}
 * @param profileAfter for {@link Kind#PROFILE_CHANGED}, the default profile after it (another
 *     profile when the change made it the default); otherwise {@code null}
 */
public record AccountChange(
    Kind kind,
    @Nullable UserRecord before,
    UserRecord after,
    @Nullable String passwordHash,
    Instant at,
    @Nullable ProfileRecord profileBefore,
    @Nullable ProfileRecord profileAfter) {

  /**
   * Checks the components.
   *
   * @param kind what happened
   * @param before the account before, {@code null} only for a creation
   * @param after the account after
   * @param passwordHash the listener's hash of the new password, or {@code null}
   * @param at when
   * @param profileBefore the default profile before, only for a profile change
   * @param profileAfter the default profile after, only for a profile change
   */
  public AccountChange {
    requireNonNull(kind, "kind");
    requireNonNull(after, "after");
    requireNonNull(at, "at");
    if ((before == null) != (kind == Kind.CREATED)) {
      throw new IllegalArgumentException("only a creation has no account before it");
    }
    if ((profileBefore != null && profileAfter != null) != (kind == Kind.PROFILE_CHANGED)
        || (profileBefore == null) != (profileAfter == null)) {
      throw new IllegalArgumentException("a profile change, and only one, has both profiles");
    }
  }

  /**
   * A change of the account itself (not of a profile).
   *
   * @param kind what happened, not {@link Kind#PROFILE_CHANGED}
   * @param before the account before, {@code null} only for a creation
   * @param after the account after
   * @param passwordHash the listener's hash of the new password, or {@code null}
   * @param at when
   */
  public AccountChange(
      Kind kind,
      @Nullable UserRecord before,
      UserRecord after,
      @Nullable String passwordHash,
      Instant at) {
    this(kind, before, after, passwordHash, at, null, null);
  }

  @Override
  public String toString() {
    // No address, phone or hash: a change may be logged.
    return "AccountChange[" + kind + ", " + after.publicId() + "]";
  }

  /** What a flow did to the account. */
  public enum Kind {
    /** The account was created (registration, sign-in by code, link or provider, by an admin). */
    CREATED,
    /** The password was changed or reset. */
    PASSWORD_CHANGED,
    /** The username changed. */
    USERNAME_CHANGED,
    /** The email address changed. */
    EMAIL_CHANGED,
    /** The phone number changed. */
    PHONE_CHANGED,
    /** The email address or phone number was verified. */
    VERIFIED,
    /** The account was deleted. */
    DELETED,
    /**
     * The default profile's person (names, birthday, gender, picture) or settings changed, or
     * another profile with other ones became the default; the account itself did not change.
     */
    PROFILE_CHANGED
  }
}
