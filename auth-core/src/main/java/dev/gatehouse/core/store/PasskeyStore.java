package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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

  /**
   * A registered passkey as the stores exchange it. Holds only public data; {@link #toString()}
   * shows the key and the name.
   *
   * @param id the database key, or {@code null} before it is stored
   * @param ownerPublicId the user's public id
   * @param credentialId the credential id, base64url without padding (at most 255 characters)
   * @param publicKeyCose the COSE public key, base64url without padding
   * @param signCount the last signature counter
   * @param userHandle the WebAuthn user handle, base64url without padding
   * @param transports the transports, comma-separated, or {@code null}
   * @param name the name the user gave it
   * @param aaguid the authenticator model's AAGUID, or {@code null}
   * @param attestationFormat the attestation format seen at registration
   * @param backupEligible the BE flag
   * @param backedUp the BS flag at the last use
   * @param uvInitialized whether user verification happened at registration
   * @param createdAt when it was registered
   * @param lastUsedAt when it was last used, or {@code null}
   */
  public record PasskeyRecord(
      @Nullable Long id,
      UUID ownerPublicId,
      String credentialId,
      String publicKeyCose,
      long signCount,
      String userHandle,
      @Nullable String transports,
      String name,
      @Nullable String aaguid,
      String attestationFormat,
      boolean backupEligible,
      boolean backedUp,
      boolean uvInitialized,
      Instant createdAt,
      @Nullable Instant lastUsedAt) {

    /**
     * Checks the required fields.
     *
     * @param id see the record description
     * @param ownerPublicId see the record description
     * @param credentialId see the record description
     * @param publicKeyCose see the record description
     * @param signCount see the record description
     * @param userHandle see the record description
     * @param transports see the record description
     * @param name see the record description
     * @param aaguid see the record description
     * @param attestationFormat see the record description
     * @param backupEligible see the record description
     * @param backedUp see the record description
     * @param uvInitialized see the record description
     * @param createdAt see the record description
     * @param lastUsedAt see the record description
     */
    public PasskeyRecord {
      requireNonNull(ownerPublicId, "ownerPublicId");
      requireNonNull(credentialId, "credentialId");
      requireNonNull(publicKeyCose, "publicKeyCose");
      requireNonNull(userHandle, "userHandle");
      requireNonNull(name, "name");
      requireNonNull(createdAt, "createdAt");
    }

    /**
     * @param newId the stored key
     * @return this record with its key
     */
    public PasskeyRecord withId(Long newId) {
      return new PasskeyRecord(
          newId,
          ownerPublicId,
          credentialId,
          publicKeyCose,
          signCount,
          userHandle,
          transports,
          name,
          aaguid,
          attestationFormat,
          backupEligible,
          backedUp,
          uvInitialized,
          createdAt,
          lastUsedAt);
    }

    @Override
    public String toString() {
      return "PasskeyRecord[id=" + id + ", owner=" + ownerPublicId + ", name=" + name + "]";
    }
  }
}
