package dev.gatehouse.passkeys;

import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.passkeys.PasskeySettings.UserVerification;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * /** The WebAuthn protocol under the ceremonies: reading what a browser's authenticator answered
 * and verifying its signatures, origin, relying-party id hash and flags ({@link
 * WebAuthn4jVerifier}). What else a ceremony does — challenges issued, stored as keyed hashes and
 * spent once, which account and passkey a response may answer for, the signature counter's atomic
 * update, the session — is {@link PasskeyCeremony}'s and the core's. Keeps no state of its own;
 * thread-safe. A response it cannot read is refused with {@code invalid_passkey_response}; one that
 * fails verification with {@code passkey_rejected}, or {@code invalid_challenge} when only the
 * challenge is wrong; a signature counter that went backwards with {@code
 * passkey_counter_regressed}.
 */
interface PasskeyVerifier {
  /** {@return the COSE algorithm ids offered at registration, most preferred first} */
  List<Integer> algorithms();

  /**
   * Reads a registration response ({@code PublicKeyCredential.toJSON()} of {@code
   * navigator.credentials.create()}).
   *
   * @param json the response, at most 64 KiB (the core refuses larger ones before)
   * @return the parsed response
   */
  Registration parseRegistration(String json);

  /**
   * Verifies a registration response against the relying party: origin, RP id hash, challenge (the
   * one it carries; the core found it issued), user presence and verification, attestation ({@code
   * none} or self/packed).
   *
   * @param response what {@link #parseRegistration} answered
   * @param rp the relying party
   * @param owner the account the passkey will belong to
   * @param userHandle the account's user handle, base64url
   * @param name the passkey's name
   * @param now the time of registration
   * @return the passkey to store, without its id
   */
  PasskeyRecord verifyRegistration(
      Registration response,
      RelyingParty rp,
      UUID owner,
      String userHandle,
      String name,
      Instant now);

  /**
   * Reads an authentication response ({@code PublicKeyCredential.toJSON()} of {@code
   * navigator.credentials.get()}).
   *
   * @param json the response, at most 64 KiB
   * @return the parsed response
   */
  Assertion parseAssertion(String json);

  /**
   * Verifies an authentication response with the stored passkey it names: signature, origin, RP id
   * hash, challenge, flags and signature counter.
   *
   * @param response what {@link #parseAssertion} answered
   * @param passkey the stored passkey of {@link Assertion#credentialId()}
   * @param rp the relying party
   * @return what the response proved
   */
  Verified verifyAssertion(Assertion response, PasskeyRecord passkey, RelyingParty rp);

  /**
   * The relying party, from {@code gatehouse.passkeys.*}.
   *
   * @param id the RP id: the domain passkeys are bound to
   * @param name the name an authenticator shows
   * @param origins the origins a response may come from ({@code https://app.example.com})
   * @param userVerification whether the authenticator must verify the person
   */
  record RelyingParty(
      String id, String name, List<String> origins, UserVerification userVerification) {
    /**
     * Copies the origins.
     *
     * @param id see the record description
     * @param name see the record description
     * @param origins see the record description
     * @param userVerification see the record description
     */
    public RelyingParty {
      origins = List.copyOf(origins);
    }
  }

  /** A registration response as read, before verification. */
  interface Registration {
    /** {@return the challenge the browser signed, base64url} */
    String challenge();
  }

  /** An authentication response as read, before verification. */
  interface Assertion {
    /** {@return the credential id it names, base64url} */
    String credentialId();

    /** {@return the challenge the browser signed, base64url} */
    String challenge();

    /** {@return the user handle the authenticator sent, base64url, or null when it sent none} */
    @Nullable String userHandle();

    /** {@return the signature counter the authenticator presented} */
    long signCount();
  }

  /**
   * What a verified authentication response proved.
   *
   * @param signCount the authenticator's new signature counter
   * @param backedUp whether the credential is backed up now
   * @param userVerified whether the authenticator verified the person
   */
  record Verified(long signCount, boolean backedUp, boolean userVerified) {}
}
