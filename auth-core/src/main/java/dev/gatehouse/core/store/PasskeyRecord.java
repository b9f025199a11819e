package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A registered passkey as the stores exchange it. Holds only public data; {@link #toString()} shows
 * the key and the name.
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
