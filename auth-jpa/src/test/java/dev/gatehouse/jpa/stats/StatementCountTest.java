package dev.gatehouse.jpa.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * SQL statements per hot flow, counted at the JDBC level and pinned as constants: a change that
 * adds a query to a login, an OTP round trip, a refresh or {@code /me} (an N+1 above all) fails
 * here and has to update the constant on purpose, with the statements listed in the failure.
 *
 * <p>Each flow runs once to warm up (so shared rows such as the IP's rate-limit counter exist, as
 * they do in production), then once more for a fresh user under the same conditions; the second run
 * is counted. Ids are {@code IDENTITY} columns, so no sequence fetch makes a count vary.
 */
class StatementCountTest {
  /**
   * Password login: the user by email and, in the same transaction of its own, the attempt reserved
   * before hashing (the IP's and the account's counter incremented together in one native statement
   * that creates missing rows and answers the new states; issue 19 item 5: was 7 statements per
   * counter, a check, a creation in a side transaction, a JPQL increment and a read back, then one
   * statement per counter until session 7); then in the write transaction the last-login update,
   * conditional on the account being unchanged since its read (live, active, same password hash;
   * was a read of the user by public id and an update), the reservation settled in one statement
   * (IP decremented, account counter zeroed; two before session 7; since issue 79 a JDBC batch of
   * two single-row updates in key order, one round trip, counted as one), the default profile, the
   * session with the refresh token it holds (issue 79: one statement on every database, where the
   * session and its first token row were two, one on PostgreSQL). Since second factors, one more
   * select: whether the account has a confirmed authenticator app (SessionStarter.signIn). Was 16
   * before issue 19 item 5, 10 before session 7. On MariaDB the counting upsert is read back by a
   * second statement ({@link #counterReadBacks}), and the user is read in a transaction of its own
   * before the reservation's (AuthStore.readsBeforeCounting): the same statements, one begin and
   * commit more. Since the audit trail (issue 36), one insert more: the sign-in's entry, in the
   * write transaction.
   */
  static final int PASSWORD_LOGIN = 8;

  /**
   * OTP request by email for an existing account, on the request thread: the cooldown read, the
   * rate-limit counters (each one native statement that creates a missing row and answers the new
   * state) and the deferred request's outbox entry. Since issue 36 (finding 2) the account's
   * lookup, the code and its message happen on a delivery worker, so a known and an unknown
   * destination issue the same statements (EnumerationStatementsTest); it was 8 before (the owner
   * read twice, the code and its message inserted), 17 before the outbox and 16 before issue 19
   * item 5. On MariaDB each increment is read back by a second statement.
   */
  static final int OTP_REQUEST = 5;

  /**
   * MariaDB and MySQL have no {@code RETURNING} for {@code INSERT ... ON DUPLICATE KEY UPDATE}, so
   * each counter upsert there is followed by a locking read of its rows: one statement more per
   * upsert (1 in a password login, whose two counters go in one, 3 in an OTP request).
   */
  static int counterReadBacks(DatabaseKind kind, int increments) {
    return kind == DatabaseKind.MARIADB ? increments : 0;
  }

  /**
   * A sign-in's last-login update also writes the account's row of {@code gh_user_sign_in}, the
   * index of administration's pages by last sign-in time off the user row (issue 79, changeset
   * 0018): on PostgreSQL in the same statement (a data-modifying {@code with}), so no statement
   * more there; on H2 and MariaDB, which have none, one upsert more after the update.
   */
  static int signInTimeRow(DatabaseKind kind) {
    return kind == DatabaseKind.POSTGRESQL ? 0 : 1;
  }

  /**
   * A sign-in's writes whose results it does not read (the session, its audit entry and, in a
   * password login, the reservation's settlement) are deferred to the end of its transaction's work
   * (LibrarySql#defer, issue 79's eighth step): on PostgreSQL they go as one statement text, one
   * round trip, so {@code writes} round trips become one; elsewhere each stays a statement of its
   * own (the settlement's two updates one JDBC batch), so the counts above are H2's and MariaDB's.
   */
  static int deferredSentTogether(DatabaseKind kind, int writes) {
    return kind == DatabaseKind.POSTGRESQL ? writes - 1 : 0;
  }

  /**
   * Delivering that code, on a dispatcher thread: first the deferred request (the due entries, the
   * claim, the claimed row, the settle; the owner by address and by key, the code and its message
   * inserted), then the message (the due entries, the claim, the claimed row, the settle, the
   * delivery-log row, the older codes retired: binding read, update), and the next (empty) look for
   * due entries. Was 8 while the request stored the code and its message itself (issue 36).
   */
  static final int OTP_DELIVERY = 16;

  /**
   * OTP login: the live code, its atomic consume, the owner, its last-login update, the profile,
   * the session with the token it holds (a token row more until issue 79). Was 6 while users were
   * managed entities: the test's clock does not move between the password login and this one, so
   * dirty checking found the last-login time unchanged and skipped the update (with a moving clock
   * it was written then too). The update is now one statement through {@code UserStore.recordLogin}
   * and always runs. Since second factors, one more select: whether the account has a confirmed
   * authenticator app (SessionStarter.signIn). Since the audit trail (issue 36), one insert more:
   * the sign-in's entry, in the same transaction.
   */
  static final int OTP_LOGIN = 8;

  /**
   * Refresh rotation on H2 and MariaDB of a session that holds its token (issue 79): the session by
   * the id the token names, with its owner's flags and the session's profile left-joined in the
   * same read (may they still sign in, does the profile still exist), then one conditional update
   * of the session row that advances its generation and records the use. Was 7 while the rotate
   * came first and was followed by separate reads of the token's session id and of the session,
   * then 6 while the user and the profile were read apart (issue 19), then 5 while the owner was a
   * read of its own, then 4 on H2 (the read through the token, the rotate, the successor token row,
   * the touch) and 3 on MariaDB (one joined update for the rotate and the touch) while every token
   * was a row. {@link #refresh} gives PostgreSQL's count.
   */
  static final int REFRESH = 2;

  /**
   * Refresh without rotation (jb-drf-auth's contract by default) of a session that holds its token:
   * the session with its token's generation and secret hash and its owner's flags (with the
   * profile's existence) in one read, then the use recorded. Was 4 when the session, its token and
   * the owner were three reads (issue 79's fifth step).
   */
  static final int REFRESH_WITHOUT_ROTATION = 2;

  /**
   * Refresh rotation per database ({@code SessionSql}, issue 79): on PostgreSQL one statement
   * advances the session, records the use and reads the owner, so 1 (5 before issue 79, then 2
   * while the owner was read apart); elsewhere {@link #REFRESH}.
   */
  static int refresh(DatabaseKind kind) {
    return kind == DatabaseKind.POSTGRESQL ? 1 : REFRESH;
  }

  /** {@code /me}: the user and its profile. */
  static final int ME = 2;

  private static final String PASSWORD = "correct horse battery staple";
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");
  private static final AtomicInteger USERS = new AtomicInteger();

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void everyHotFlowRunsItsPinnedNumberOfStatements(DatabaseKind kind) {
    CountingDataSource counter = CountingDataSource.create();
    try (JpaFixture db = JpaFixture.create(kind, counter::wrap)) {
      GatehouseFixture f =
          new GatehouseFixture(
              db,
              b ->
                  b.set(ThrottleSettings.SMS_MAX_PER_PREFIX, 1_000_000)
                      .set(ThrottleSettings.OTP_MAX_PER_IP, 100_000),
              // Requests only record; the test delivers on its own thread to count it apart.
              g -> g.dispatchDeliveries(false));
      Map<String, List<String>> seen = new LinkedHashMap<>();
      for (int round = 0; round < 2; round++) {
        String email = newUser(f);
        counter.take();
        SignInResult.SignedIn signedIn =
            measure(
                    seen,
                    "password login",
                    counter,
                    () -> f.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT)))
                .orElseThrow();
        TokenPair login = signedIn.tokens();
        measure(
            seen,
            "otp request",
            counter,
            () ->
                f.gatehouse
                    .otp()
                    .request(
                        OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN)
                            .withClient(CLIENT)));
        measure(seen, "otp delivery", counter, () -> f.gatehouse.deliverPending());
        String code = code(f, email);
        SignInResult.SignedIn byCode =
            measure(
                    seen,
                    "otp login",
                    counter,
                    () -> f.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, code, CLIENT))
                .orElseThrow();
        TokenPair refreshed =
            measure(
                seen,
                "refresh",
                counter,
                () -> f.gatehouse.sessions().refresh(login.refreshToken(), CLIENT));
        measure(
            seen,
            "refresh without rotation",
            counter,
            () -> f.gatehouse.sessions().refreshWithoutRotation(refreshed.refreshToken(), CLIENT));
        String profile =
            f.gatehouse.sessions().verifyAccessToken(login.accessToken()).profileId().orElseThrow();
        UUID user =
            UUID.fromString(
                f.gatehouse.sessions().verifyAccessToken(login.accessToken()).subject());
        Me me = measure(seen, "me", counter, () -> f.gatehouse.profiles().me(user, profile));
        // A sign-in's answer shows the account as /me reads it, from the sign-in's own statements:
        // the login answer over HTTP adds none of /me's.
        assertThat(signedIn.account()).isEqualTo(me);
        assertThat(byCode.account()).isEqualTo(me);
      }
      Map<String, Integer> expected = new LinkedHashMap<>();
      expected.put(
          "password login",
          PASSWORD_LOGIN
              + counterReadBacks(kind, 1)
              + signInTimeRow(kind)
              - deferredSentTogether(kind, 3));

      expected.put("otp request", OTP_REQUEST + counterReadBacks(kind, 3));
      expected.put("otp delivery", OTP_DELIVERY);
      expected.put("otp login", OTP_LOGIN + signInTimeRow(kind) - deferredSentTogether(kind, 2));
      expected.put("refresh", refresh(kind));
      expected.put("refresh without rotation", REFRESH_WITHOUT_ROTATION);
      expected.put("me", ME);
      Map<String, Integer> actual = new LinkedHashMap<>();
      seen.forEach((flow, statements) -> actual.put(flow, statements.size()));
      assertThat(actual)
          .as("SQL statements per flow on %s%s", kind, listing(seen))
          .isEqualTo(expected);
    }
  }

  private static <T> T measure(
      Map<String, List<String>> seen, String flow, CountingDataSource counter, Supplier<T> run) {
    counter.take();
    T result = run.get();
    // The last round wins: it ran with the shared rows the first round created.
    seen.put(flow, counter.take());
    return result;
  }

  private static String listing(Map<String, List<String>> seen) {
    StringBuilder out = new StringBuilder();
    seen.forEach(
        (flow, statements) ->
            out.append("\n")
                .append(flow)
                .append(": ")
                .append(statements.size())
                .append(" ")
                .append(kinds(statements))
                .append("\n  ")
                .append(String.join("\n  ", statements)));
    return out.toString();
  }

  private static Map<String, Integer> kinds(List<String> statements) {
    Map<String, Integer> out = new LinkedHashMap<>();
    statements.forEach(s -> out.merge(CountingDataSource.kind(s), 1, Integer::sum));
    return out;
  }

  private static String newUser(GatehouseFixture f) {
    Gatehouse g = f.gatehouse;
    String email = "stats" + USERS.incrementAndGet() + "@example.test";
    String hash = g.passwordHashing().hash(PASSWORD);
    Instant now = f.clock.instant();
    f.db.store.inTransaction(
        tx -> {
          AccountFactory accounts = AccountFactory.of(g.config());
          UserRecord u =
              accounts.insertUser(
                  tx,
                  UserRecord.newAccount(now)
                      .email(email, email)
                      .passwordHash(hash)
                      .verified(true)
                      .emailVerified(true)
                      .build());
          accounts.addDefaultProfile(tx, u.publicId(), now);
          return null;
        });
    return email;
  }

  private static String code(GatehouseFixture f, String email) {
    Matcher m = CODE.matcher(f.email.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).as("code in the email").isTrue();
    return m.group();
  }
}
