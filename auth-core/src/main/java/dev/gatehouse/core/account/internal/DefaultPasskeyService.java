package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.PasskeyService;
import dev.gatehouse.core.account.PasskeyService.Passkey;
import dev.gatehouse.core.account.PasskeyService.PasskeyCreationOptions;
import dev.gatehouse.core.account.PasskeyService.PasskeyRequestOptions;
import dev.gatehouse.core.account.Reauthentication;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.passkey.PasskeyVerifier;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The {@link PasskeyService} the facade builds. Internal: not API. */
public final class DefaultPasskeyService implements PasskeyService {
  private static final int MAX_NAME = 100;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final SecurityEvents events;
  private final GatehouseObserver observer;
  private final SignInPipeline pipeline;
  private final PasskeyCeremony ceremony;
  private final RecentAuth recentAuth;

  /** Built by the facade's wiring. */
  public DefaultPasskeyService(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      SecurityEvents events,
      GatehouseObserver observer,
      SignInPipeline pipeline,
      PasskeyCeremony ceremony,
      RecentAuth recentAuth) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.events = events;
    this.observer = observer;
    this.pipeline = pipeline;
    this.ceremony = ceremony;
    this.recentAuth = recentAuth;
  }

  @Override
  public PasskeyCreationOptions beginRegistration(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UserRecord u = p.user();
    Instant now = clock.instant();
    record Begun(String challenge, String handle, List<PasskeyRecord> existing) {}
    Begun begun =
        store.inTransaction(
            tx -> {
              recentAuth.settle(tx, p);
              List<PasskeyRecord> existing = tx.passkeys().listFor(u.publicId());
              String handle =
                  existing.isEmpty() ? PasskeyCeremony.random256() : existing.get(0).userHandle();
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
        ceremony.verifier().algorithms(),
        begun.existing().stream().map(PasskeyCeremony::descriptor).toList(),
        "required",
        rp.userVerification().webAuthnValue(),
        "none",
        ceremony.timeoutMillis(),
        ceremony.expiresAt(now));
  }

  @Override
  public Passkey finishRegistration(
      VerifiedAccessToken caller, String credentialJson, @Nullable String name, ClientInfo client) {
    requireNonNull(caller, "caller");
    String passkeyName = name(name == null ? "Passkey" : name);
    Instant now = clock.instant();
    UserRecord u = recentAuth.liveCaller(caller, now);
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    PasskeyCeremony.Registration r = ceremony.parseRegistration(credentialJson);
    ActionToken token =
        store
            .inTransaction(
                tx ->
                    tx.actionTokens().findUsable(PasskeyCeremony.REGISTER, r.challengeHash(), now))
            .filter(t -> t.userId().equals(u.publicId()))
            .orElseThrow(PasskeyCeremony::invalidChallenge);
    PasskeyRecord fresh =
        ceremony.verifyRegistration(r, rp, u.publicId(), token.binding(), passkeyName, now);
    PasskeyRecord saved =
        store.inTransaction(
            tx -> {
              if (!tx.actionTokens().consume(PasskeyCeremony.REGISTER, r.challengeHash(), now)) {
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
    events.publish(
        new AuthEvent.PasskeyRegistered(
            now, u.publicId(), saved.id(), ClientInfo.originOf(config, client)));
    return view(saved);
  }

  @Override
  public List<Passkey> list(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    Instant now = clock.instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    return store.inTransaction(tx -> tx.passkeys().listFor(user)).stream()
        .map(DefaultPasskeyService::view)
        .toList();
  }

  @Override
  public Passkey rename(VerifiedAccessToken caller, long passkeyId, String name) {
    requireNonNull(caller, "caller");
    String newName = name(name);
    Instant now = clock.instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    return store.inTransaction(
        tx -> {
          if (!tx.passkeys().rename(user, passkeyId, newName)) {
            throw notFound();
          }
          return tx.passkeys().listFor(user).stream()
              .filter(p -> p.id() == passkeyId)
              .findFirst()
              .map(DefaultPasskeyService::view)
              .orElseThrow(DefaultPasskeyService::notFound);
        });
  }

  @Override
  public void remove(
      VerifiedAccessToken caller, long passkeyId, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UUID user = p.user().publicId();
    Instant now = clock.instant();
    store.inTransaction(
        tx -> {
          if (!tx.passkeys().delete(user, passkeyId)) {
            throw notFound();
          }
          recentAuth.settle(tx, p);
          return null;
        });
    events.publish(
        new AuthEvent.PasskeyRemoved(now, user, passkeyId, ClientInfo.originOf(config, client)));
  }

  @Override
  public PasskeyRequestOptions beginSignIn() {
    return beginSignIn(null);
  }

  @Override
  public PasskeyRequestOptions beginSignIn(@Nullable ClientInfo client) {
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    Instant now = clock.instant();
    String ip = client == null ? null : client.ipAddress();
    // The count and the challenge in one transaction; a refusal commits its count, then throws.
    SignInOptions issued =
        store.inTransaction(
            tx -> {
              Optional<Duration> over =
                  NetworkLimits.count(
                      config, secrets, tx, Counters.NETWORK_PASSKEY_OPTIONS, ip, now);
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

  @Override
  public SignInResult finishSignIn(String credentialJson, ClientInfo client) {
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("webauthn", false, "none"),
        SignInPipeline::outcomeOf,
        () -> finishSignInObserved(credentialJson, client));
  }

  private SignInResult finishSignInObserved(String credentialJson, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(config, who);
    Instant now = clock.instant();
    PasskeyCeremony.Assertion a = ceremony.parseAssertion(credentialJson, origin);
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
                  return new Refused(PasskeyCeremony.unknownPasskey(), user);
                }
                try {
                  ceremony.spend(tx, a, PasskeyCeremony.SIGN_IN, v, at);
                } catch (RejectedInputException e) {
                  // Nothing was spent (another finish got there first): the refusal names the
                  // account, and the commit changes nothing.
                  return new Refused(e, user);
                }
                return new Proven(u, amr, false, false);
              }

              @Override
              public AuthException inactiveAccount(UserRecord u) {
                return PasskeyCeremony.unknownPasskey();
              }
            },
            who);
    events.publish(new AuthEvent.PasskeyUsed(now, user, v.passkey().id(), "sign_in", origin));
    return result;
  }

  @Override
  public PasskeyRequestOptions beginSecondFactor(String mfaChallenge) {
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    Instant now = clock.instant();
    String mfaHash = mfaHash(mfaChallenge);
    record Begun(String challenge, List<PasskeyRecord> passkeys) {}
    Begun begun =
        store.inTransaction(
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
                  ceremony.issue(tx, PasskeyCeremony.MFA, login.userId(), mfaHash, now), passkeys);
            });
    return ceremony.requestOptions(begun.challenge(), rp, begun.passkeys(), now);
  }

  @Override
  public SignInResult.SignedIn completeLogin(
      String mfaChallenge, String credentialJson, ClientInfo client) {
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("webauthn", true, "none"),
        r -> "success",
        () -> completeLoginObserved(mfaChallenge, credentialJson, client));
  }

  private SignInResult.SignedIn completeLoginObserved(
      String mfaChallenge, String credentialJson, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(config, who);
    Instant now = clock.instant();
    String mfaHash;
    ActionToken login;
    try {
      mfaHash = mfaHash(mfaChallenge);
      login =
          store
              .inTransaction(
                  tx -> tx.actionTokens().findUsable(SecondFactorChallenges.PURPOSE, mfaHash, now))
              .orElseThrow(PasskeyCeremony::invalidChallenge);
      refusePasskeyAfterPasskey(login);
    } catch (RejectedInputException e) {
      // No login is named yet: the challenge is unknown, or its first factor was a passkey.
      throw events.signInRefused(PasskeyCeremony.AMR, null, e, origin);
    }
    UUID user = login.userId();
    PasskeyCeremony.Assertion a = ceremony.parseAssertion(credentialJson, origin);
    PasskeyCeremony.Verified v =
        ceremony.verifyAssertion(a, PasskeyCeremony.MFA, user, mfaHash, origin, now);
    List<String> amr = new ArrayList<>(Arrays.asList(login.binding().split(" ")));
    amr.add(PasskeyCeremony.AMR);
    amr.add(SessionStarter.AMR_MFA);
    SignInResult.SignedIn signedIn;
    try {
      signedIn =
          store.inTransaction(
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
    } catch (RejectedInputException e) {
      // Rolled back: kept in a transaction of its own, as a failed password is.
      throw events.signInRefused(PasskeyCeremony.AMR, user, e, origin);
    }
    events.publish(new AuthEvent.PasskeyUsed(now, user, v.passkey().id(), "mfa", origin));
    return signedIn;
  }

  @Override
  public PasskeyRequestOptions beginStepUp(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    Instant now = clock.instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    record Begun(String challenge, List<PasskeyRecord> passkeys) {}
    Begun begun =
        store.inTransaction(
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
    return SecondFactorChallenges.hash(secrets, mfaChallenge);
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

  private static dev.gatehouse.core.error.AuthException.NotFoundException notFound() {
    return new dev.gatehouse.core.error.AuthException.NotFoundException(
        ErrorCode.PASSKEY_NOT_FOUND);
  }

  private static RejectedInputException alreadyRegistered() {
    return new RejectedInputException(
        ErrorCode.PASSKEY_ALREADY_REGISTERED, "this passkey is registered already");
  }

  /** A sign-in challenge, or how long until the client's network may ask again. */
  private record SignInOptions(Duration retryAfter, String challenge) {}
}
