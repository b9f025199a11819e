package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.RequestOrigin;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.observe.ObservedOperation;
import dev.gatehouse.core.passkey.Passkey;
import dev.gatehouse.core.passkey.PasskeyCreationOptions;
import dev.gatehouse.core.passkey.PasskeyRequestOptions;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.CredentialCheck;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.PasskeyRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.VerifiedAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
public final class PasskeyService {
  static {
    ServiceAccess.register(
        PasskeyService.class,
        (ctx, sessions) -> new PasskeyService(ctx, (SessionStarter) sessions));
  }

  private static final int MAX_NAME = 100;

  private final GatehouseContext ctx;
  private final SignInPipeline pipeline;
  private final PasskeyCeremony ceremony;
  private final RecentAuth recentAuth;

  /**
   * Built by {@code Gatehouse} through {@link ServiceAccess}.
   *
   * @param ctx the shared wiring (internal)
   * @param sessions starts the session a sign-in gets
   */
  PasskeyService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.pipeline = new SignInPipeline(ctx, requireNonNull(sessions, "sessions"));
    this.ceremony = new PasskeyCeremony(ctx);
    LoginThrottle throttle = new LoginThrottle(ctx);
    this.recentAuth =
        new RecentAuth(ctx, new Credentials(ctx, throttle, sessions), new AccountCodes(ctx));
  }

  // ---- registration ------------------------------------------------------------------------

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
  public PasskeyCreationOptions beginRegistration(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    PasskeyCeremony.RelyingParty rp = ceremony.relyingParty();
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UserRecord u = p.user();
    Instant now = ctx.clock().instant();
    record Begun(String challenge, String handle, List<PasskeyRecord> existing) {}
    Begun begun =
        ctx.store()
            .inTransaction(
                tx -> {
                  recentAuth.settle(tx, p);
                  List<PasskeyRecord> existing = tx.passkeys().listFor(u.publicId());
                  String handle =
                      existing.isEmpty()
                          ? PasskeyCeremony.b64(PasskeyCeremony.randomHandle())
                          : existing.get(0).userHandle();
                  // The binding carries the user handle the credential will be created with.
                  String challenge =
                      ceremony.issue(tx, PasskeyCeremony.REGISTER, u.publicId(), handle, now);
                  return new Begun(challenge, handle, existing);
                });
    String label = label(u);
    return new PasskeyCreationOptions(
        begun.challenge(),
        rp.id(),
        rp.name(),
        begun.handle(),
        label,
        label,
        PasskeyCeremony.ALGORITHMS.stream().map(a -> (int) a.getValue()).toList(),
        begun.existing().stream().map(PasskeyCeremony::descriptor).toList(),
        "required",
        rp.uv().webAuthnValue(),
        "none",
        ceremony.timeoutMillis(),
        ceremony.expiresAt(now));
  }

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
  public Passkey finishRegistration(
      VerifiedAccessToken caller, String credentialJson, @Nullable String name, ClientInfo client) {
    requireNonNull(caller, "caller");
    String passkeyName = name(name == null ? "Passkey" : name);
    Instant now = ctx.clock().instant();
    UserRecord u = recentAuth.liveCaller(caller, now);
    PasskeyCeremony.RelyingParty rp = ceremony.relyingParty();
    PasskeyCeremony.Registration r = ceremony.parseRegistration(credentialJson);
    ActionToken token =
        ctx.store()
            .inTransaction(
                tx ->
                    tx.actionTokens().findUsable(PasskeyCeremony.REGISTER, r.challengeHash(), now))
            .filter(t -> t.userId().equals(u.publicId()))
            .orElseThrow(PasskeyCeremony::invalidChallenge);
    PasskeyRecord fresh =
        ceremony.verifyRegistration(r, rp, u.publicId(), token.binding(), passkeyName, now);
    PasskeyRecord saved =
        ctx.store()
            .inTransaction(
                tx -> {
                  if (!tx.actionTokens()
                      .consume(PasskeyCeremony.REGISTER, r.challengeHash(), now)) {
                    throw PasskeyCeremony.invalidChallenge();
                  }
                  if (tx.passkeys().find(fresh.credentialId()).isPresent()) {
                    throw alreadyRegistered();
                  }
                  try {
                    return tx.passkeys().create(fresh);
                  } catch (DuplicateKeyException e) {
                    throw alreadyRegistered();
                  }
                });
    ctx.events()
        .publish(
            new AuthEvent.PasskeyRegistered(
                now, u.publicId(), saved.id(), ClientInfo.originOf(ctx.config(), client)));
    return view(saved);
  }

  // ---- the user's passkeys -----------------------------------------------------------------

  /**
   * The signed-in caller's passkeys, oldest first.
   *
   * @param caller the verified access token of the signed-in user
   * @return the passkeys
   */
  public List<Passkey> list(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    Instant now = ctx.clock().instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    return ctx.store().inTransaction(tx -> tx.passkeys().listFor(user)).stream()
        .map(PasskeyService::view)
        .toList();
  }

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
  public Passkey rename(VerifiedAccessToken caller, long passkeyId, String name) {
    requireNonNull(caller, "caller");
    String newName = name(name);
    Instant now = ctx.clock().instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    return ctx.store()
        .inTransaction(
            tx -> {
              if (!tx.passkeys().rename(user, passkeyId, newName)) {
                throw notFound();
              }
              return tx.passkeys().listFor(user).stream()
                  .filter(p -> p.id() == passkeyId)
                  .findFirst()
                  .map(PasskeyService::view)
                  .orElseThrow(PasskeyService::notFound);
            });
  }

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
  public void remove(
      VerifiedAccessToken caller, long passkeyId, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UUID user = p.user().publicId();
    Instant now = ctx.clock().instant();
    ctx.store()
        .inTransaction(
            tx -> {
              if (!tx.passkeys().delete(user, passkeyId)) {
                throw notFound();
              }
              recentAuth.settle(tx, p);
              return null;
            });
    ctx.events()
        .publish(
            new AuthEvent.PasskeyRemoved(
                now, user, passkeyId, ClientInfo.originOf(ctx.config(), client)));
  }

  // ---- sign-in -----------------------------------------------------------------------------

  /**
   * Starts a passwordless sign-in with a discoverable credential: the options name no account
   * ({@code allowCredentials} is empty), so they reveal nothing about who has passkeys.
   *
   * @return the options for {@code navigator.credentials.get()}
   * @throws dev.gatehouse.core.error.ConfigurationException when passkeys are not configured
   */
  public PasskeyRequestOptions beginSignIn() {
    return beginSignIn(null);
  }

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
  public PasskeyRequestOptions beginSignIn(@Nullable ClientInfo client) {
    PasskeyCeremony.RelyingParty rp = ceremony.relyingParty();
    Instant now = ctx.clock().instant();
    String ip = client == null ? null : client.ipAddress();
    // The count and the challenge in one transaction; a refusal commits its count, then throws.
    SignInOptions issued =
        ctx.store()
            .inTransaction(
                tx -> {
                  Optional<Duration> over =
                      NetworkLimits.count(ctx, tx, NetworkLimits.Limit.PASSKEY_OPTIONS, ip, now);
                  return over.isPresent()
                      ? new SignInOptions(over.get(), null)
                      : new SignInOptions(
                          null,
                          ceremony.issue(
                              tx, PasskeyCeremony.SIGN_IN, PasskeyCeremony.NOBODY, null, now));
                });
    if (issued.retryAfter() != null) {
      throw NetworkLimits.refusal(issued.retryAfter());
    }
    String challenge = issued.challenge();
    return ceremony.requestOptions(challenge, rp, List.of(), now);
  }

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
  public SignInResult finishSignIn(String credentialJson, ClientInfo client) {
    return ObservedOperation.run(
        ctx.observer(),
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("webauthn", false, "none"),
        SignInPipeline::outcomeOf,
        () -> finishSignInObserved(credentialJson, client));
  }

  private SignInResult finishSignInObserved(String credentialJson, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(ctx.config(), who);
    Instant now = ctx.clock().instant();
    PasskeyCeremony.Assertion a = ceremony.parseAssertion(credentialJson);
    PasskeyCeremony.Verified v =
        ceremony.verifyAssertion(a, PasskeyCeremony.SIGN_IN, null, null, origin, now);
    UUID user = v.passkey().ownerPublicId();
    List<String> amr = new ArrayList<>(List.of(PasskeyCeremony.AMR));
    if (v.userVerified()) {
      amr.add(SessionStarter.AMR_MFA);
    }
    SignInResult result =
        pipeline.run(
            new CredentialCheck() {
              @Override
              public String method() {
                return PasskeyCeremony.AMR;
              }

              @Override
              public Proof check(StoreTransaction tx, Instant at) {
                UserRecord u = tx.users().findByPublicId(user).orElse(null);
                if (u == null || u.deleted() || !u.active()) {
                  throw PasskeyCeremony.unknownPasskey();
                }
                ceremony.spend(tx, a, PasskeyCeremony.SIGN_IN, v, at);
                return new Proven(u, amr, false, false);
              }

              @Override
              public AuthException inactiveAccount(UserRecord u) {
                return PasskeyCeremony.unknownPasskey();
              }
            },
            who);
    ctx.events().publish(new AuthEvent.PasskeyUsed(now, user, v.passkey().id(), "sign_in", origin));
    return result;
  }

  // ---- second factor -----------------------------------------------------------------------

  /**
   * Starts answering a login's {@code mfa_required} challenge with a passkey: the options list the
   * account's passkeys (the first factor already named the account).
   *
   * @param mfaChallenge the token of the challenge the login answered
   * @return the options for {@code navigator.credentials.get()}
   * @throws RejectedInputException {@code invalid_challenge} when the login challenge is unknown,
   *     used or expired, or its first factor was a passkey (one passkey never counts twice)
   */
  public PasskeyRequestOptions beginSecondFactor(String mfaChallenge) {
    PasskeyCeremony.RelyingParty rp = ceremony.relyingParty();
    Instant now = ctx.clock().instant();
    String mfaHash = mfaHash(mfaChallenge);
    record Begun(String challenge, List<PasskeyRecord> passkeys) {}
    Begun begun =
        ctx.store()
            .inTransaction(
                tx -> {
                  ActionToken login =
                      tx.actionTokens()
                          .findUsable(SecondFactorChallenges.PURPOSE, mfaHash, now)
                          .orElseThrow(PasskeyCeremony::invalidChallenge);
                  refusePasskeyAfterPasskey(login);
                  List<PasskeyRecord> passkeys = tx.passkeys().listFor(login.userId());
                  if (passkeys.isEmpty()) {
                    throw PasskeyCeremony.invalidChallenge();
                  }
                  return new Begun(
                      ceremony.issue(tx, PasskeyCeremony.MFA, login.userId(), mfaHash, now),
                      passkeys);
                });
    return ceremony.requestOptions(begun.challenge(), rp, begun.passkeys(), now);
  }

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
  public SignInResult.SignedIn completeLogin(
      String mfaChallenge, String credentialJson, ClientInfo client) {
    return ObservedOperation.run(
        ctx.observer(),
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("webauthn", true, "none"),
        r -> "success",
        () -> completeLoginObserved(mfaChallenge, credentialJson, client));
  }

  private SignInResult.SignedIn completeLoginObserved(
      String mfaChallenge, String credentialJson, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(ctx.config(), who);
    Instant now = ctx.clock().instant();
    String mfaHash = mfaHash(mfaChallenge);
    ActionToken login =
        ctx.store()
            .inTransaction(
                tx -> tx.actionTokens().findUsable(SecondFactorChallenges.PURPOSE, mfaHash, now))
            .orElseThrow(PasskeyCeremony::invalidChallenge);
    refusePasskeyAfterPasskey(login);
    UUID user = login.userId();
    PasskeyCeremony.Assertion a = ceremony.parseAssertion(credentialJson);
    PasskeyCeremony.Verified v =
        ceremony.verifyAssertion(a, PasskeyCeremony.MFA, user, mfaHash, origin, now);
    List<String> amr = new ArrayList<>(Arrays.asList(login.binding().split(" ")));
    amr.add(PasskeyCeremony.AMR);
    amr.add(SessionStarter.AMR_MFA);
    SignInResult.SignedIn signedIn =
        ctx.store()
            .inTransaction(
                tx -> {
                  UserRecord u = tx.users().findByPublicId(user).orElse(null);
                  if (u == null || u.deleted() || !u.active()) {
                    throw PasskeyCeremony.invalidChallenge();
                  }
                  ceremony.spend(tx, a, PasskeyCeremony.MFA, v, now);
                  if (!tx.actionTokens().consume(SecondFactorChallenges.PURPOSE, mfaHash, now)) {
                    throw PasskeyCeremony.invalidChallenge();
                  }
                  tx.users().recordLogin(user, now);
                  return pipeline.complete(
                      tx, u, List.copyOf(amr), PasskeyCeremony.AMR, who, now, false, List.of());
                });
    ctx.events().publish(new AuthEvent.PasskeyUsed(now, user, v.passkey().id(), "mfa", origin));
    return signedIn;
  }

  // ---- step-up -----------------------------------------------------------------------------

  /**
   * Starts a step-up with a passkey for the signed-in caller; the response goes to the guarded
   * operation as {@link Reauthentication#passkey(String)}.
   *
   * @param caller the verified access token of the signed-in user
   * @return the options for {@code navigator.credentials.get()}, listing the caller's passkeys
   * @throws RejectedInputException {@code no_passkey} when the caller has none
   */
  public PasskeyRequestOptions beginStepUp(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    PasskeyCeremony.RelyingParty rp = ceremony.relyingParty();
    Instant now = ctx.clock().instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    record Begun(String challenge, List<PasskeyRecord> passkeys) {}
    Begun begun =
        ctx.store()
            .inTransaction(
                tx -> {
                  List<PasskeyRecord> passkeys = tx.passkeys().listFor(user);
                  if (passkeys.isEmpty()) {
                    throw new RejectedInputException(
                        ErrorCode.NO_PASSKEY, "the account has no passkey");
                  }
                  return new Begun(
                      ceremony.issue(tx, PasskeyCeremony.STEP_UP, user, null, now), passkeys);
                });
    return ceremony.requestOptions(begun.challenge(), rp, begun.passkeys(), now);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A login whose first factor was a passkey does not take a passkey as its second factor. */
  private static void refusePasskeyAfterPasskey(ActionToken login) {
    if (login.binding() != null
        && Arrays.asList(login.binding().split(" ")).contains(PasskeyCeremony.AMR)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CHALLENGE,
          "the login's first factor was a passkey; answer it with another second factor");
    }
  }

  private String mfaHash(String mfaChallenge) {
    if (mfaChallenge == null || mfaChallenge.isEmpty() || mfaChallenge.length() > 128) {
      throw PasskeyCeremony.invalidChallenge();
    }
    return SecondFactorChallenges.hash(ctx, mfaChallenge);
  }

  static Passkey view(PasskeyRecord p) {
    return new Passkey(
        p.id(),
        p.name(),
        p.credentialId(),
        PasskeyCeremony.transports(p.transports()),
        p.aaguid(),
        p.backupEligible(),
        p.backedUp(),
        p.createdAt(),
        p.lastUsedAt());
  }

  private static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_NAME, "a passkey name is 1 to " + MAX_NAME + " printable characters");
    }
    return n;
  }

  private static String label(UserRecord u) {
    if (u.email() != null) {
      return u.email();
    }
    if (u.username() != null) {
      return u.username();
    }
    return u.phone() != null ? u.phone() : u.publicId().toString();
  }

  private static dev.gatehouse.core.session.NotFoundException notFound() {
    return new dev.gatehouse.core.session.NotFoundException(ErrorCode.PASSKEY_NOT_FOUND);
  }

  private static RejectedInputException alreadyRegistered() {
    return new RejectedInputException(
        ErrorCode.PASSKEY_ALREADY_REGISTERED, "this passkey is registered already");
  }

  /** A sign-in challenge, or how long until the client's network may ask again. */
  private record SignInOptions(Duration retryAfter, String challenge) {}
}
