package dev.gatehouse.core.account;

import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.passkey.Passkey;
import dev.gatehouse.core.passkey.PasskeyCreationOptions;
import dev.gatehouse.core.passkey.PasskeyRequestOptions;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.VerifiedAccessToken;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Passkeys (WebAuthn, verified with webauthn4j): registration, passwordless sign-in with a
 * discoverable credential, the second factor of a login that answered {@code mfa_required}, step-up
 * ({@link Reauthentication#passkey}), and the user's list of passkeys. Reached through {@code
 * Gatehouse.passkeys()}; thread-safe. Needs a passkey entity ({@code
 * EntityClasses.Builder#passkeyCredential}) and {@code gatehouse.passkeys.rp-id}.
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
 * authenticator keeps one) is refused and reported as {@link AuthEvent.PasskeyCounterRegressed}.
 *
 * <p>A passwordless sign-in's {@code amr} is {@code ["webauthn"]}, plus {@code "mfa"} when the
 * authenticator verified the user (something the user has and something they know or are); without
 * that, an account with an authenticator app is asked for its second factor as after a password.
 *
 * <pre>{@code
 * PasskeyCreationOptions options =
 *     gatehouse.passkeys().beginRegistration(caller, Reauthentication.recentSignIn(), client);
 * // navigator.credentials.create({publicKey: options}) in the browser, then:
 * Passkey passkey = gatehouse.passkeys().finishRegistration(caller, credentialJson, "Laptop", client);
 * // later, signing in without a password:
 * PasskeyRequestOptions request = gatehouse.passkeys().beginSignIn();
 * SignInResult signIn = gatehouse.passkeys().finishSignIn(assertionJson, client);
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
   * @throws dev.gatehouse.core.error.ConfigurationException when passkeys are not configured
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
   * @throws dev.gatehouse.core.session.NotFoundException when the caller has no such passkey
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
   * @throws dev.gatehouse.core.session.NotFoundException when the caller has no such passkey
   */
  void remove(
      VerifiedAccessToken caller, long passkeyId, Reauthentication proof, ClientInfo client);

  /**
   * Starts a passwordless sign-in with a discoverable credential: the options name no account
   * ({@code allowCredentials} is empty), so they reveal nothing about who has passkeys.
   *
   * @return the options for {@code navigator.credentials.get()}
   * @throws dev.gatehouse.core.error.ConfigurationException when passkeys are not configured
   */
  PasskeyRequestOptions beginSignIn();

  /**
   * {@link #beginSignIn()} for a caller whose IP is known: each call stores a challenge, so at most
   * {@code gatehouse.throttle.passkey-options.per-ip-hourly} per client network (an IPv4 address,
   * an IPv6 /64) per hour are answered.
   *
   * @param client the caller, or {@code null} when unknown (no per-network limit)
   * @return the options for {@code navigator.credentials.get()}
   * @throws dev.gatehouse.core.error.ConfigurationException when passkeys are not configured
   * @throws dev.gatehouse.core.error.RateLimitedException {@code rate_limited} when the client's
   *     network is over its hourly limit
   */
  PasskeyRequestOptions beginSignIn(@Nullable ClientInfo client);

  /**
   * Finishes a passwordless sign-in: verifies the assertion against an open sign-in challenge and
   * the passkey it names, then starts the session through the session starter (which answers a
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
}
