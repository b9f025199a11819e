package dev.gatehouse.core.passkey;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What the browser's {@code navigator.credentials.create({publicKey})} needs to register a passkey
 * (WebAuthn's {@code PublicKeyCredentialCreationOptions}, binary values base64url without padding).
 * The challenge is single-use and expires at {@link #expiresAt()}. Immutable.
 *
 * @param challenge the challenge (256 bits)
 * @param rpId the relying-party id
 * @param rpName the relying-party name
 * @param userHandle the WebAuthn user handle: random, one per account, neither its id nor a contact
 * @param userName the account's email, username or phone, for the authenticator's account picker
 * @param userDisplayName the same, as a display name
 * @param algorithms the COSE algorithms accepted, most preferred first ({@code -7} ES256, {@code
 *     -8} EdDSA, {@code -257} RS256)
 * @param excludeCredentials the account's passkeys (so an authenticator is not registered twice)
 * @param residentKey always {@code required}: a passkey is a discoverable credential
 * @param userVerification {@code required}, {@code preferred} or {@code discouraged}
 * @param attestation always {@code none}: the library does not judge authenticator models
 * @param timeoutMillis how long the browser should wait
 * @param expiresAt when the challenge stops working
 */
public record PasskeyCreationOptions(
    String challenge,
    String rpId,
    String rpName,
    String userHandle,
    String userName,
    String userDisplayName,
    List<Integer> algorithms,
    List<PasskeyCredentialDescriptor> excludeCredentials,
    String residentKey,
    String userVerification,
    String attestation,
    long timeoutMillis,
    Instant expiresAt) {
  /**
   * @param challenge see the record description
   * @param rpId see the record description
   * @param rpName see the record description
   * @param userHandle see the record description
   * @param userName see the record description
   * @param userDisplayName see the record description
   * @param algorithms see the record description
   * @param excludeCredentials see the record description
   * @param residentKey see the record description
   * @param userVerification see the record description
   * @param attestation see the record description
   * @param timeoutMillis see the record description
   * @param expiresAt see the record description
   */
  public PasskeyCreationOptions {
    requireNonNull(challenge, "challenge");
    requireNonNull(rpId, "rpId");
    requireNonNull(userHandle, "userHandle");
    algorithms = List.copyOf(algorithms);
    excludeCredentials = List.copyOf(excludeCredentials);
  }
}
