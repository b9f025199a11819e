package dev.gatehouse.core.flows.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.testing.Bursts;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared steps of the account tests. */
public final class AccountTests {
  public static final String PASSWORD = "violet-orbit-7731";

  /** Made by Django 3.2 (auth-core's password-hashes.jsonl), of {@link #DJANGO_PASSWORD}. */
  public static final String DJANGO_HASH =
      "pbkdf2_sha256$260000$03oVoQ00Ff2RrD2YSgmMMw$KEUfmBVu3/xcrPjqUttEw4oqVqqR8FyEx/SFH3oE2tc=";

  /** The password of {@link #DJANGO_HASH}. */
  public static final String DJANGO_PASSWORD = "Pass-fdb9fb6c3f";

  /** What {@link #inAFailingHostTransaction} throws. */
  public static final String HOST_FAILURE = "the host's own work failed";

  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  private AccountTests() {}

  /**
   * Runs {@code flow} inside a transaction of the host's that then fails, as a host whose own work
   * fails after a flow joined its transaction, and checks the failure came through.
   */
  public static void inAFailingHostTransaction(GatehouseFixture g, Runnable flow) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                g.db.store.inTransaction(
                    tx -> {
                      flow.run();
                      throw new IllegalStateException(HOST_FAILURE);
                    }))
        .hasMessage(HOST_FAILURE);
  }

  public static String email() {
    return "user" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  public static String username() {
    return "u" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The token in the newest email to {@code address}. */
  public static String tokenIn(GatehouseFixture g, String address) {
    EmailMessage m = g.email.lastTo(address).orElseThrow();
    Matcher matcher = TOKEN.matcher(m.textBody());
    assertThat(matcher.find()).as("link in email").isTrue();
    return matcher.group(1);
  }

  public static void register(GatehouseFixture g, String email) {
    g.gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
  }

  /** Registers and confirms an account; answers its public id. */
  public static UUID confirmed(GatehouseFixture g, String email) {
    register(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    return userId(g, email);
  }

  /** Signs a confirmed account in with its password; answers the caller's verified token. */
  public static VerifiedAccessToken signedIn(GatehouseFixture g, String email, ClientInfo client) {
    String access =
        g.gatehouse
            .accounts()
            .login(new LoginRequest(email, PASSWORD, client))
            .orElseThrow()
            .tokens()
            .accessToken();
    return g.gatehouse.sessions().verifyAccessToken(access);
  }

  public static UUID userId(GatehouseFixture g, String email) {
    return user(g, email).orElseThrow().publicId();
  }

  public static Optional<UserRecord> user(GatehouseFixture g, String email) {
    return g.db.store.inTransaction(tx -> tx.users().findByEmail(email.toLowerCase()));
  }

  public static void updateUser(
      GatehouseFixture g, UUID id, UnaryOperator<UserRecord.Builder> change) {
    g.db.store.inTransaction(
        tx ->
            tx.users()
                .update(
                    change.apply(tx.users().findByPublicId(id).orElseThrow().toBuilder()).build()));
  }

  public static long failures(GatehouseFixture g, UUID id) {
    return g.db
        .store
        .inTransaction(tx -> tx.counters().find("login:user:" + id))
        .map(CounterState::count)
        .orElse(0L);
  }

  public static long counter(GatehouseFixture g, String key) {
    return g.db
        .store
        .inTransaction(tx -> tx.counters().find(key))
        .map(CounterState::count)
        .orElse(0L);
  }

  /** The code of the {@link AuthException} {@code call} throws. */
  public static String codeOf(ThrowingCallable call) {
    try {
      call.call();
    } catch (AuthException e) {
      return e.code();
    } catch (Throwable t) {
      throw new AssertionError("expected an AuthException, got " + t, t);
    }
    throw new AssertionError("expected an AuthException, nothing was thrown");
  }

  /** {@link Bursts#run(int, Callable)}: {@code n} copies of {@code task} released together. */
  public static List<String> burst(int n, Callable<String> task) throws Exception {
    return Bursts.run(n, task);
  }

  /** {@link Bursts#countTrue}: how many of {@code n} copies of {@code task} returned true. */
  public static int race(int n, Callable<Boolean> task) throws Exception {
    return Bursts.countTrue(n, task);
  }
}
