package dev.gatehouse.passkeys;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PasskeyService} {@link WebAuthn4jPasskeys} adds, on the core's sign-in context alone:
 * the sign-in through {@link ModuleSignIns#signIn}, the second step through {@link
 * ModuleSignIns#completeSecondStep}, recent authentication through {@link
 * ModuleAccounts#reauthenticated}, and a passkey as a proof of it through the {@link
 * Reauthentication.Check} it registers.
 */
final class DefaultPasskeyService implements PasskeyService {
  private static final int MAX_NAME = 100;

  /** How {@code PasskeyUsed} names a step-up. */
  private static final String STEP_UP = "step_up";

  private final SignInContext context;
  private final SecretHasher secrets;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final ModuleLimits limits;
  private final ModuleSignIns signIns;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final PasskeyCeremony ceremony;

  /**
   * @param context the core's sign-in context
   * @param verifier what reads and verifies the WebAuthn responses
   */
  DefaultPasskeyService(SignInContext context, PasskeyVerifier verifier) {
    this.context = context;
    this.secrets = context.capability(SecretHasher.class);
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.limits = this.context.capability(ModuleLimits.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.config = context.config();
    this.clock = context.clock();
    this.store = context.store();
    this.ceremony = new PasskeyCeremony(context, verifier);
    context.hook(new StepUpCheck());
  }

  @Override
  public PasskeyCreationOptions beginRegistration(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    Instant now = clock.instant();
    record Begun(UserRecord u, String challenge, String handle, List<PasskeyRecord> existing) {}
    Begun begun =
        accounts.reauthenticated(
            caller,
            proof,
            client,
            (tx, u) -> {
              List<PasskeyRecord> existing = tx.passkeys().listFor(u.publicId());
              String handle =
                  existing.isEmpty() ? PasskeyCeremony.random256() : existing.get(0).userHandle();
              // The binding carries the user handle the credential will be created with.
              String challenge =
                  ceremony.issue(tx, PasskeyCeremony.REGISTER, u.publicId(), handle, now);
              return new Begun(u, challenge, handle, existing);
            });
    String label = label(begun.u());
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
    UserRecord u = accounts.caller(caller);
    Instant now = clock.instant();
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
              PasskeyRecord created;
              try {
                created = tx.passkeys().create(fresh);
              } catch (DuplicateKeyException e) {
                throw alreadyRegistered();
              }
              audit.publish(
                  tx,
                  new PasskeyService.PasskeyRegistered(
                      now, u.publicId(), created.id(), ClientInfo.originOf(config, client)));
              return created;
            });
    return view(saved);
  }

  @Override
  public List<Passkey> list(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    UUID user = accounts.caller(caller).publicId();
    return store.inTransaction(tx -> tx.passkeys().listFor(user)).stream()
        .map(DefaultPasskeyService::view)
        .toList();
  }

  @Override
  public Passkey rename(VerifiedAccessToken caller, long passkeyId, String name) {
    requireNonNull(caller, "caller");
    String newName = name(name);
    UUID user = accounts.caller(caller).publicId();
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
    Instant now = clock.instant();
    accounts.reauthenticated(
        caller,
        proof,
        client,
        (tx, u) -> {
          if (!tx.passkeys().delete(u.publicId(), passkeyId)) {
            throw notFound();
          }
          audit.publish(
              tx,
              new PasskeyService.PasskeyRemoved(
                  now, u.publicId(), passkeyId, ClientInfo.originOf(config, client)));
          return null;
        });
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
                  limits.countNetwork(tx, PasskeyCounters.NETWORK_PASSKEY_OPTIONS, ip, now);
              return over.isPresent()
                  ? new SignInOptions(over.get(), null)
                  : new SignInOptions(
                      null,
                      ceremony.issue(
                          tx, PasskeyCeremony.SIGN_IN, PasskeyCeremony.NOBODY, null, now));
            });
    if (issued.retryAfter() != null) {
      throw new RateLimitedException(
          ErrorCode.RATE_LIMITED,
          "too many requests from this network; try again later",
          issued.retryAfter());
    }
    String challenge = issued.challenge();
    return ceremony.requestOptions(challenge, rp, List.of(), now);
  }

  @Override
  public SignInResult finishSignIn(String credentialJson, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    Instant now = clock.instant();
    PasskeyCeremony.Assertion a = ceremony.parseAssertion(credentialJson, who);
    PasskeyCeremony.Verified v =
        ceremony.verifyAssertion(a, PasskeyCeremony.SIGN_IN, null, null, who, now);
    UUID user = v.passkey().ownerPublicId();
    List<String> amr = new ArrayList<>(List.of(PasskeyCeremony.AMR));
    if (v.userVerified()) {
      amr.add(SessionStarter.AMR_MFA);
    }
    SignInResult result =
        signIns.signIn(
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
    used(v, "sign_in", who, now);
    return result;
  }

  @Override
  public PasskeyRequestOptions beginSecondFactor(String mfaChallenge) {
    ModuleSignIns.SecondStep step = secondStep(mfaChallenge);
    return requestOptions(
        step.account(), PasskeyCeremony.MFA, binding(step), PasskeyCeremony::invalidChallenge);
  }

  @Override
  public SignInResult.SignedIn completeLogin(
      String mfaChallenge, String credentialJson, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    Instant now = clock.instant();
    ModuleSignIns.SecondStep step;
    try {
      step = secondStep(mfaChallenge);
    } catch (RejectedInputException e) {
      // No login is named yet: the challenge is unknown, or its first factor was a passkey.
      throw audit.refused(PasskeyCeremony.AMR, null, e, who);
    }
    UUID user = step.account();
    PasskeyCeremony.Assertion a = ceremony.parseAssertion(credentialJson, who);
    PasskeyCeremony.Verified v =
        ceremony.verifyAssertion(a, PasskeyCeremony.MFA, user, binding(step), who, now);
    SignInResult.SignedIn signedIn =
        signIns.completeSecondStep(
            step,
            PasskeyCeremony.AMR,
            (tx, u) -> ceremony.spend(tx, a, PasskeyCeremony.MFA, v, now),
            who);
    used(v, "mfa", who, now);
    return signedIn;
  }

  @Override
  public PasskeyRequestOptions beginStepUp(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    UUID user = accounts.caller(caller).publicId();
    return requestOptions(
        user,
        PasskeyCeremony.STEP_UP,
        null,
        () -> new RejectedInputException(PasskeyErrors.NO_PASSKEY, "the account has no passkey"));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * The login's pending second step, when a passkey may answer it: a login whose first factor was a
   * passkey does not take a passkey as its second factor.
   */
  private ModuleSignIns.SecondStep secondStep(String mfaChallenge) {
    ModuleSignIns.SecondStep step =
        signIns.secondStep(mfaChallenge).orElseThrow(PasskeyCeremony::invalidChallenge);
    if (step.amr().contains(PasskeyCeremony.AMR)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CHALLENGE,
          "the login's first factor was a passkey; answer it with another second factor");
    }
    return step;
  }

  /** What binds a passkey challenge to the login's challenge: its keyed hash. */
  private String binding(ModuleSignIns.SecondStep step) {
    return secrets.hash("passkey-mfa-binding", step.challenge());
  }

  /**
   * Issues a challenge only the user's passkeys may answer and answers its options, which list
   * them; refuses with {@code none} when the user has none.
   */
  private PasskeyRequestOptions requestOptions(
      UUID user, String purpose, @Nullable String binding, Supplier<RejectedInputException> none) {
    PasskeyVerifier.RelyingParty rp = ceremony.relyingParty();
    Instant now = clock.instant();
    record Begun(String challenge, List<PasskeyRecord> passkeys) {}
    Begun begun =
        store.inTransaction(
            tx -> {
              List<PasskeyRecord> passkeys = tx.passkeys().listFor(user);
              if (passkeys.isEmpty()) {
                throw none.get();
              }
              return new Begun(ceremony.issue(tx, purpose, user, binding, now), passkeys);
            });
    return ceremony.requestOptions(begun.challenge(), rp, begun.passkeys(), now);
  }

  /** Reports a passkey's accepted use ({@code sign_in}, {@code mfa}, {@code step_up}). */
  private void used(PasskeyCeremony.Verified v, String purpose, ClientInfo client, Instant now) {
    PasskeyRecord p = v.passkey();
    ceremony.publish(
        new PasskeyService.PasskeyUsed(
            now, p.ownerPublicId(), p.id(), purpose, ClientInfo.originOf(config, client)));
  }

  /** A passkey as the proof of recent authentication ({@link Reauthentication#passkey}). */
  private final class StepUpCheck implements Reauthentication.Check {
    @Override
    public Reauthentication.Kind kind() {
      return Reauthentication.Kind.PASSKEY;
    }

    @Override
    public String method() {
      return ReauthenticationRequiredException.METHOD_PASSKEY;
    }

    @Override
    public boolean offers(StoreTransaction tx, UUID account) {
      return !tx.passkeys().listFor(account).isEmpty();
    }

    @Override
    public void check(UserRecord account, String secret, @Nullable ClientInfo client) {
      Instant now = clock.instant();
      UUID user = account.publicId();
      PasskeyCeremony.Assertion a = ceremony.parseAssertion(secret, client);
      PasskeyCeremony.Verified v =
          ceremony.verifyAssertion(a, PasskeyCeremony.STEP_UP, user, null, client, now);
      // Spent at once, in a transaction of its own, as a TOTP code is.
      store.inTransaction(
          tx -> {
            ceremony.spend(tx, a, PasskeyCeremony.STEP_UP, v, now);
            return null;
          });
      used(v, STEP_UP, client, now);
    }
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

  private static AuthException.NotFoundException notFound() {
    return new AuthException.NotFoundException(PasskeyErrors.PASSKEY_NOT_FOUND);
  }

  private static RejectedInputException alreadyRegistered() {
    return new RejectedInputException(
        PasskeyErrors.PASSKEY_ALREADY_REGISTERED, "this passkey is registered already");
  }

  /** A sign-in challenge, or how long until the client's network may ask again. */
  private record SignInOptions(Duration retryAfter, String challenge) {}
}
