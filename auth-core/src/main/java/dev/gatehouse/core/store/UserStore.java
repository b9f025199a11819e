package dev.gatehouse.core.store;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Users, as values, inside one {@link StoreTransaction}: reached with {@link
 * StoreTransaction#users()}, confined to its thread and valid only while it is.
 *
 * <p>Lookups answer deleted users too (callers decide what a deleted account means for them). Every
 * change is one statement on the row with the given public id, and answers whether such a row was
 * changed; a value read earlier is never updated behind the caller's back, so read it again when
 * the new state matters. The implementation maps the host's user class, whatever its key type and
 * column names.
 *
 * <pre>{@code
 * UserRecord u = tx.users().findByPublicId(id).filter(x -> !x.deleted()).orElseThrow();
 * if (!u.emailVerified()) {
 *   tx.users().markVerified(u.publicId(), IdentifierKind.EMAIL, now);
 * }
 * }</pre>
 */
public interface UserStore {

  /**
   * @param canonicalEmail the canonical (lower-cased) email
   * @return the user with that email, deleted or not
   */
  Optional<UserRecord> findByEmail(String canonicalEmail);

  /**
   * @param e164 a phone in E.164 form
   * @return the user with that phone, deleted or not
   */
  Optional<UserRecord> findByPhone(String e164);

  /**
   * @param canonicalUsername the canonical username
   * @return the user with that username, deleted or not
   */
  Optional<UserRecord> findByUsername(String canonicalUsername);

  /**
   * @param publicId the public id tokens carry
   * @return the user, deleted or not
   */
  Optional<UserRecord> findByPublicId(UUID publicId);

  /**
   * Reads the user and holds a lock on it until the transaction ends: another transaction's call
   * for the same user waits until this one commits or rolls back, so what a module checks before it
   * writes (a quota of the account's rows) no other transaction changes meanwhile. A store whose
   * transactions run one at a time (the in-memory store) only reads.
   *
   * @param publicId the public id tokens carry
   * @return the user as read under the lock, deleted or not; empty when there is none (nothing is
   *     locked)
   * @throws UnsupportedOperationException by default: a store that cannot lock one user does not
   *     pretend to
   */
  default Optional<UserRecord> lockForUpdate(UUID publicId) {
    throw new UnsupportedOperationException(
        getClass().getName() + " takes no lock on one user; implement lockForUpdate");
  }

  /**
   * One page of live users along one of the user table's indexes ({@link UserPage}): by a prefix of
   * the canonical email, phone or canonical username, or by a range of creation or last sign-in
   * time. It reads a range of an index in its order and stops at the limit, never the whole table
   * (auth-jpa's {@code ix_..._created} and the prefix indexes of the identifiers in one statement;
   * by last sign-in, {@code ix_gh_user_sign_in_last_login} of its table {@code gh_user_sign_in},
   * then the page's users by public id); for administration, never called by a sign-in.
   *
   * @param page what to read
   * @return the users, in the key's order then by public id; at most {@link UserPage#limit()}
   */
  List<UserRecord> page(UserPage page);

  /**
   * The user table's primary key of a user, when it is a number: what {@code
   * gatehouse.token.integer-user-ids} shows clients for a user that was not imported. Never used to
   * find a user for a request.
   *
   * @param publicId the user's public id
   * @return the key, or empty when the user does not exist or the key is not a number (the default:
   *     a store without numeric keys)
   */
  default OptionalLong numericKey(UUID publicId) {
    return OptionalLong.empty();
  }

  /**
   * Stores a new user and writes it out at once, so that a duplicate email, phone or username fails
   * here while the flow can still react.
   *
   * @param user the new user, with a fresh public id
   * @return the stored user
   * @throws DuplicateKeyException when its email, phone or username is taken
   */
  UserRecord create(UserRecord user);

  /**
   * Stores a new user without writing it out yet: for a batch writer that writes once per batch
   * (uniqueness is then checked when the batch is written).
   *
   * @param user the new user, with a fresh public id
   * @return the user as it will be stored
   */
  UserRecord insert(UserRecord user);

  /**
   * Replaces a password hash only if it is still {@code expectedHash} (compare-and-swap), so an
   * upgrade on login never overwrites a concurrent password change.
   *
   * @param publicId the user
   * @param expectedHash the hash that was verified; {@code null} matches a missing hash
   * @param newHash the replacement
   * @param now modification time
   * @return whether the row was changed
   */
  boolean replacePasswordHash(UUID publicId, String expectedHash, String newHash, Instant now);

  /** {@return how many live superusers exist} */
  long countSuperusers();

  /**
   * Records a successful login.
   *
   * @param publicId the user
   * @param now the login time (also the modification time)
   * @return whether the user exists
   */
  boolean recordLogin(UUID publicId, Instant now);

  /**
   * Records a successful password login only if the account is still the one whose password was
   * just verified: it exists, is not deleted, is active, and still has exactly {@code
   * passwordHash}. A store can make this one conditional update instead of a read and a write; the
   * default reads the user and then calls {@link #recordLogin}.
   *
   * @param publicId the user
   * @param passwordHash the stored hash the password was verified against, not {@code null}
   * @param now the login time (also the modification time)
   * @return whether the login was recorded; {@code false} when the user is gone, deleted or
   *     disabled, or its password changed since it was read
   */
  default boolean recordPasswordLogin(UUID publicId, String passwordHash, Instant now) {
    Optional<UserRecord> u = findByPublicId(publicId);
    if (u.isEmpty()
        || u.get().deleted()
        || !u.get().active()
        || !passwordHash.equals(u.get().passwordHash())) {
      return false;
    }
    return recordLogin(publicId, now);
  }

  /**
   * Marks an identifier proven, and with it the account verified.
   *
   * @param publicId the user
   * @param identifier {@link IdentifierKind#EMAIL} or {@link IdentifierKind#PHONE}
   * @param now modification time
   * @return whether the user exists
   * @throws IllegalArgumentException for {@link IdentifierKind#USERNAME}, which is never proven
   */
  boolean markVerified(UUID publicId, IdentifierKind identifier, Instant now);

  /**
   * Sets the details a user edits themselves (all four values are written as given).
   *
   * @param publicId the user
   * @param language the BCP 47 language tag, or {@code null}
   * @param timeZone the IANA zone id, or {@code null}
   * @param username the username as chosen, or {@code null}
   * @param usernameCanonical its canonical form, or {@code null}
   * @param now modification time
   * @return whether the user exists
   * @throws DuplicateKeyException when the username belongs to another user
   */
  boolean updateDetails(
      UUID publicId,
      @Nullable String language,
      @Nullable String timeZone,
      @Nullable String username,
      @Nullable String usernameCanonical,
      Instant now);

  /**
   * Soft-deletes a live user.
   *
   * @param publicId the user
   * @param now the deletion (and modification) time
   * @return whether a live user was deleted
   */
  boolean softDelete(UUID publicId, Instant now);

  /**
   * Writes every field of {@code user} except its public id, creation time and feature flags: for
   * batch writers (an importer merging an account) that reconcile whole accounts. Services use the
   * operations shaped for their purpose instead, which cannot overwrite a concurrent change to
   * another field.
   *
   * @param user the changed user
   * @return whether the user exists
   * @throws DuplicateKeyException when an identifier belongs to another user
   */
  boolean update(UserRecord user);

  /**
   * Replaces a user's email, only if it is still {@code expectedCanonical} (compare-and-set), and
   * marks the new one verified: the flow proved the new mailbox. The default reads and writes the
   * whole record in the caller's transaction; a store should do it in one conditional statement.
   *
   * @param publicId the user
   * @param expectedCanonical the canonical email the flow read, or {@code null} for none
   * @param email the new address as entered (normalised)
   * @param canonical its canonical form
   * @param now the modification time
   * @return whether the user was found with the expected email and changed
   * @throws DuplicateKeyException when another user has the address
   */
  default boolean changeEmail(
      UUID publicId,
      @Nullable String expectedCanonical,
      String email,
      String canonical,
      Instant now) {
    Optional<UserRecord> u = findByPublicId(publicId);
    if (u.isEmpty() || !java.util.Objects.equals(u.get().emailCanonical(), expectedCanonical)) {
      return false;
    }
    return update(
        u.get().toBuilder().email(email, canonical).emailVerified(true).modifiedAt(now).build());
  }

  /**
   * Replaces a user's phone, only if it is still {@code expectedPhone} (compare-and-set), and marks
   * the new one verified: the flow proved the new number. The default reads and writes the whole
   * record in the caller's transaction; a store should do it in one conditional statement.
   *
   * @param publicId the user
   * @param expectedPhone the number the flow read (E.164), or {@code null} for none
   * @param phone the new number (E.164)
   * @param now the modification time
   * @return whether the user was found with the expected phone and changed
   * @throws DuplicateKeyException when another user has the number
   */
  default boolean changePhone(
      UUID publicId, @Nullable String expectedPhone, String phone, Instant now) {
    Optional<UserRecord> u = findByPublicId(publicId);
    if (u.isEmpty() || !java.util.Objects.equals(u.get().phone(), expectedPhone)) {
      return false;
    }
    return update(u.get().toBuilder().phone(phone).phoneVerified(true).modifiedAt(now).build());
  }
}
