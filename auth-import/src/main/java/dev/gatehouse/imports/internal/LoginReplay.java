package dev.gatehouse.imports.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.UserRecord;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Replays known (identifier, password) pairs after an import and tells, per row and per outcome,
 * whether each account is ready: {@link Outcome#LOGGED_IN} only when the application's login would
 * let the user in, so an account refused as unverified is not counted as ready. The stored hash's
 * format is read before the attempt (a successful login upgrades the hash).
 *
 * <p>Two modes. {@link #LoginReplay(AccountService, AuthStore, PhoneNumbers, HashCheck) Login} goes
 * through {@link AccountService#login}: sessions start, hashes are upgraded, {@code last_login_at}
 * moves — use it on a staging copy. {@link #readOnly read-only} decides the same outcomes from the
 * stored account (active, verified, password checked with the application's {@link
 * PasswordHashing}) and writes nothing: the check to run before cut-over.
 *
 * <p>Runs in bounded memory over any number of rows: it keeps counts per outcome and format and a
 * {@link #sample() sample} of at most {@value #SAMPLE_SIZE} rows that did not log in; every row
 * goes to the {@link #onEachRow sink} (a file, for instance) as it is replayed. Each replay reads
 * in a transaction (and so a persistence context) of its own. Not thread-safe.
 */
public final class LoginReplay {
  /** The most rows {@link #sample()} keeps. */
  public static final int SAMPLE_SIZE = 100;

  /** What one known login came to. */
  public enum Outcome {
    /** The login succeeds. */
    LOGGED_IN,
    /** The account exists, the password is refused. */
    WRONG_PASSWORD,
    /** The password is right, the account is refused until verified. */
    UNVERIFIED,
    /** The account is inactive or deleted. */
    INACTIVE,
    /** No account has the identifier. */
    NOT_FOUND,
    /** Another refusal (locked, rate-limited, ...), by its code in {@link #failures()}. */
    OTHER
  }

  /**
   * One replayed row.
   *
   * @param row the row's number, from 1, in the order replayed
   * @param format the stored hash's format before the attempt
   * @param outcome the outcome
   */
  public record Row(long row, String format, Outcome outcome) {}

  /**
   * Sends every replayed row, as it is replayed, to {@code sink} (the replay keeps only a sample).
   *
   * @param sink told of each row; replaces the previous sink
   * @return this replay
   */
  public LoginReplay onEachRow(Consumer<Row> sink) {
    this.sink = requireNonNull(sink, "sink");
    return this;
  }

  private final AccountService accounts;
  private final AuthStore store;
  private final PhoneNumbers phones;
  private final HashCheck tally;
  private final PasswordHashing hashing;
  private final boolean requireVerified;
  private final Map<String, Long> failures = new TreeMap<>();
  private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  private final Map<String, Map<Outcome, Long>> byFormat = new TreeMap<>();
  private final List<Row> sample = new ArrayList<>();
  private long replayed;
  private Consumer<Row> sink = row -> {};

  /**
   * Replays through the real login (writes sessions, rehashes, last login).
   *
   * @param accounts the application's account service
   * @param store its store, to read the stored hash's format before each login
   * @param phones the normaliser for phone identifiers (the application's default region)
   * @param hashCheck where the tally goes (its hashing is not used)
   */
  public LoginReplay(
      AccountService accounts, AuthStore store, PhoneNumbers phones, HashCheck hashCheck) {
    this(requireNonNull(accounts, "accounts"), store, phones, hashCheck, null, false);
  }

  private LoginReplay(
      AccountService accounts,
      AuthStore store,
      PhoneNumbers phones,
      HashCheck hashCheck,
      PasswordHashing hashing,
      boolean requireVerified) {
    this.accounts = accounts;
    this.store = requireNonNull(store, "store");
    this.phones = requireNonNull(phones, "phones");
    this.tally = requireNonNull(hashCheck, "hashCheck");
    this.hashing = hashing;
    this.requireVerified = requireVerified;
  }

  /**
   * A replay that writes nothing: each outcome is decided from the stored account and the
   * application's password hashing, as the login would decide it.
   *
   * @param store the application's store
   * @param hashing the application's password hashing
   * @param phones the normaliser for phone identifiers (the application's default region)
   * @param requireVerified the application's {@code gatehouse.login.require-verified}
   * @param hashCheck where the tally goes
   * @return the replay
   */
  public static LoginReplay readOnly(
      AuthStore store,
      PasswordHashing hashing,
      PhoneNumbers phones,
      boolean requireVerified,
      HashCheck hashCheck) {
    return new LoginReplay(
        null, store, phones, hashCheck, requireNonNull(hashing, "hashing"), requireVerified);
  }

  /**
   * Replays one login.
   *
   * @param identifier email, phone or username as the user would type it
   * @param password the known password
   * @return whether the user would be let in ({@link Outcome#LOGGED_IN})
   */
  public boolean replay(String identifier, String password) {
    Optional<UserRecord> account = store.inTransaction(tx -> find(tx, identifier));
    String label = account.map(u -> HashLabels.label(u.passwordHash())).orElse("no account");
    Outcome outcome;
    if (accounts == null) {
      outcome = decide(account, password);
    } else {
      outcome = login(account, identifier, password, label);
    }
    tally.record(label, outcome == Outcome.LOGGED_IN);
    outcomes.merge(outcome, 1L, Long::sum);
    byFormat
        .computeIfAbsent(label, k -> new EnumMap<>(Outcome.class))
        .merge(outcome, 1L, Long::sum);
    replayed++;
    Row row = new Row(replayed, label, outcome);
    if (outcome != Outcome.LOGGED_IN && sample.size() < SAMPLE_SIZE) {
      sample.add(row);
    }
    sink.accept(row);
    if (outcome != Outcome.LOGGED_IN && outcome != Outcome.OTHER) {
      failures.merge(label + ": " + outcome.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
    }
    return outcome == Outcome.LOGGED_IN;
  }

  private Outcome login(
      Optional<UserRecord> account, String identifier, String password, String label) {
    try {
      accounts.login(LoginRequest.of(identifier, password));
      return Outcome.LOGGED_IN;
    } catch (AuthException e) {
      if (e.error() == ErrorCode.ACCOUNT_NOT_VERIFIED) {
        return Outcome.UNVERIFIED;
      }
      if (account.isEmpty()) {
        return Outcome.NOT_FOUND;
      }
      if (!account.get().active() || account.get().deletedAt() != null) {
        return Outcome.INACTIVE;
      }
      if (e.error() == ErrorCode.INVALID_CREDENTIALS) {
        return Outcome.WRONG_PASSWORD;
      }
      failures.merge(label + ": " + e.code(), 1L, Long::sum);
      return Outcome.OTHER;
    }
  }

  private Outcome decide(Optional<UserRecord> account, String password) {
    if (account.isEmpty()) {
      return Outcome.NOT_FOUND;
    }
    UserRecord u = account.get();
    if (!u.active() || u.deletedAt() != null) {
      return Outcome.INACTIVE;
    }
    if (u.passwordHash() == null || !verifies(password, u.passwordHash())) {
      return Outcome.WRONG_PASSWORD;
    }
    return requireVerified && !u.verified() ? Outcome.UNVERIFIED : Outcome.LOGGED_IN;
  }

  /** As the login checks: the password normalised to NFKC, then as typed. */
  private boolean verifies(String password, String hash) {
    String nfkc = Normalizer.normalize(password, Normalizer.Form.NFKC);
    return hashing.verify(nfkc, hash).matched()
        || (!nfkc.equals(password) && hashing.verify(password, hash).matched());
  }

  /** {@return refusals per format and outcome, e.g. {@code "md5: wrong_password" -> 2}} */
  public Map<String, Long> failures() {
    return Map.copyOf(failures);
  }

  /** {@return how many rows ended in each outcome} */
  public Map<Outcome, Long> outcomes() {
    return Collections.unmodifiableMap(new EnumMap<>(outcomes));
  }

  /** {@return outcomes per stored hash format (the format before the attempt)} */
  public Map<String, Map<Outcome, Long>> outcomesByFormat() {
    Map<String, Map<Outcome, Long>> copy = new TreeMap<>();
    byFormat.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new EnumMap<>(v))));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * {@return the first {@value #SAMPLE_SIZE} rows that did not log in, in order; no identifier or
   * password (every row goes to {@link #onEachRow})}
   */
  public List<Row> sample() {
    return List.copyOf(sample);
  }

  /** {@return how many rows were replayed} */
  public long replayed() {
    return replayed;
  }

  private Optional<UserRecord> find(dev.gatehouse.core.store.StoreTransaction tx, String id) {
    try {
      if (id.contains("@")) {
        return tx.users().findByEmail(EmailAddresses.canonical(id));
      }
      if (id.strip().startsWith("+") || id.strip().matches("[0-9 ()\\-]{7,}")) {
        return tx.users().findByPhone(phones.normalize(id));
      }
      return tx.users().findByUsername(Usernames.canonical(id));
    } catch (RejectedInputException e) {
      return Optional.empty();
    }
  }
}
