package dev.gatehouse.legacy;

import dev.gatehouse.core.store.ProfileStore.Person;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes the changes Gatehouse makes to accounts back to the legacy user store while the transition
 * window is open ({@code gatehouse.legacy.write-back.until}), so that going back to the legacy
 * application loses no account and no password change.
 *
 * <p>Gatehouse records each change in a journal in the transaction of the change and calls {@link
 * #apply} after it commits, from its delivery workers: a request never waits for the legacy store,
 * a change of a rolled-back transaction is never applied, the changes of one account are applied in
 * order, and a failed call is retried with backoff. So {@link #apply} must be idempotent: applying
 * a change twice leaves the row as applying it once.
 *
 * <p>Turned on with {@link LegacyCutOver#writeBack}. The importer's module has JDBC targets for a
 * Django user table and a FastAPI-Users table ({@code
 * dev.gatehouse.imports.lazy.UserTableWriteBack}).
 */
public interface LegacyWriteBack {

  /**
   * @return a short name for logs and metrics, e.g. {@code django}
   */
  String name();

  /**
   * Hashes a password as the legacy application verifies it (Django's {@code pbkdf2_sha256}, a
   * passlib bcrypt string, ...). Called by the flow that knows the password, before its
   * transaction; CPU only, no I/O.
   *
   * @param rawPassword the password as the user typed it
   * @return the hash to store in the legacy row
   */
  String hashPassword(String rawPassword);

  /**
   * Applies one change to the legacy store.
   *
   * @param change the change, with the values the legacy row is expected to hold before it
   * @return {@link Result#applied()} when the row now holds the change (also when it already did),
   *     or {@link Result#conflict} when the row changed meanwhile: the change is then recorded as
   *     failed and reported, and the row is left as it is
   * @throws RuntimeException when the legacy store cannot be reached: the change is retried later
   */
  Result apply(LegacyChange change);

  /**
   * What applying a change came to.
   *
   * @param conflict why the change was not applied, or {@code null} when it was
   */
  record Result(@Nullable String conflict) {
    private static final Result APPLIED = new Result(null);

    /**
     * @return the row holds the change
     */
    public static Result applied() {
      return APPLIED;
    }

    /**
     * @param reason which value of the row differs from what Gatehouse expected (no value itself)
     * @return the change was not applied because the row changed meanwhile
     */
    public static Result conflict(String reason) {
      return new Result(java.util.Objects.requireNonNull(reason, "reason"));
    }

    /**
     * @return whether the change was refused as a conflict
     */
    public boolean isConflict() {
      return conflict != null;
    }
  }

  /**
   * One change Gatehouse made to an account during the write-back window, as the legacy store is to
   * receive it ({@link LegacyWriteBack}): the account's legacy-visible values before and after the
   * change, and the new password hashed in the legacy application's format when the password
   * changed. A target applies the difference only where the legacy row still holds {@link
   * #before()}, and reports a conflict otherwise.
   *
   * @param sequence the journal's key: increasing per account, the same on every delivery attempt
   * @param kind what happened
   * @param accountId the Gatehouse account's public id
   * @param before the values before the change; {@code null} for {@link Kind#CREATED}
   * @param after the values after it
   * @param passwordHash the new password in the target's format ({@link
   *     LegacyWriteBack#hashPassword}), or {@code null} when the password did not change
   * @param previousPasswordHash the password hash Gatehouse held before the change (the imported
   *     legacy hash unless it was upgraded since), or {@code null}; a target compares it only when
   *     it is in the target's own format
   * @param at when Gatehouse made the change
   * @param profileBefore for {@link Kind#PROFILE_CHANGED}, the default profile's values before the
   *     change; otherwise {@code null}
   * @param profileAfter for {@link Kind#PROFILE_CHANGED}, its values after it; otherwise {@code
   *     null}
   */
  public record LegacyChange(
      long sequence,
      Kind kind,
      UUID accountId,
      @Nullable Snapshot before,
      Snapshot after,
      @Nullable String passwordHash,
      @Nullable String previousPasswordHash,
      Instant at,
      @Nullable Profile profileBefore,
      @Nullable Profile profileAfter) {

    /**
     * Checks the components.
     *
     * @param sequence the journal's key
     * @param kind what happened
     * @param accountId the account
     * @param before the values before, {@code null} only for a creation
     * @param after the values after
     * @param passwordHash the new legacy hash, or {@code null}
     * @param previousPasswordHash the hash held before, or {@code null}
     * @param at when
     * @param profileBefore the default profile's values before, only for a profile change
     * @param profileAfter its values after, only for a profile change
     */
    public LegacyChange {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(after, "after");
      Objects.requireNonNull(at, "at");
      if ((before == null) != (kind == Kind.CREATED)) {
        throw new IllegalArgumentException("only a creation has no values before it");
      }
      if ((profileBefore != null && profileAfter != null) != (kind == Kind.PROFILE_CHANGED)
          || (profileBefore == null) != (profileAfter == null)) {
        throw new IllegalArgumentException("a profile change, and only one, has both profiles");
      }
    }

    /**
     * A change of the account's own values (not of its profile).
     *
     * @param sequence the journal's key
     * @param kind what happened, not {@link Kind#PROFILE_CHANGED}
     * @param accountId the account
     * @param before the values before, {@code null} only for a creation
     * @param after the values after
     * @param passwordHash the new legacy hash, or {@code null}
     * @param previousPasswordHash the hash held before, or {@code null}
     * @param at when
     */
    public LegacyChange(
        long sequence,
        Kind kind,
        UUID accountId,
        @Nullable Snapshot before,
        Snapshot after,
        @Nullable String passwordHash,
        @Nullable String previousPasswordHash,
        Instant at) {
      this(
          sequence,
          kind,
          accountId,
          before,
          after,
          passwordHash,
          previousPasswordHash,
          at,
          null,
          null);
    }

    @Override
    public String toString() {
      // No address, phone or hash: a change may be logged.
      return "LegacyChange[" + sequence + ", " + kind + ", " + accountId + "]";
    }

    /** What Gatehouse did to the account. */
    public enum Kind {
      /** The account was created in Gatehouse (registration, sign-in by code or social, admin). */
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
      /** The account was deleted in Gatehouse; the legacy row is deactivated, not removed. */
      DELETED,
      /**
       * The default profile's person or settings changed ({@link #profileBefore()}, {@link
       * #profileAfter()}); the account's own values did not ({@link #before()} equals {@link
       * #after()}).
       */
      PROFILE_CHANGED
    }

    /**
     * The values of an account's default profile a legacy profile table holds.
     *
     * @param person the person: names, birthday, gender, picture
     * @param settingsJson the settings document; {@code null} when the change does not carry it: in
     *     {@link #profileAfter()}, the settings did not change (or were too large for the journal,
     *     logged at WARN) and are not written; in {@link #profileBefore()}, they are not compared
     */
    public record Profile(Person person, @Nullable String settingsJson) {
      /**
       * Checks the person.
       *
       * @param person the person
       * @param settingsJson the settings, or {@code null}
       */
      public Profile {
        Objects.requireNonNull(person, "person");
      }

      @Override
      public String toString() {
        return "Profile[redacted]";
      }
    }

    /**
     * The values of an account a legacy user table holds.
     *
     * @param username the username, or {@code null}
     * @param email the email as typed, or {@code null}
     * @param phone the phone in E.164, or {@code null}
     * @param active whether the account may sign in (false once deleted)
     * @param emailVerified whether the email is verified
     * @param phoneVerified whether the phone is verified
     * @param staff the staff flag
     * @param superuser the superuser flag
     * @param dateJoined when the account was created
     */
    public record Snapshot(
        @Nullable String username,
        @Nullable String email,
        @Nullable String phone,
        boolean active,
        boolean emailVerified,
        boolean phoneVerified,
        boolean staff,
        boolean superuser,
        Instant dateJoined) {
      @Override
      public String toString() {
        return "Snapshot[redacted]";
      }
    }
  }
}
