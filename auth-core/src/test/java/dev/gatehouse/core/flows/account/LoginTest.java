package dev.gatehouse.core.flows.account;

import static dev.gatehouse.core.flows.account.AccountTests.DJANGO_HASH;
import static dev.gatehouse.core.flows.account.AccountTests.DJANGO_PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.burst;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.counter;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.failures;
import static dev.gatehouse.core.flows.account.AccountTests.race;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.password.PasswordHashFormat;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class LoginTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind));
  }

  private static GatehouseFixture gatehouse(
      StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
    return new GatehouseFixture(FIXTURES.get(kind), tweak);
  }

  private static String ip() {
    return "10."
        + (int) (Math.random() * 250)
        + "."
        + (int) (Math.random() * 250)
        + "."
        + (int) (Math.random() * 250);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aConfirmedUserLogsInWithAnyCaseOfTheEmailAndGetsATokenPair(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    TokenPair tokens =
        g.gatehouse
            .accounts()
            .login(
                new LoginRequest(" " + email.toUpperCase() + " ", PASSWORD, ClientInfo.web(ip())))
            .orElseThrow()
            .tokens();
    assertThat(tokens.accessToken()).isNotBlank();
    assertThat(tokens.refreshToken()).isNotBlank();
    // The pair names whom it signed in as its token does, so a caller need not verify it again.
    var verified = g.gatehouse.sessions().verifyAccessToken(tokens.accessToken());
    assertThat(tokens.userId()).isEqualTo(id).hasToString(verified.subject());
    assertThat(tokens.profileId()).isEqualTo(verified.profileId().orElse(null));
    assertThat(g.gatehouse.sessions().listSessions(id, null)).hasSize(1);
    assertThat(user(g, email).orElseThrow().lastLoginAt()).isEqualTo(g.clock.instant());
    assertThat(g.events)
        .filteredOn(AuthEvent.LoggedIn.class::isInstance)
        .map(AuthEvent.LoggedIn.class::cast)
        .anySatisfy(
            e -> {
              assertThat(e.userId()).isEqualTo(id);
              assertThat(e.method()).isEqualTo("pwd");
              assertThat(e.at()).isEqualTo(g.clock.instant());
              assertThat(e.origin().ipAddress()).startsWith("10.").endsWith(".0/24");
            });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void unknownUserWrongPasswordAndUnusableHashFailAlikeWithExactlyOneHash(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    String known = email();
    UUID id = confirmed(g, known);
    String unusable = email();
    UUID unusableId = confirmed(g, unusable);
    updateUser(g, unusableId, u -> u.passwordHash("!unusable"));

    List<LoginRequest> attempts =
        List.of(
            LoginRequest.of(email(), PASSWORD),
            LoginRequest.of(known, PASSWORD + "x"),
            LoginRequest.of(unusable, PASSWORD));
    for (LoginRequest attempt : attempts) {
      long before = hashing.hashComputations();
      assertThatThrownBy(() -> accounts.login(attempt))
          .isExactlyInstanceOf(RejectedInputException.class)
          .hasMessage("the identifier or the password is wrong")
          .extracting(e -> ((RejectedInputException) e).code())
          .isEqualTo("invalid_credentials");
      assertThat(hashing.hashComputations() - before).as(attempt.toString()).isEqualTo(1);
    }
    assertThat(failures(g, id)).isEqualTo(1);
    assertThat(g.events)
        .contains(new AuthEvent.LoginFailed(g.clock.instant(), id, "invalid_credentials"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void inactiveAndDeletedAccountsFailLikeAWrongPasswordAndUnverifiedOnesAreTold(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    String inactive = email();
    updateUser(g, confirmed(g, inactive), u -> u.active(false));
    String deleted = email();
    updateUser(g, confirmed(g, deleted), u -> u.deletedAt(Instant.EPOCH));
    String unverified = email();
    register(g, unverified);

    assertThat(codeOf(() -> accounts.login(LoginRequest.of(inactive, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(deleted, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(unverified, PASSWORD + "x"))))
        .isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(unverified, PASSWORD))))
        .isEqualTo("account_not_verified");

    GatehouseFixture lenient = gatehouse(kind, b -> b.set(AccountSettings.REQUIRE_VERIFIED, false));
    assertThat(lenient.gatehouse.accounts().login(LoginRequest.of(unverified, PASSWORD)))
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void failuresEarnADoublingDelayThenALockThatExpires(StoreKind kind) {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 3)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 5)
                    .set(ThrottleSettings.LOCKOUT_DURATION, Duration.ofMinutes(15)));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    UUID id = confirmed(g, email);
    LoginRequest wrong = LoginRequest.of(email, "not-the-password");
    for (int i = 0; i < 3; i++) {
      assertThat(codeOf(() -> accounts.login(wrong))).isEqualTo("invalid_credentials");
    }
    long hashes = g.gatehouse.passwordHashing().hashComputations();
    assertThatThrownBy(() -> accounts.login(wrong))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("rate_limited");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
    assertThat(g.gatehouse.passwordHashing().hashComputations()).isEqualTo(hashes);
    assertThat(failures(g, id)).as("a refused attempt is not counted").isEqualTo(3);

    g.clock.advance(Duration.ofSeconds(1));
    assertThat(codeOf(() -> accounts.login(wrong))).isEqualTo("invalid_credentials");
    assertThatThrownBy(() -> accounts.login(wrong))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
    g.clock.advance(Duration.ofSeconds(2));
    assertThat(codeOf(() -> accounts.login(wrong))).isEqualTo("invalid_credentials");
    assertThat(g.events)
        .contains(
            new AuthEvent.Locked(
                g.clock.instant(), id, g.clock.instant().plus(Duration.ofMinutes(15))));

    // Locked: even the right password is refused until the lock ends.
    assertThatThrownBy(() -> accounts.login(LoginRequest.of(email, PASSWORD)))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("account_locked");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15));
            });
    g.clock.advance(Duration.ofMinutes(15));
    assertThat(accounts.login(LoginRequest.of(email, PASSWORD))).isNotNull();
    assertThat(failures(g, id)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void identifierVariantsShareOneBucketAndASuccessClearsOnlyItsOwn(StoreKind kind) {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(AccountSettings.LOGIN_IDENTIFIER, LoginIdentifier.BOTH)
                    .set(ThrottleSettings.LOGIN_DELAY_AFTER, 10)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 20));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    String name = AccountTests.username();
    accounts.register(
        RegistrationRequest.builder().email(email).username(name).password(PASSWORD).build());
    g.gatehouse.accounts().confirmEmail(AccountTests.tokenIn(g, email));
    UUID id = AccountTests.userId(g, email);
    String other = email();
    UUID otherId = confirmed(g, other);
    String fullWidth =
        name.chars()
            .mapToObj(
                c ->
                    Character.isLetter(c)
                        ? String.valueOf((char) (c - 'a' + 'Ａ'))
                        : String.valueOf((char) c))
            .reduce("", String::concat);
    for (String variant :
        List.of(email, email.toUpperCase(), "  " + email + "\t", name.toUpperCase(), fullWidth)) {
      assertThat(codeOf(() -> accounts.login(LoginRequest.of(variant, "wrong-password"))))
          .as(variant)
          .isEqualTo("invalid_credentials");
    }
    assertThat(failures(g, id)).isEqualTo(5);
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(other, "wrong-password"))))
        .isEqualTo("invalid_credentials");
    accounts.login(LoginRequest.of(other, PASSWORD));
    assertThat(failures(g, otherId)).isZero();
    assertThat(failures(g, id)).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void variantsOfAnUnknownIdentifierShareOneBucketToo(StoreKind kind) {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 3)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 5));
    AccountService accounts = g.gatehouse.accounts();
    String ghost = email();
    for (String variant : List.of(ghost, ghost.toUpperCase(), " " + ghost)) {
      assertThat(codeOf(() -> accounts.login(LoginRequest.of(variant, PASSWORD))))
          .isEqualTo("invalid_credentials");
    }
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(ghost.toUpperCase(), PASSWORD))))
        .as("an unknown identifier is throttled exactly like a known one")
        .isEqualTo("rate_limited");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void fiftyConcurrentWrongPasswordsAreCountedAsExactlyFifty(StoreKind kind) throws Exception {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 60)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 100));
    String email = email();
    UUID id = confirmed(g, email);
    int refused =
        race(
            50,
            () ->
                "invalid_credentials"
                    .equals(
                        codeOf(
                            () ->
                                g.gatehouse
                                    .accounts()
                                    .login(LoginRequest.of(email, "wrong-password")))));
    assertThat(refused).isEqualTo(50);
    assertThat(failures(g, id)).isEqualTo(50);
  }

  /**
   * The lock cannot be raced: with the default limits, however many wrong passwords arrive at once
   * for one account, no more are evaluated than the limits allow (the delay starts at the third
   * failure and the clock does not move, so exactly three).
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void parallelWrongPasswordsWithDefaultLimitsEvaluateOnlyTheAllowedNumber(StoreKind kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    int allowed = g.gatehouse.config().get(ThrottleSettings.LOGIN_DELAY_AFTER);
    for (int n : new int[] {30, 60}) {
      String email = email();
      UUID id = confirmed(g, email);
      long before = hashing.hashComputations();
      int refusedAsWrong =
          race(
              n,
              () ->
                  "invalid_credentials"
                      .equals(
                          codeOf(
                              () ->
                                  g.gatehouse
                                      .accounts()
                                      .login(
                                          new LoginRequest(
                                              email, "wrong-password", ClientInfo.web(ip()))))));
      assertThat(hashing.hashComputations() - before)
          .as("passwords evaluated, n=%d", n)
          .isEqualTo(allowed);
      assertThat(refusedAsWrong).isEqualTo(allowed);
      assertThat(failures(g, id)).isEqualTo(allowed);
      // The right password is refused too until the delay ends: the lock held.
      assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(email, PASSWORD))))
          .isEqualTo("rate_limited");
    }
  }

  /**
   * With the delay pushed to just below the lock: a burst evaluates exactly the delay's number;
   * once it ends, the one attempt that reaches the maximum locks the account, announced once, and a
   * second burst evaluates nothing.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void parallelWrongPasswordsNeverPassTheLockAndTheLockIsAnnouncedOnce(StoreKind kind)
      throws Exception {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 9)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 10));
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    String email = email();
    UUID id = confirmed(g, email);
    Callable<String> guess =
        () ->
            codeOf(
                () ->
                    g.gatehouse
                        .accounts()
                        .login(new LoginRequest(email, "wrong-password", ClientInfo.web(ip()))));
    long before = hashing.hashComputations();
    assertThat(race(50, () -> "rate_limited".equals(guess.call()))).isEqualTo(41);
    assertThat(hashing.hashComputations() - before).isEqualTo(9);

    g.clock.advance(Duration.ofSeconds(1));
    assertThat(guess.call()).isEqualTo("invalid_credentials");
    assertThat(hashing.hashComputations() - before).isEqualTo(10);
    assertThat(race(30, () -> "account_locked".equals(guess.call()))).isEqualTo(30);
    assertThat(hashing.hashComputations() - before).isEqualTo(10);
    assertThat(failures(g, id)).isEqualTo(10);
    assertThat(g.events).filteredOn(AuthEvent.Locked.class::isInstance).hasSize(1);
  }

  /** The per-IP bucket holds under a parallel burst across many accounts the same way. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void parallelGuessesFromOneIpEvaluateNoMoreThanItsLimit(StoreKind kind) throws Exception {
    GatehouseFixture g = gatehouse(kind, b -> b.set(ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP, 5));
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    String ip = ip();
    long before = hashing.hashComputations();
    int limited =
        race(
            40,
            () ->
                "rate_limited"
                    .equals(
                        codeOf(
                            () ->
                                g.gatehouse
                                    .accounts()
                                    .login(
                                        new LoginRequest(
                                            email(), "wrong-password", ClientInfo.web(ip))))));
    assertThat(hashing.hashComputations() - before).isEqualTo(5);
    assertThat(limited).isEqualTo(35);
    assertThat(counter(g, "login:ip:" + ip)).isEqualTo(5);
  }

  /**
   * A refused attempt's reservation rolls back. When it had just created a counter row (the first
   * attempt from a new client IP at an account in a delay or lock), InnoDB let the reservations
   * queued on that row deadlock after the rollback, and those logins failed with {@code
   * storage_failed} instead of a refusal. Here every burst comes from one new IP at one account,
   * with the default limits, through each delay up to the lock: every attempt is either evaluated
   * and refused as wrong or refused as limited, and exactly the allowed number are evaluated.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void burstsFromNewIpsAtADelayedAccountAreRefusedAsLimitedNeverAsStorageFailures(StoreKind kind)
      throws Exception {
    GatehouseFixture g = gatehouse(kind);
    int delayAfter = g.gatehouse.config().get(ThrottleSettings.LOGIN_DELAY_AFTER);
    int max = g.gatehouse.config().get(ThrottleSettings.LOGIN_MAX_FAILURES);
    Duration lock = g.gatehouse.config().get(ThrottleSettings.LOCKOUT_DURATION);
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    String email = email();
    UUID id = confirmed(g, email);
    int threads = 16;
    long failures = 0;
    Instant lockedAt = null;
    while (failures < max) {
      // The delay (or, the first time, the account's fresh start) has just ended: this burst
      // evaluates up to the next delay and creates the new IP's row.
      int allowed = (int) Math.min(Math.max(delayAfter - failures, 1), max - failures);
      String limited = failures + allowed >= max ? "account_locked" : "rate_limited";
      lockedAt = g.clock.instant();
      long before = hashing.hashComputations();
      List<String> codes = burst(threads, wrongPasswordFromOneNewIp(g, email));
      assertThat(codes)
          .as("after %d failures", failures)
          .filteredOn("invalid_credentials"::equals)
          .hasSize(allowed);
      assertThat(codes).filteredOn(c -> !c.equals("invalid_credentials")).containsOnly(limited);
      assertThat(hashing.hashComputations() - before).isEqualTo(allowed);
      failures += allowed;
      assertThat(failures(g, id)).isEqualTo(failures);

      // Inside the delay or lock: every reservation is refused and rolls back, the first of this
      // burst after creating the new IP's row while the others wait for it.
      before = hashing.hashComputations();
      assertThat(burst(threads, wrongPasswordFromOneNewIp(g, email)))
          .as("inside the delay after %d failures", failures)
          .containsOnly(limited);
      assertThat(hashing.hashComputations() - before).isZero();
      assertThat(failures(g, id)).isEqualTo(failures);
      if (failures < max) {
        g.clock.set(lockEnd(g, id));
      }
    }
    assertThat(failures).isEqualTo(max);
    assertThat(lockEnd(g, id)).isEqualTo(lockedAt.plus(lock));
    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(email, PASSWORD))))
        .isEqualTo("account_locked");
  }

  private static Callable<String> wrongPasswordFromOneNewIp(GatehouseFixture g, String email) {
    ClientInfo client = ClientInfo.web(ip());
    return () ->
        codeOf(
            () -> g.gatehouse.accounts().login(new LoginRequest(email, "wrong-password", client)));
  }

  private static Instant lockEnd(GatehouseFixture g, UUID id) {
    return g.db
        .store
        .inTransaction(tx -> tx.counters().find("login:user:" + id))
        .orElseThrow()
        .lockedUntil();
  }

  /** A success gives its advance count back, so successes never fill a shared IP's bucket. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void successfulLoginsDoNotCountAgainstTheClientIp(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind, b -> b.set(ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP, 5));
    String ip = ip();
    String email = email();
    confirmed(g, email);
    for (int i = 0; i < 8; i++) {
      assertThat(
              g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, ClientInfo.web(ip))))
          .isNotNull();
    }
    assertThat(counter(g, "login:ip:" + ip)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void malformedInputIsTypedAndCountsAsAFailedAttempt(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    UUID id = confirmed(g, email);
    String ip = ip();
    record Case(String code, String identifier, String password) {}
    List<Case> cases =
        List.of(
            new Case("invalid_identifier", null, PASSWORD),
            new Case("invalid_identifier", "   ", PASSWORD),
            new Case("invalid_identifier", "x".repeat(321) + "@example.test", PASSWORD),
            new Case("invalid_email", "a@@b", PASSWORD),
            new Case("invalid_identifier", "just-a-name", PASSWORD),
            new Case("password_required", email, null),
            new Case("password_required", email, ""),
            new Case("password_too_long", email, "p".repeat(5000)));
    for (Case c : cases) {
      assertThat(
              codeOf(
                  () ->
                      accounts.login(
                          new LoginRequest(c.identifier(), c.password(), ClientInfo.web(ip)))))
          .as(c.toString())
          .isEqualTo(c.code());
    }
    assertThat(counter(g, "login:ip:" + ip)).isEqualTo(cases.size());
    assertThat(failures(g, id)).as("the three with a valid identifier").isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void oneClientIpIsRefusedAfterItsLimitWhateverTheAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind, b -> b.set(ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP, 5));
    AccountService accounts = g.gatehouse.accounts();
    String ip = ip();
    for (int i = 0; i < 5; i++) {
      String ghost = email();
      assertThat(
              codeOf(() -> accounts.login(new LoginRequest(ghost, PASSWORD, ClientInfo.web(ip)))))
          .isEqualTo("invalid_credentials");
    }
    String email = email();
    confirmed(g, email);
    assertThat(codeOf(() -> accounts.login(new LoginRequest(email, PASSWORD, ClientInfo.web(ip)))))
        .isEqualTo("rate_limited");
    assertThat(accounts.login(new LoginRequest(email, PASSWORD, ClientInfo.web(ip())))).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void usernameAndPhoneLoginFollowTheConfiguration(StoreKind kind) {
    GatehouseFixture both =
        gatehouse(kind, b -> b.set(AccountSettings.LOGIN_IDENTIFIER, LoginIdentifier.BOTH));
    String email = email();
    String name = AccountTests.username();
    both.gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder().email(email).username(name).password(PASSWORD).build());
    both.gatehouse.accounts().confirmEmail(AccountTests.tokenIn(both, email));
    String phone = String.format("+1415555%04d", (int) (Math.random() * 10000));
    updateUser(both, AccountTests.userId(both, email), u -> u.phone(phone));
    assertThat(both.gatehouse.accounts().login(LoginRequest.of(name.toUpperCase(), PASSWORD)))
        .isNotNull();
    assertThat(both.gatehouse.accounts().login(LoginRequest.of(email, PASSWORD))).isNotNull();
    assertThat(both.gatehouse.accounts().login(LoginRequest.of(phone.substring(2), PASSWORD)))
        .isNotNull();

    GatehouseFixture emailOnly = gatehouse(kind, b -> b.set(AccountSettings.LOGIN_BY_PHONE, false));
    assertThat(codeOf(() -> emailOnly.gatehouse.accounts().login(LoginRequest.of(name, PASSWORD))))
        .isEqualTo("invalid_identifier");
    assertThat(codeOf(() -> emailOnly.gatehouse.accounts().login(LoginRequest.of(phone, PASSWORD))))
        .isEqualTo("invalid_identifier");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyDjangoHashIsUpgradedToArgon2idOnLogin(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    updateUser(g, id, u -> u.passwordHash(DJANGO_HASH));
    g.gatehouse.accounts().login(LoginRequest.of(email, DJANGO_PASSWORD));
    String upgraded = user(g, email).orElseThrow().passwordHash();
    assertThat(upgraded).startsWith("$argon2id$");
    long before = g.gatehouse.passwordHashing().hashComputations();
    g.gatehouse.accounts().login(LoginRequest.of(email, DJANGO_PASSWORD));
    assertThat(g.gatehouse.passwordHashing().hashComputations() - before).isEqualTo(1);
    assertThat(user(g, email).orElseThrow().passwordHash()).isEqualTo(upgraded);
  }

  /**
   * One (password, stored hash) per legacy family, rows of auth-core's {@code
   * password/legacy-hashes.jsonl} (made by OpenSSL, mkpasswd, slappasswd, passlib, PHP; Firebase's
   * published sample).
   */
  private static final List<List<String>> LEGACY_FAMILIES =
      List.of(
          List.of("Pass-md5crypt", "$1$wdfxIt2K$6gOh3oMIy65O86X6GpXvM."),
          List.of("Pass-md5crypt", "$apr1$dZ5xbgXt$AKj6.yNGVmGF76pWZKuxH0"),
          List.of(
              "Pass-md5crypt", "$5$vls6Aft.sAoOUuV7$STKG4ZSS/gpgFc4Pznd4d3cQsESjSSbwEc7kJZcOGtB"),
          List.of("Bsdi-password-long", "_J9..vBIB6NLP9iJxBI2"),
          List.of("Django-crypt", "crypt$$mrIA5WWNvz3yw"),
          List.of("Ldap-ssha", "{SSHA}zP30J/qNr4QqfnNgY/mgY4feYh+h166n"),
          List.of("Ldap-crypt-md5", "{CRYPT}$1$i2siZn3j$VAnqfKclUZIsyePYDxC5y1"),
          List.of(
              "Long-" + "x".repeat(80) + "-A",
              "$bcrypt-sha256$v=2,t=2b,r=5$3jktn52vTnVHVtoLHMopvO$l6jV9RIZIFNHFDpS2rftR2Kwb.z7kVq"),
          List.of(
              "Scrypt-pl",
              "$scrypt$ln=14,r=8,p=1$hjBmDMG411prbS0lBIAwZg$I7vHoxOiqKT/XZk/Mu/OeTYLmrhTfLvl+TKTvKnHoMA"),
          List.of(
              "Wp-6.8-password", "$wp$2y$10$j3oFaQaz0dVOpbCgCIRMLOZuLHd08uTCAtyZIiFKihk94ZcozK1Uq"),
          List.of("Drupal-7-pw", "$S$DXt4tytLl9Jz2VuPDzU8wpSNVA8QN2RUTmS/1WzxEj1jzNYDAiSd"),
          List.of(
              "AspNet-v3",
              "AQAAAAEAACcQAAAAEEYgupe3xyncSZUc1PggkupGvxaMw1+MyPMox/XCJKf4bcvSI9b4HLvZZyXpcgsiBw=="),
          List.of(
              "user1password",
              "$firebase-scrypt$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ=="),
          List.of("Raw-sha1", "3780d8a938d2b8a9881a359a4db336f62fb24eb0"));

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyLegacyFamilyLogsInOnceAndIsUpgradedToArgon2id(StoreKind kind) {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(PasswordSettings.PASSWORD_ALLOW_UNSALTED_DIGESTS, true)
                    .set(
                        PasswordSettings.PASSWORD_FIREBASE_SIGNER_KEY,
                        "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==")
                    .set(PasswordSettings.PASSWORD_FIREBASE_SALT_SEPARATOR, "Bw==")
                    .set(PasswordSettings.PASSWORD_FIREBASE_ROUNDS, 8)
                    .set(PasswordSettings.PASSWORD_FIREBASE_MEM_COST, 14));
    // One account, given each legacy hash in turn (the migrated users' case, one after another).
    String email = email();
    UUID id = confirmed(g, email);
    for (List<String> family : LEGACY_FAMILIES) {
      String password = family.get(0);
      updateUser(g, id, u -> u.passwordHash(family.get(1)));

      assertThat(g.gatehouse.accounts().login(LoginRequest.of(email, password)))
          .as(family.get(1))
          .isNotNull();
      String upgraded = user(g, email).orElseThrow().passwordHash();
      assertThat(upgraded).as(family.get(1)).startsWith("$argon2id$");
      assertThat(g.gatehouse.passwordHashing().verify(password, upgraded).matched()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void unsaltedDigestsAndFirebaseHashesDoNotLogInUnlessConfigured(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    for (List<String> family :
        LEGACY_FAMILIES.subList(LEGACY_FAMILIES.size() - 2, LEGACY_FAMILIES.size())) {
      updateUser(g, id, u -> u.passwordHash(family.get(1)));

      assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(email, family.get(0)))))
          .as(family.get(1))
          .isEqualTo("invalid_credentials");
      assertThat(user(g, email).orElseThrow().passwordHash()).isEqualTo(family.get(1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyHashOfADecomposedPasswordLogsInAndIsRehashedInNfkcForm(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    // Another system hashed exactly what was typed: "cafe" + COMBINING ACUTE ACCENT (NFD).
    String typedThere = "cafe\u0301 au lait, s'il vous pla\u0131t";
    String legacy =
        PasswordHashing.create(
                PasswordHashingOptions.builder()
                    .algorithm(PasswordHashAlgorithm.PBKDF2_SHA256)
                    .pbkdf2Iterations(1000)
                    .build())
            .hash(typedThere);
    updateUser(g, id, u -> u.passwordHash(legacy));
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    long before = hashing.hashComputations();
    g.gatehouse.accounts().login(LoginRequest.of(email, typedThere));
    // Two checks (NFKC, then as typed) and one rehash.
    assertThat(hashing.hashComputations() - before).isEqualTo(3);
    assertThat(user(g, email).orElseThrow().passwordHash()).startsWith("$argon2id$");
    // From now on both the composed and the decomposed spelling work.
    g.gatehouse
        .accounts()
        .login(
            LoginRequest.of(
                email, java.text.Normalizer.normalize(typedThere, java.text.Normalizer.Form.NFC)));
    g.gatehouse.accounts().login(LoginRequest.of(email, typedThere));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aNonNfkcPasswordCostsTheSameHashesForKnownAndUnknownAccounts(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String known = email();
    confirmed(g, known);
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    for (String who : List.of(known, email())) {
      long before = hashing.hashComputations();
      assertThatThrownBy(
              () -> g.gatehouse.accounts().login(LoginRequest.of(who, "wrong cafe\u0301 password")))
          .extracting(e -> ((RejectedInputException) e).code())
          .isEqualTo("invalid_credentials");
      assertThat(hashing.hashComputations() - before).as(who).isEqualTo(2);
    }
  }

  /**
   * A host format whose check runs a concurrent password change (committed in its own transaction)
   * while the login is between its verification and its write.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordChangedDuringALoginIsNeverOverwrittenByTheUpgrade(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    Runnable[] hook = {() -> {}};
    PasswordHashFormat legacy =
        new PasswordHashFormat() {
          @Override
          public String id() {
            return "host-legacy";
          }

          @Override
          public boolean recognizes(String storedHash) {
            return storedHash.startsWith("legacy$");
          }

          @Override
          public Optional<ParsedHash> parse(String storedHash, PasswordHashingOptions limits) {
            String expected = storedHash.substring("legacy$".length());
            return Optional.of(
                raw -> {
                  hook[0].run();
                  return raw.equals(expected);
                });
          }
        };
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    CapturingEmailSender mail = new CapturingEmailSender();
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build();
    Gatehouse gh =
        Gatehouse.builder(config, db.store)
            .emailSender(mail)
            .deliveryExecutor(Runnable::run)
            .passwordHashing(
                PasswordHashing.builder()
                    .options(PasswordHashingOptions.builder().argon2(7168, 1, 1).build())
                    .addFormat(legacy)
                    .build())
            .build();
    String email = email();
    UUID id =
        db.store.inTransaction(
            tx -> {
              return AccountFactory.of(config)
                  .insertUser(
                      tx,
                      UserRecord.newAccount(clock.instant())
                          .email(email, email)
                          .passwordHash("legacy$" + PASSWORD)
                          .verified(true)
                          .build())
                  .publicId();
            });
    hook[0] =
        () ->
            db.store.inTransaction(
                tx ->
                    tx.users()
                        .replacePasswordHash(
                            id, "legacy$" + PASSWORD, "legacy$changed-elsewhere", clock.instant()));
    assertThat(codeOf(() -> gh.accounts().login(LoginRequest.of(email, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(
            db.store
                .inTransaction(tx -> tx.users().findByPublicId(id))
                .orElseThrow()
                .passwordHash())
        .isEqualTo("legacy$changed-elsewhere");
    assertThat(gh.sessions().listSessions(id, null)).isEmpty();
  }
}
