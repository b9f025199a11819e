package dev.gatehouse.core.passkey;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One of a user's passkeys, as a list shows it. Immutable.
 *
 * @param id the passkey's key (for rename and remove)
 * @param name the name the user gave it
 * @param credentialId the credential id, base64url
 * @param transports the transports the browser reported
 * @param aaguid the authenticator model's AAGUID, or {@code null}
 * @param backupEligible whether it can be synced to the user's other devices
 * @param backedUp whether it was synced at its last use
 * @param createdAt when it was registered
 * @param lastUsedAt when it was last used, or {@code null}
 */
public record Passkey(
    long id,
    String name,
    String credentialId,
    List<String> transports,
    @Nullable String aaguid,
    boolean backupEligible,
    boolean backedUp,
    Instant createdAt,
    @Nullable Instant lastUsedAt) {
  /**
   * @param id see the record description
   * @param name see the record description
   * @param credentialId see the record description
   * @param transports see the record description
   * @param aaguid see the record description
   * @param backupEligible see the record description
   * @param backedUp see the record description
   * @param createdAt see the record description
   * @param lastUsedAt see the record description
   */
  public Passkey {
    transports = List.copyOf(transports);
  }
}
