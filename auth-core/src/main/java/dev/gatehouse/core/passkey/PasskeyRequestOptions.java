package dev.gatehouse.core.passkey;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What the browser's {@code navigator.credentials.get({publicKey})} needs to sign in with a passkey
 * (WebAuthn's {@code PublicKeyCredentialRequestOptions}, binary values base64url without padding).
 * An empty {@link #allowCredentials()} asks for a discoverable credential (the authenticator offers
 * its passkeys for the RP; nothing about an account is revealed). The challenge is single-use and
 * expires at {@link #expiresAt()}. Immutable.
 *
 * @param challenge the challenge (256 bits)
 * @param rpId the relying-party id
 * @param allowCredentials the passkeys of a known user; empty for a usernameless sign-in
 * @param userVerification {@code required}, {@code preferred} or {@code discouraged}
 * @param timeoutMillis how long the browser should wait
 * @param expiresAt when the challenge stops working
 */
public record PasskeyRequestOptions(
    String challenge,
    String rpId,
    List<PasskeyCredentialDescriptor> allowCredentials,
    String userVerification,
    long timeoutMillis,
    Instant expiresAt) {
  /**
   * @param challenge see the record description
   * @param rpId see the record description
   * @param allowCredentials see the record description
   * @param userVerification see the record description
   * @param timeoutMillis see the record description
   * @param expiresAt see the record description
   */
  public PasskeyRequestOptions {
    requireNonNull(challenge, "challenge");
    requireNonNull(rpId, "rpId");
    allowCredentials = List.copyOf(allowCredentials);
  }
}
