package dev.gatehouse.core.session;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.AccountChangeListener;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.signin.DeferredMail;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the core gives a sign-in method that lives in a module of its own: the one sign-in path, the
 * counter catalogue, the outbox for mails, the audit trail and events, the account factory and the
 * keyed hashes, each the same instance the core's own methods use. A module receives it once, when
 * the {@code Gatehouse} it was installed into is built ({@link
 * dev.gatehouse.core.Gatehouse.Builder#feature}), and builds its service from it; it never reaches
 * the core's internals. Thread-safe.
 *
 * <pre>{@code
 * builder.feature(MagicLinkService.class, context -> new DefaultMagicLinkService(context));
 * ...
 * SignInResult result = context.signIn(new LinkCheck(...), client);
 * }</pre>
 *
 * <p>What a method writes, it writes in the transaction it is given: the sign-in's (through {@link
 * #signIn}) or the one it opens on {@link #store()}, which joins the host's transaction when one is
 * open. Mails go into the outbox in that transaction and are sent after its commit.
 */
public interface SignInContext extends ModuleSessions {
  /** {@return the configuration} */
  GatehouseConfig config();

  /**
   * {@return how a module's refusal at build time words the fix for a missing part: the builder's
   * {@code setupAdvice}, {@link SetupAdvice#builderCalls()} unless the host (the starter) set one}
   */
  default SetupAdvice setupAdvice() {
    return SetupAdvice.builderCalls();
  }

  /** {@return the host's {@code Gatehouse.Builder#legacyAccounts}: a legacy token's account} */
  default Optional<LegacyAccountResolver> legacyAccounts() {
    return Optional.empty();
  }

  /** {@return the clock every flow reads} */
  Clock clock();

  /** {@return the store, whose transactions join the host's when one is open} */
  AuthStore store();

  /**
   * {@return the store for reads that may be stale: the builder's {@code staleReads} store (a
   * replica's) when the host set one, else {@link #store()}} For counts and reports only: what
   * decides a credential, and every write, goes through {@link #store()}.
   */
  default AuthStore staleReads() {
    return store();
  }

  /** {@return the keyed hashes of the application secret (codes, tokens, counter keys)} */
  SecretHasher secrets();

  /**
   * {@return what seals what a method hands out and must read back (a link's token): the newest
   * secret seals, every previous one still opens, a purpose and context of the method's own bind
   * each value}
   */
  Sealer sealer();

  /**
   * Creates an account as the core's own sign-ups do: the configured id scheme, the default
   * profile, the host's entity.
   *
   * @param tx the flow's transaction
   * @param account the new account ({@code UserRecord.newAccount})
   * @return the account as stored
   */
  UserRecord createAccount(StoreTransaction tx, UserRecord account);

  /**
   * Runs a sign-in through the one pipeline, in one transaction: the check, the account's state,
   * the last login, the session or the second step the account needs, the audit entry and the
   * events; observed as a sign-in of {@link CredentialCheck#method()} (a method of a provider,
   * {@code kind:provider} such as {@code social:google}, is tagged method {@code kind} and provider
   * {@code provider}).
   *
   * @param check proves who signs in
   * @param client who is calling, or {@code null} for a web client without details
   * @return signed in, the second step, or the check's own answer
   * @throws AuthException the check's refusal, after what it counted committed and the refusal was
   *     audited
   */
  SignInResult signIn(CredentialCheck check, @Nullable ClientInfo client);

  /**
   * Reads a login's pending second step (the {@code mfa_required} challenge a sign-in answered), so
   * a method of the module's own can answer it: the account it is for and the factors it proved.
   *
   * @param challenge the challenge's token, as the client sent it
   * @return the pending step, or empty when the token is unknown, used, expired or malformed
   */
  Optional<SecondStep> secondStep(String challenge);

  /**
   * Reads a login's pending enrolment step (the {@code mfa_enrolment_required} challenge a sign-in
   * answered when the policy requires a second factor the account has not enrolled), so the module
   * that enrols one can answer it with {@link #completeSecondStep}.
   *
   * @param challenge the challenge's token, as the client sent it
   * @return the pending step ({@link SecondStep#enrolment()}), or empty when the token is unknown,
   *     used, expired or malformed
   */
  Optional<SecondStep> enrolmentStep(String challenge);

  /**
   * Counts one guess at a secret of an account (a code of its second factor) before it is compared,
   * as a password's is: against the client network's failed-login limit and the account's bucket of
   * {@code counter}, with the login delays and lock; a guess over a limit is refused. A right guess
   * is {@linkplain Guess#settle settled} in the transaction that spends the secret.
   *
   * @param counter the account's bucket, a counter of the catalogue (auth-mfa's {@code
   *     SecondFactorCounters.SECOND_FACTOR_ACCOUNT})
   * @param account the account's public id
   * @param ip the client's address, or {@code null} to count the account alone
   * @param now the request's instant
   * @return the counted guess
   * @throws AuthException.RateLimitedException when the network or the account is over its limit
   */
  Guess guess(Counters counter, UUID account, @Nullable String ip, Instant now);

  /**
   * Records a security notice to the account's own email (or phone without one) in the outbox, in
   * {@code tx}, sent after its commit.
   *
   * @param tx the flow's transaction
   * @param account the account
   * @param template the notice's template name ({@code TemplateNames})
   */
  void sendNotice(StoreTransaction tx, UserRecord account, String template);

  /**
   * Remembers the calling device for an account's second step, in {@code tx}: until {@code until} a
   * login that presents the answered token skips the second step (unless the account re-enrols its
   * authenticator app). The token is stored as a keyed hash, labelled with the client's user agent.
   *
   * @param tx the flow's transaction
   * @param account the account's public id
   * @param client who is calling, or {@code null}
   * @param until when it stops standing in
   * @param now the current time
   * @return the device's token, for the client to keep (a secret)
   */
  String rememberDevice(
      StoreTransaction tx, UUID account, @Nullable ClientInfo client, Instant until, Instant now);

  /**
   * Completes a login's second step (or its enrolment step) with a factor the module checked, in
   * one transaction observed as a second-step sign-in of {@code method}: the challenge must still
   * be pending and its account active; {@code spend} spends the factor (and throws to refuse); the
   * challenge is consumed, the login recorded and the session started, whose {@code amr} is the
   * first factor's, {@code method} and {@code mfa}. A refusal rolls all of it back and is audited
   * naming the account.
   *
   * @param step the step {@link #secondStep} read
   * @param method the factor's {@code amr} value, e.g. {@code webauthn}
   * @param spend spends the factor in the transaction, given the account as read there
   * @param client who is calling, or {@code null}
   * @return signed in
   * @throws AuthException {@code invalid_challenge} when the step was completed meanwhile or its
   *     account may no longer sign in, or what {@code spend} threw
   */
  SignInResult.SignedIn completeSecondStep(
      SecondStep step,
      String method,
      BiConsumer<StoreTransaction, UserRecord> spend,
      @Nullable ClientInfo client);

  /**
   * {@return the signed-in caller's account, when both it and the caller's session are alive}
   *
   * @param caller the caller's verified access token
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     SESSION_ENDED} when the session or the account is gone
   */
  UserRecord caller(VerifiedAccessToken caller);

  /**
   * {@return the signed-in caller's account for a change only the account's owner makes (removing a
   * credential): as {@link #caller}, and never to a session in which someone acts for the owner}
   * The same refusal {@link #reauthenticated} gives an impersonation's token, without asking for a
   * recent sign-in.
   *
   * @param caller the caller's verified access token
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code
   *     impersonation_refused} when the token carries RFC 8693's {@code act}
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     SESSION_ENDED} when the session or the account is gone
   */
  UserRecord owner(VerifiedAccessToken caller);

  /**
   * Runs a change that needs recent authentication, as the core's own do (deleting an account,
   * changing a password): checks the caller's session and the proof (a module's kind through its
   * {@link Reauthentication.Check}), then runs {@code change} in one transaction, in which a
   * password proof's attempt is settled.
   *
   * @param caller the caller's verified access token
   * @param proof the proof
   * @param client who is calling, or {@code null}
   * @param change the change, given the transaction and the caller's account
   * @param <T> what the change answers
   * @return what the change answered
   * @throws Reauthentication.ReauthenticationRequiredException when the proof does not suffice
   */
  <T> T reauthenticated(
      VerifiedAccessToken caller,
      Reauthentication proof,
      @Nullable ClientInfo client,
      BiFunction<? super StoreTransaction, ? super UserRecord, ? extends T> change);

  /**
   * Registers the check of a kind of proof the module's method gives ({@link
   * Reauthentication#passkey}); once per kind, when the method is built.
   *
   * @param check the check
   * @throws IllegalStateException when the kind has a check already
   */
  void onReauthentication(Reauthentication.Check check);

  /**
   * Registers the legacy side of the refresh, exchange and bearer doors ({@link CarryOver}).
   *
   * @param tokens the legacy side
   * @throws IllegalStateException when one is registered already
   */
  void onCarryOver(CarryOver tokens);

  /**
   * Registers the accounts another system knows ({@link ExternalAccounts}), asked about new ids.
   *
   * @param accounts the other system's accounts
   * @throws IllegalStateException when some are registered already
   */
  void onExternalAccounts(ExternalAccounts accounts);

  /**
   * Registers a guard asked at every proven sign-in ({@link SignInGuard}), which may refuse it.
   *
   * @param guard the module's guard
   */
  void onSignInGuard(SignInGuard guard);

  /**
   * Runs counting work in a transaction of its own, never the host's, so what it counts stands
   * whatever the host's transaction does next; a conflict between two first counts of one key is
   * retried.
   *
   * @param keys the counter keys the work counts ({@link Counters#key}), prepared on a conflict
   * @param now the request's instant
   * @param work the counting
   * @param <T> what the work answers
   * @return what the work answered
   */
  <T> T counting(
      Collection<String> keys, Instant now, Function<? super StoreTransaction, ? extends T> work);

  /**
   * Counts one request from the client's network against a network counter of the catalogue (the
   * network under {@code gatehouse.throttle.ipv6-prefix-length}, hashed), unless throttling is off,
   * the address is unknown, or it is a loopback address exempted in development.
   *
   * @param tx the counting transaction
   * @param counter a limit of the catalogue counted per network
   * @param ip the client's address, or {@code null}
   * @param now the request's instant
   * @return how long to wait when the limit is reached, else empty
   */
  Optional<Duration> countNetwork(
      StoreTransaction tx, Counters counter, @Nullable String ip, Instant now);

  /**
   * Records a request whose mail depends on whether the address has an account: one sealed outbox
   * entry, the same for every address, counted against the network's limit of account mails; {@link
   * DeferredMail} registered for {@code purpose} does the rest on a delivery worker.
   *
   * @param purpose the request's purpose, as registered with {@link #onDeferredMail}
   * @param subject what the handler needs (sealed in the entry; never logged)
   * @param ip the client's address, or {@code null}
   * @throws AuthException.RateLimitedException when the network asked for too many mails
   */
  void deferMail(String purpose, String subject, @Nullable String ip);

  /**
   * Registers what a deferred request of {@code purpose} does; once per purpose, when the method is
   * built.
   *
   * @param purpose the purpose
   * @param handler its work
   * @throws IllegalStateException when the purpose has a handler already
   */
  void onDeferredMail(String purpose, DeferredMail handler);

  /**
   * Counts one link mail to an address and answers whether it is within {@code
   * gatehouse.otp.max-per-destination} an hour for its purpose (always, when throttling is off).
   *
   * @param tx the transaction that sends the mail
   * @param purpose the mail's purpose
   * @param canonical the address's canonical form
   * @param now the current time
   * @return whether the mail may be sent
   */
  boolean underMailLimit(StoreTransaction tx, String purpose, String canonical, Instant now);

  /**
   * Spends a one-time marker of the catalogue (something usable once within a window: a sign-in's
   * state, a provider's token) in {@code tx}. The first spend in the window wins; every later one,
   * concurrent or not, learns when the first was.
   *
   * @param tx the transaction
   * @param marker a counter of the catalogue whose use is {@link Counters.Use#MARKER}
   * @param window how long a spend stays spent
   * @param now the current time
   * @param parts what is spent, as the counter's Javadoc names them (hashed when they are secrets)
   * @return empty when this was the first spend in the window, else when the first one was
   * @throws IllegalArgumentException when the counter is not a marker
   */
  Optional<Instant> spendOnce(
      StoreTransaction tx, Counters marker, Duration window, Instant now, Object... parts);

  /**
   * Records an emailed link in the outbox, in {@code tx}, to be sent after its commit.
   *
   * @param tx the flow's transaction
   * @param mail the mail
   * @param code a code shown beside the link, or {@code null}
   */
  void sendLink(StoreTransaction tx, LinkMail mail, @Nullable String code);

  /**
   * Appends the event to the audit trail in {@code tx} (when it is audited) and hands it to the
   * listeners after the commit.
   *
   * @param tx the transaction the event's change is written in
   * @param event the event
   */
  void publish(StoreTransaction tx, AuthEvent event);

  /**
   * Appends the event of a staff member's action to the audit trail in {@code tx} with the actor
   * {@code admin}, naming the staff member in the entry's detail, and hands it to the listeners
   * after the commit. The caller has checked that {@code admin} may act.
   *
   * @param tx the transaction the action's change is written in
   * @param admin the public id of the staff member who acted
   * @param event the event, whose {@link AuthEvent#userId()} is the account acted on
   */
  void publishByAdmin(StoreTransaction tx, UUID admin, AuthEvent event);

  /**
   * Keeps a sign-in refused before the pipeline ran (a limit of the method's own) as the pipeline
   * keeps its refusals: the audit entry in a transaction of its own and {@code LoginFailed} after
   * it.
   *
   * @param method the method, as {@link CredentialCheck#method()}
   * @param account the account the attempt named, or {@code null}
   * @param error the refusal
   * @param client who is calling, or {@code null}
   * @return {@code error}, to throw
   */
  AuthException refused(
      String method, @Nullable UUID account, AuthException error, @Nullable ClientInfo client);

  /**
   * Reports a change the module made to an account to the {@link AccountChangeListener} registered
   * (nothing when none is, or it does not listen), in the change's transaction, as the core's own
   * flows report theirs.
   *
   * @param tx the change's transaction
   * @param kind what changed
   * @param before the account before the change, or {@code null} for a new account
   * @param account the account's public id
   * @param now the change's instant
   */
  void accountChanged(
      StoreTransaction tx,
      AccountChange.Kind kind,
      @Nullable UserRecord before,
      UUID account,
      Instant now);

  /**
   * Sets another account's password on a staff member's word, in {@code tx}: the password policy,
   * then what every password change does (the account's sessions, reset links and pending second
   * steps ended, its owner told after commit, a listening module told), recorded as {@link
   * AuthEvent.PasswordChanged} naming {@code admin}. The caller checked that {@code admin} may.
   *
   * @param tx the change's transaction
   * @param admin the staff member's public id
   * @param account the account as read in {@code tx}
   * @param newPassword the new password
   * @param client the staff member's client, or {@code null}
   * @throws AuthException.RejectedInputException when the password policy refuses it
   */
  void setPassword(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String newPassword,
      @Nullable ClientInfo client);

  /**
   * Sets another account's email address on a staff member's word, in {@code tx}, as a confirmed
   * change of address sets it (links sent to the old address revoked, the old address told after
   * commit, a listening module told), and leaves the account unverified: nobody proved the new
   * mailbox. Recorded as {@link AuthEvent.EmailChanged} naming {@code admin}.
   *
   * @param tx the change's transaction
   * @param admin the staff member's public id
   * @param account the account as read in {@code tx}
   * @param email the new address
   * @param client the staff member's client, or {@code null}
   * @return {@code false} when the address is the account's already (nothing changes)
   * @throws AuthException.RejectedInputException {@code invalid_email}, or {@code email_taken} when
   *     another account has the address
   */
  boolean setEmail(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String email,
      @Nullable ClientInfo client);

  /**
   * Registers the listener every change of an account is reported to, in the change's transaction
   * ({@link AccountChangeListener}); once, when the module is built.
   *
   * @param listener the listener
   * @throws IllegalStateException when a listener is registered already
   */
  void onAccountChange(AccountChangeListener listener);

  /**
   * Registers the handler of a channel of the module's own outbox entries ({@link OutboxChannel});
   * once per channel, when the module is built.
   *
   * @param channel the channel's name (lower case; not {@code email}, {@code sms} or {@code
   *     request}, the core's own)
   * @param handler where its entries are delivered
   * @throws IllegalStateException when the channel has a handler already
   * @throws IllegalArgumentException when the channel is one of the core's
   */
  void onOutboxChannel(String channel, OutboxChannel handler);

  /**
   * Records an entry of a module's channel in the outbox, sealed, in {@code tx}; delivered to the
   * channel's {@link OutboxChannel} after the commit, after every interactive message that is due.
   *
   * @param tx the flow's transaction
   * @param channel the channel ({@link #onOutboxChannel})
   * @param entry the entry (its {@link OutboxChannel.Entry#id()} is ignored)
   * @param maxAttempts delivery attempts before it fails for good (with a doubling backoff from 30
   *     seconds, capped at about 8.5 hours)
   * @param now the flow's time
   * @return the entry's outbox key
   * @throws IllegalArgumentException when the channel is one of the core's
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when the sealed entry is
   *     too large for the outbox
   */
  long enqueue(
      StoreTransaction tx, String channel, OutboxChannel.Entry entry, int maxAttempts, Instant now);

  /**
   * A guess {@link #guess} counted: settled when it was right, and what it earned when it was not.
   */
  interface Guess {
    /**
     * {@return until when the account is locked because of this guess, or {@code null}} A wrong
     * guess that locked the account is published as {@code AuthEvent.Locked}.
     */
    @Nullable Instant lockedUntil();

    /**
     * Settles a right guess in the transaction that spends the secret: the account's failures are
     * forgotten and the guess no longer counts against the client's network.
     *
     * @param tx the spending transaction
     */
    void settle(StoreTransaction tx);
  }

  /**
   * A login's pending second step, as {@link #secondStep} or {@link #enrolmentStep} read it. {@link
   * #toString()} leaves the challenge out.
   *
   * @param challenge the challenge's token (a secret)
   * @param account the account's public id
   * @param amr the factors the login proved so far, e.g. {@code ["pwd"]}
   * @param enrolment whether it is an enrolment step ({@code mfa_enrolment_required})
   */
  record SecondStep(String challenge, UUID account, List<String> amr, boolean enrolment) {
    /**
     * @param challenge see the record description
     * @param account see the record description
     * @param amr see the record description
     * @param enrolment see the record description
     */
    public SecondStep {
      amr = List.copyOf(amr);
    }

    @Override
    public String toString() {
      return "SecondStep[account=" + account + ", amr=" + amr + ", enrolment=" + enrolment + "]";
    }
  }
}
