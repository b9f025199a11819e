package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInCompleted;
import dev.gatehouse.core.session.SignInGuard;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The one path of a sign-in: {@linkplain CredentialCheck credential check} → account state →
 * session start (or the second step the account needs) → events, in one transaction. Throttling is
 * the check's first act, against the limits it declares in {@code core.internal.Counters}; the
 * password login, which hashes outside any transaction so that no connection waits on it, runs its
 * check itself and joins the pipeline at {@link #finish}.
 */
public final class SignInPipeline {
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final SessionStarter sessions;
  private final List<SignInGuard> guards = new CopyOnWriteArrayList<>();
  private final List<SignInCompleted> completions = new CopyOnWriteArrayList<>();

  /**
   * @param sessions the session starter
   */
  public SignInPipeline(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecurityEvents events,
      SessionStarter sessions) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.sessions = requireNonNull(sessions, "sessions");
  }

  /**
   * Adds a module's guard, asked at every proven sign-in ({@link #refusal}); while the facade is
   * built.
   *
   * @param guard the guard
   */
  public void guard(SignInGuard guard) {
    guards.add(requireNonNull(guard, "guard"));
  }

  /**
   * Adds a module's hook, told of every completed sign-in in the transaction that starts its
   * session; while the facade is built.
   *
   * @param completed the hook
   */
  public void completed(SignInCompleted completed) {
    completions.add(requireNonNull(completed, "completed"));
  }

  /**
   * Asks the modules' guards about a proven sign-in, in its transaction, before its login is
   * recorded: {@link #run} does, and the password login, which joins at {@link #finish}, asks
   * first.
   *
   * @param tx the sign-in's transaction
   * @param user the account, active and not deleted
   * @param method the method the events name
   * @param now the sign-in's instant
   * @return the first guard's refusal, or {@code null} when every guard lets it go on
   */
  public @Nullable AuthException refusal(
      StoreTransaction tx, UserRecord user, String method, Instant now) {
    for (SignInGuard g : guards) {
      AuthException refused = g.refusal(tx, user, method, now);
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  /**
   * Runs a sign-in in one transaction (the host's, when one is open).
   *
   * @param check the credential check
   * @param client who is calling, or {@code null} for a web client without details
   * @return the answer
   * @throws AuthException the check's refusal, after the transaction committed what the check
   *     counted; a refusal whose code {@link SecurityEvents#audits} is kept as {@code LoginFailed},
   *     with the account the check or its identifier named
   */
  public SignInResult run(CredentialCheck check, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    CredentialCheck.Proof proof =
        through(
            check,
            who,
            (tx, proven, now) -> {
              tx.users().recordLogin(proven.user().publicId(), now);
              SignInResult result = finish(tx, proven, check.method(), who, now);
              check.answered(tx, result, now);
              return new CredentialCheck.Answered(result);
            });
    return ((CredentialCheck.Answered) proof).result();
  }

  /**
   * What a proven credential of an account that may sign in comes to, in the sign-in's transaction:
   * the pipeline's answer, or a refusal.
   */
  @FunctionalInterface
  interface Then {
    /**
     * @param tx the sign-in's transaction
     * @param proven the proof, its account active and let through by every guard
     * @param now the sign-in's instant
     * @return the answer, or a {@link CredentialCheck.Refused} the pipeline audits as the check's
     */
    CredentialCheck.Proof apply(StoreTransaction tx, CredentialCheck.Proven proven, Instant now);
  }

  /**
   * The pipeline's front, in one transaction (the host's, when one is open): the check, the
   * account's state, the modules' guards, then {@code then}. A sign-in ({@link #run}) records the
   * login and starts the session there; a module credential's request ({@link ModuleCallers})
   * starts nothing.
   *
   * @param check the credential check
   * @param who who is calling
   * @param then what a proven credential comes to
   * @return the check's own answer ({@link CredentialCheck.Answered}) or {@code then}'s
   * @throws AuthException the refusal, after the transaction committed what the check counted; a
   *     refusal whose code {@link SecurityEvents#audits} is kept as {@code LoginFailed}, with the
   *     account the check or its identifier named
   */
  CredentialCheck.Proof through(CredentialCheck check, ClientInfo who, Then then) {
    Instant now = clock.instant();
    CredentialCheck.Proof proof;
    try {
      proof =
          store.inTransaction(
              tx -> {
                CredentialCheck.Proof p = check.check(tx, now);
                if (p instanceof CredentialCheck.Refused r && r.user() == null) {
                  // The identifier may name an account the check did not read: the trail's subject.
                  return new CredentialCheck.Refused(
                      r.error(), check.named(tx).map(UserRecord::publicId).orElse(null));
                }
                if (!(p instanceof CredentialCheck.Proven proven)) {
                  return p;
                }
                UserRecord user = proven.user();
                if (!user.active() || user.deleted()) {
                  return new CredentialCheck.Refused(check.inactiveAccount(user), user.publicId());
                }
                AuthException guarded = refusal(tx, user, check.method(), now);
                if (guarded != null) {
                  return new CredentialCheck.Refused(guarded, user.publicId());
                }
                return then.apply(tx, proven, now);
              });
    } catch (AuthException e) {
      // A check that threw rolled its transaction back: the refusal is kept in one of its own.
      throw events.signInRefused(check.method(), null, e, ClientInfo.originOf(config, who));
    }
    if (proof instanceof CredentialCheck.Refused r) {
      // After the commit of what the check counted, in a transaction of its own as a failed
      // password's entry is: it stands whatever a host's transaction does next.
      throw events.signInRefused(
          check.method(), r.user(), r.error(), ClientInfo.originOf(config, who));
    }
    return proof;
  }

  /**
   * The pipeline's tail, inside a sign-in's own transaction, for an account whose credential and
   * state were checked and whose login was recorded (the answer's account shows it): starts the
   * session, or records the second step the account needs, and publishes {@code LoggedIn} (after
   * the commit) when a session started. A sign-in {@linkplain CredentialCheck.Proven#carriedOver()
   * carried over} from another system keeps that sign-in's time as its session's.
   *
   * @param tx the sign-in's transaction
   * @param proven who signed in and how
   * @param method the method the events name
   * @param client who is calling
   * @param now the sign-in's instant
   * @return signed in, or the second step
   */
  public SignInResult finish(
      StoreTransaction tx,
      CredentialCheck.Proven proven,
      String method,
      ClientInfo client,
      Instant now) {
    SignInResult result = sessions.signIn(tx, loggedInAt(proven.user(), now), proven, client);
    if (result instanceof SignedIn in) {
      loggedIn(tx, proven.user(), method, client, now);
      return new SignedIn(
          in.tokens(), in.methods(), proven.created(), proven.linked(), List.of(), in.account());
    }
    return result;
  }

  /**
   * Completes a sign-in whose every step is proven (a second factor answered, a required enrolment
   * done, a legacy account moved over), inside its transaction: starts the session — never a
   * further step — and publishes {@code LoggedIn} after the commit.
   *
   * @param tx the sign-in's transaction
   * @param user the account, read in {@code tx}
   * @param amr how the user authenticated
   * @param method the method the events name
   * @param client who is calling
   * @param now the sign-in's instant
   * @param created whether this sign-in created the account
   * @param recoveryCodes recovery codes this sign-in made, to show once, or empty
   * @return signed in
   */
  public SignedIn complete(
      StoreTransaction tx,
      UserRecord user,
      List<String> amr,
      String method,
      ClientInfo client,
      Instant now,
      boolean created,
      List<String> recoveryCodes) {
    SignedIn started = sessions.signedIn(tx, loggedInAt(user, now), amr, client);
    loggedIn(tx, user, method, client, now);
    return new SignedIn(started.tokens(), amr, created, false, recoveryCodes, started.account());
  }

  /**
   * {@return a sign-in's outcome as its observation is tagged: {@code success}, {@code
   * second_factor} or {@code link_required}}
   *
   * @param result the sign-in's answer
   */
  public static String outcomeOf(SignInResult result) {
    return result instanceof SignedIn
        ? "success"
        : result instanceof SignInResult.SecondStepRequired ? "second_factor" : "link_required";
  }

  /**
   * The user as the sign-in leaves it: every path that gets here recorded this login (at the
   * microseconds the databases keep, so the answer shows what a later read shows).
   */
  private static UserRecord loggedInAt(UserRecord user, Instant now) {
    return user.toBuilder().lastLoginAt(now.truncatedTo(ChronoUnit.MICROS)).build();
  }

  /** Every completed sign-in passes here, and only those: the modules' hooks, then the event. */
  private void loggedIn(
      StoreTransaction tx, UserRecord user, String method, ClientInfo client, Instant now) {
    for (SignInCompleted c : completions) {
      c.completed(tx, user, method, now);
    }
    events.publish(
        tx,
        new AuthEvent.LoggedIn(now, user.publicId(), method, ClientInfo.originOf(config, client)));
  }
}
