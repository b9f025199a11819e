package dev.gatehouse.passkeys;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Passkeys (WebAuthn, verified with webauthn4j): registration, passwordless sign-in with a
 * discoverable credential, the second factor of a login that answered {@code mfa_required}, step-up
 * ({@link Reauthentication#passkey}), and the user's list of passkeys. Added by {@link
 * WebAuthn4jPasskeys}, reached through {@code gatehouse.feature(PasskeyService.class)};
 * thread-safe. Needs a passkey entity ({@code EntityClasses.Builder#passkeyCredential}) and {@code
 * gatehouse.passkeys.rp-id}.
 *
 * <p>Every ceremony has two steps: {@code begin…} answers the options for the browser's {@code
 * navigator.credentials.create()} or {@code get()}, with a fresh challenge (256 bits, stored only
 * as a keyed hash, single-use, {@code gatehouse.passkeys.challenge-ttl}); {@code finish…} (or
 * {@link #completeLogin}) takes the browser's response, serialized as JSON the way {@code
 * PublicKeyCredential.toJSON()} does, and checks the origin ({@code gatehouse.passkeys.origins}),
 * the RP id hash, the challenge and the ceremony it belongs to, user presence and — per {@code
 * gatehouse.passkeys.user-verification} — user verification, then the attestation ({@code none} or
 * {@code packed}) or the signature and the signature counter. The challenge is spent in the same
 * transaction as the change the ceremony makes, by one atomic statement, so of concurrent finishes
 * with one challenge exactly one succeeds. A counter that does not move forward (when the
 * authenticator keeps one) is refused and reported as {@link
 * PasskeyService.PasskeyCounterRegressed}.
 *
 * <p>A passwordless sign-in's {@code amr} is {@code ["webauthn"]}, plus {@code "mfa"} when the
 * authenticator verified the user (something the user has and something they know or are); without
 * that, an account with an authenticator app is asked for its second factor as after a password.
 *
 * <pre>{@code
 * PasskeyService passkeys = gatehouse.feature(PasskeyService.class);
 * PasskeyCreationOptions options =
 *     passkeys.beginRegistration(caller, Reauthentication.recentSignIn(), client);
 * // navigator.credentials.create({publicKey: options}) in the browser, then:
 * Passkey passkey = passkeys.finishRegistration(caller, credentialJson, "Laptop", client);
 * // later, signing in without a password:
 * PasskeyRequestOptions request = passkeys.beginSignIn();
 * SignInResult signIn = passkeys.finishSignIn(assertionJson, client);
 * }</pre>
 */
public interface PasskeyService {
  /**
   * Starts registering a passkey for the signed-in caller, after {@linkplain Reauthentication
   * recent authentication}. The options exclude the caller's passkeys, ask for a discoverable
   * credential and carry the account's user handle (random, the same for all its passkeys).
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @return the options for {@code navigator.credentials.create()}
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when passkeys are not
   *     configured
   */
  PasskeyCreationOptions beginRegistration(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client);

  /**
   * Finishes a registration: verifies the browser's response against the caller's open registration
   * challenge and stores the passkey.
   *
   * @param caller the verified access token of the signed-in user (the one who began)
   * @param credentialJson the browser's {@code PublicKeyCredential}, as JSON
   * @param name a name for the passkey (1 to 100 characters), or {@code null} for {@code Passkey}
   * @param client who is calling
   * @return the new passkey
   * @throws RejectedInputException {@code invalid_passkey_response} (not a WebAuthn response),
   *     {@code invalid_challenge} (unknown, used, expired or another user's), {@code
   *     passkey_rejected} (origin, RP id, user presence or verification, attestation), {@code
   *     passkey_already_registered}, {@code invalid_name}
   */
  Passkey finishRegistration(
      VerifiedAccessToken caller, String credentialJson, @Nullable String name, ClientInfo client);

  /**
   * The signed-in caller's passkeys, oldest first.
   *
   * @param caller the verified access token of the signed-in user
   * @return the passkeys
   */
  List<Passkey> list(VerifiedAccessToken caller);

  /**
   * Renames one of the caller's passkeys.
   *
   * @param caller the verified access token of the signed-in user
   * @param passkeyId the passkey's id
   * @param name the new name (1 to 100 characters)
   * @return the renamed passkey
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException when the caller has no such
   *     passkey
   * @throws RejectedInputException {@code invalid_name}
   */
  Passkey rename(VerifiedAccessToken caller, long passkeyId, String name);

  /**
   * Removes one of the caller's passkeys after {@linkplain Reauthentication recent authentication}
   * (which may be a passkey, even this one). It stops working at once.
   *
   * @param caller the verified access token of the signed-in user
   * @param passkeyId the passkey's id
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException when the caller has no such
   *     passkey
   */
  void remove(
      VerifiedAccessToken caller, long passkeyId, Reauthentication proof, ClientInfo client);

  /**
   * Starts a passwordless sign-in with a discoverable credential: the options name no account
   * ({@code allowCredentials} is empty), so they reveal nothing about who has passkeys.
   *
   * @return the options for {@code navigator.credentials.get()}
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when passkeys are not
   *     configured
   */
  PasskeyRequestOptions beginSignIn();

  /**
   * {@link #beginSignIn()} for a caller whose IP is known: each call stores a challenge, so at most
   * {@code gatehouse.throttle.passkey-options.per-ip-hourly} per client network (an IPv4 address,
   * an IPv6 /64) per hour are answered.
   *
   * @param client the caller, or {@code null} when unknown (no per-network limit)
   * @return the options for {@code navigator.credentials.get()}
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when passkeys are not
   *     configured
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException {@code rate_limited} when
   *     the client's network is over its hourly limit
   */
  PasskeyRequestOptions beginSignIn(@Nullable ClientInfo client);

  /**
   * Finishes a passwordless sign-in: verifies the assertion against an open sign-in challenge and
   * the passkey it names, then signs in through the core's one sign-in path (which answers a
   * second-factor challenge instead when the account has an authenticator app and the authenticator
   * did not verify the user).
   *
   * @param credentialJson the browser's {@code PublicKeyCredential}, as JSON
   * @param client who is calling
   * @return signed in, or the second step the account needs
   * @throws RejectedInputException {@code invalid_passkey_response}, {@code invalid_challenge},
   *     {@code passkey_rejected} (unknown passkey, origin, RP id, signature, flags), {@code
   *     passkey_counter_regressed}
   */
  SignInResult finishSignIn(String credentialJson, ClientInfo client);

  /**
   * Starts answering a login's {@code mfa_required} challenge with a passkey: the options list the
   * account's passkeys (the first factor already named the account).
   *
   * @param mfaChallenge the token of the challenge the login answered
   * @return the options for {@code navigator.credentials.get()}
   * @throws RejectedInputException {@code invalid_challenge} when the login challenge is unknown,
   *     used or expired, or its first factor was a passkey (one passkey never counts twice)
   */
  PasskeyRequestOptions beginSecondFactor(String mfaChallenge);

  /**
   * Completes a login that answered {@code mfa_required} with a passkey of that account: in one
   * transaction, spends the passkey challenge and the login challenge and starts the session, whose
   * {@code amr} lists the first factor, {@code webauthn} and {@code mfa}.
   *
   * @param mfaChallenge the token of the challenge the login answered
   * @param credentialJson the browser's {@code PublicKeyCredential}, as JSON
   * @param client who is calling
   * @return signed in
   * @throws RejectedInputException {@code invalid_challenge} (also when the login's first factor
   *     was a passkey), {@code invalid_passkey_response}, {@code passkey_rejected} (another
   *     account's passkey, origin, RP id, signature), {@code passkey_counter_regressed}
   */
  SignInResult.SignedIn completeLogin(
      String mfaChallenge, String credentialJson, ClientInfo client);

  /**
   * Starts a step-up with a passkey for the signed-in caller; the response goes to the guarded
   * operation as {@link Reauthentication#passkey(String)}.
   *
   * @param caller the verified access token of the signed-in user
   * @return the options for {@code navigator.credentials.get()}, listing the caller's passkeys
   * @throws RejectedInputException {@code no_passkey} when the caller has none
   */
  PasskeyRequestOptions beginStepUp(VerifiedAccessToken caller);

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

  /**
   * What the browser's {@code navigator.credentials.create({publicKey})} needs to register a
   * passkey (WebAuthn's {@code PublicKeyCredentialCreationOptions}, binary values base64url without
   * padding). The challenge is single-use and expires at {@link #expiresAt()}. Immutable.
   *
   * @param challenge the challenge (256 bits)
   * @param rpId the relying-party id
   * @param rpName the relying-party name
   * @param userHandle the WebAuthn user handle: random, one per account, neither its id nor a
   *     contact
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

  /**
   * What the browser's {@code navigator.credentials.get({publicKey})} needs to sign in with a
   * passkey (WebAuthn's {@code PublicKeyCredentialRequestOptions}, binary values base64url without
   * padding). An empty {@link #allowCredentials()} asks for a discoverable credential (the
   * authenticator offers its passkeys for the RP; nothing about an account is revealed). The
   * challenge is single-use and expires at {@link #expiresAt()}. Immutable.
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

  /**
   * A credential named in ceremony options ({@code excludeCredentials}, {@code allowCredentials}).
   *
   * @param id the credential id, base64url without padding
   * @param transports the transports the browser reported at registration (may be empty)
   */
  public record PasskeyCredentialDescriptor(String id, List<String> transports) {
    /**
     * @param id the credential id
     * @param transports the transports
     */
    public PasskeyCredentialDescriptor {
      requireNonNull(id, "id");
      transports = List.copyOf(transports);
    }
  }

  /**
   * A passkey was registered to a user. Audited with the method {@code passkey} and the detail
   * {@code passkey <id>}.
   *
   * @param at when
   * @param userId who
   * @param passkeyId the passkey's key
   * @param origin where the request came from
   */
  record PasskeyRegistered(Instant at, UUID userId, long passkeyId, RequestOrigin origin)
      implements PasskeyEvent {}

  /**
   * A user removed one of their passkeys. Audited as {@link PasskeyRegistered} is.
   *
   * @param at when
   * @param userId who
   * @param passkeyId the passkey's key
   * @param origin where the request came from
   */
  record PasskeyRemoved(Instant at, UUID userId, long passkeyId, RequestOrigin origin)
      implements PasskeyEvent {}

  /**
   * A passkey assertion was accepted. Audited with the method {@code passkey}, the purpose as the
   * reason and the detail {@code passkey <id>}.
   *
   * @param at when
   * @param userId whose passkey
   * @param passkeyId the passkey's key
   * @param purpose what for: {@code sign_in}, {@code mfa} or {@code step_up}
   * @param origin where the request came from
   */
  record PasskeyUsed(Instant at, UUID userId, long passkeyId, String purpose, RequestOrigin origin)
      implements PasskeyEvent {
    @Override
    public String auditReason() {
      return purpose;
    }
  }

  /**
   * A passkey assertion carried a signature counter that did not move forward: the authenticator
   * may have been cloned. The assertion was refused. Audited with the method {@code passkey}, the
   * reason {@code counter_regressed} and both counters in the detail.
   *
   * @param at when
   * @param userId whose passkey
   * @param passkeyId the passkey's key
   * @param storedCount the counter of the last accepted use
   * @param presentedCount the counter the refused assertion carried
   * @param origin where the request came from
   */
  record PasskeyCounterRegressed(
      Instant at,
      UUID userId,
      long passkeyId,
      long storedCount,
      long presentedCount,
      RequestOrigin origin)
      implements PasskeyEvent {
    @Override
    public String auditReason() {
      return "counter_regressed";
    }

    @Override
    public String auditDetail() {
      return "passkey " + passkeyId + " " + storedCount + ">" + presentedCount;
    }
  }
}
