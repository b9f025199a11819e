package dev.gatehouse.core.store;

import dev.gatehouse.core.error.ConfigurationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Store operations on passkeys, reached through {@link StoreTransaction#passkeys()}. Confined to
 * the transaction's thread.
 *
 * <p>The counter check is one atomic statement ({@link #recordUse}): of two concurrent uses that
 * report the same counter, at most one succeeds, on every instance.
 */
public interface PasskeyStore {

  /**
   * The store of a persistence that keeps no passkeys: no account has one, and registering one is
   * refused with a {@link ConfigurationException}.
   */
  PasskeyStore NONE = new PasskeyStore() {};

  /**
   * @param credentialId the credential id, base64url
   * @return the passkey, whoever owns it
   */
  default Optional<PasskeyRecord> find(String credentialId) {
    return Optional.empty();
  }

  /**
   * @param ownerPublicId the user
   * @return the user's passkeys, oldest first
   */
  default List<PasskeyRecord> listFor(UUID ownerPublicId) {
    return List.of();
  }

  /**
   * Stores a new passkey, written out at once.
   *
   * @param passkey the passkey (its owner exists)
   * @return it, with its key
   * @throws DuplicateKeyException when the credential id is registered already
   * @throws ConfigurationException when the host declared no passkey entity
   */
  default PasskeyRecord create(PasskeyRecord passkey) {
    throw notConfigured();
  }

  /**
   * Records a successful use in one atomic statement: sets the counter, the backup state and the
   * last-use time, but only if the stored counter is still {@code expectedCount} (so two uses that
   * raced on one counter value cannot both pass).
   *
   * @param id the passkey's key
   * @param expectedCount the counter the check was made against
   * @param newCount the counter the authenticator reported
   * @param backedUp the BS flag
   * @param now the current time
   * @return whether the row was updated
   */
  default boolean recordUse(
      long id, long expectedCount, long newCount, boolean backedUp, Instant now) {
    throw notConfigured();
  }

  /**
   * Renames a user's passkey.
   *
   * @param ownerPublicId the user
   * @param id the passkey's key
   * @param name the new name
   * @return whether the user had that passkey
   */
  default boolean rename(UUID ownerPublicId, long id, String name) {
    throw notConfigured();
  }

  /**
   * Removes a user's passkey.
   *
   * @param ownerPublicId the user
   * @param id the passkey's key
   * @return whether the user had that passkey
   */
  default boolean delete(UUID ownerPublicId, long id) {
    throw notConfigured();
  }

  /**
   * {@return the error a passkey ceremony meets on a store without passkeys ({@link #NONE}): the
   * host declared no passkey entity}
   */
  static ConfigurationException notConfigured() {
    return new ConfigurationException(
        "passkeys need a passkey entity: declare a subclass of AbstractPasskeyCredential"
            + " and register it with EntityClasses.builder().passkeyCredential(...)");
  }
}
