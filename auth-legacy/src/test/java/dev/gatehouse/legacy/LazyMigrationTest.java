package dev.gatehouse.legacy;

import static dev.gatehouse.core.flows.account.AccountTests.DJANGO_HASH;
import static dev.gatehouse.core.flows.account.AccountTests.DJANGO_PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.inAFailingHostTransaction;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static dev.gatehouse.core.flows.account.AccountTests.username;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyIdentifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Lazy migration: a user only the legacy system knows signs in (or asks for a password reset) and
 * is moved over once, with nothing lost and nothing left behind when the move does not happen. The
 * legacy system here is a map: the host's old user table as a {@link LegacyAuthenticator} would
 * read it.
 */
class LazyMigrationTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /**
   * The legacy user table: answers its users by canonical email or username until they are marked
   * migrated, as a reading implementation does (the stored hash, the typed password ignored).
   */
  static final class LegacyTable implements LegacyAuthenticator {
    final Map<String, LegacyAccount> byIdentifier = new ConcurrentHashMap<>();
    final List<String> migrated = new CopyOnWriteArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();
    @Nullable RuntimeException failure;
    @Nullable Runnable beforeAnswer;

    LegacyTable add(LegacyAccount account) {
      if (account.email() != null) {
        byIdentifier.put(account.email().toLowerCase(java.util.Locale.ROOT), account);
      }
      if (account.username() != null) {
        byIdentifier.put(account.username().toLowerCase(java.util.Locale.ROOT), account);
      }
      return this;
    }

    @Override
    public Optional<LegacyAccount> lookup(LegacyIdentifier identifier, @Nullable String password) {
      lookups.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      if (beforeAnswer != null) {
        beforeAnswer.run();
      }
      return Optional.ofNullable(byIdentifier.get(identifier.canonical()))
          .filter(a -> !migrated.contains(a.legacyId()));
    }

    @Override
    public void markMigrated(String legacyId, UUID userPublicId) {
      migrated.add(legacyId);
    }
  }

  private static GatehouseFixture gatehouse(StoreKind kind, LegacyTable legacy) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b -> b.set(AccountSettings.LOGIN_IDENTIFIER, LoginIdentifier.BOTH),
        g -> g.install(new LegacyCutOver().lazyMigration(legacy)));
  }

  /**
   * Guesses at a user only the legacy system knows are password guesses like any other: counted
   * before the legacy system is asked, and once the identifier is limited, even the right password
   * moves nothing over.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void guessesAtALegacyUserAreThrottledLikeAnyLoginAndALimitedOneMovesNothing(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 3)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 5),
            w -> w.install(new LegacyCutOver().lazyMigration(legacy)));
    String email = email();
    legacy.add(djangoUser(email).build());
    for (String guess : List.of("guess-1", "guess-2", "guess-3")) {
      assertThat(codeOf(() -> login(g, email, guess))).isEqualTo("invalid_credentials");
    }
    int asked = legacy.lookups.get();

    assertThat(codeOf(() -> login(g, email, DJANGO_PASSWORD))).isEqualTo("rate_limited");
    assertThat(legacy.lookups.get())
        .as("refused before the legacy system was asked")
        .isEqualTo(asked);
    assertThat(user(g, email)).isEmpty();
    assertThat(legacy.migrated).isEmpty();
  }

  /**
   * The hash count does not tell whether the legacy system knows a user: a wrong password for a
   * legacy user, an unknown user, and a user whose password the legacy system checks itself each
   * cost exactly one hash computation.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aFailedLoginCostsOneHashWhetherOrNotTheLegacySystemKnowsTheUser(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String known = email();
    legacy.add(djangoUser(known).build());
    PasswordHashing hashing = g.gatehouse.passwordHashing();
    for (String identifier : List.of(known, email())) {
      long before = hashing.hashComputations();
      assertThat(codeOf(() -> login(g, identifier, "not-the-password")))
          .isEqualTo("invalid_credentials");
      assertThat(hashing.hashComputations() - before).isEqualTo(1);
    }
  }

  private static LegacyAuthenticator.LegacyAccount.Builder djangoUser(String email) {
    return LegacyAuthenticator.LegacyAccount.builder("dj-" + UUID.randomUUID())
        .email(email)
        .passwordHash(DJANGO_HASH)
        .verified(true)
        .emailVerified(true);
  }

  private static SignInResult login(GatehouseFixture g, String identifier, String password) {
    return g.gatehouse.accounts().login(LoginRequest.of(identifier, password));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyUserSignsInWithTheLegacyHashAndIsMovedOverOnce(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    LegacyAuthenticator.LegacyAccount account = djangoUser(email).build();
    legacy.add(account);

    assertThat(login(g, email, DJANGO_PASSWORD)).isInstanceOf(SignInResult.SignedIn.class);

    UserRecord moved = user(g, email).orElseThrow();
    assertThat(moved.emailVerified()).isTrue();
    assertThat(moved.passwordHash())
        .as("re-hashed with the current algorithm, not kept in Django's format")
        .isNotEqualTo(DJANGO_HASH)
        .startsWith("$argon2id$");
    assertThat(legacy.migrated).containsExactly(account.legacyId());
    assertThat(g.events)
        .filteredOn(e -> e instanceof AuthEvent.Registered r && r.userId().equals(moved.publicId()))
        .hasSize(1);

    // From now on the account is local: the legacy system is not asked again.
    int asked = legacy.lookups.get();
    assertThat(login(g, email, DJANGO_PASSWORD)).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(legacy.lookups.get()).isEqualTo(asked);
    assertThat(legacy.migrated).hasSize(1);
  }

  /**
   * An account that took the address between the legacy answer and the move is never taken over by
   * the legacy password: the move rolls back and the login is retried against the local account.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAddressTakenDuringTheMoveIsNotTakenOverAndTheLoginRetriesLocally(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    legacy.add(djangoUser(email).build());
    legacy.beforeAnswer = () -> register(g, email);

    assertThat(codeOf(() -> login(g, email, DJANGO_PASSWORD))).isEqualTo("invalid_credentials");

    UserRecord local = user(g, email).orElseThrow();
    assertThat(local.passwordHash()).isNotEqualTo(DJANGO_HASH).startsWith("$argon2id$");
    assertThat(legacy.migrated).isEmpty();
    assertThat(g.events).filteredOn(e -> e instanceof AuthEvent.Registered).hasSize(1);
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.LoggedIn);
  }

  /**
   * With {@code require-verified}, an unconfirmed legacy user is moved over (its password was
   * right) but refused as a local unconfirmed account is, with the refusal in the trail.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anUnconfirmedLegacyUserIsMovedOverButRefusedLikeALocalOne(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b.set(AccountSettings.REQUIRE_VERIFIED, true),
            w -> w.install(new LegacyCutOver().lazyMigration(legacy)));
    String email = email();
    legacy.add(djangoUser(email).verified(false).emailVerified(false).build());

    assertThat(codeOf(() -> login(g, email, DJANGO_PASSWORD))).isEqualTo("account_not_verified");

    UserRecord moved = user(g, email).orElseThrow();
    assertThat(legacy.migrated).hasSize(1);
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.LoggedIn);
    assertThat(g.events)
        .filteredOn(
            e ->
                e instanceof AuthEvent.LoginFailed f
                    && moved.publicId().equals(f.userId())
                    && f.reason().equals("account_not_verified"))
        .hasSize(1);
    List<SessionState> live =
        g.db.store.inTransaction(
            tx -> tx.sessions().liveSessionsOf(moved.publicId(), g.clock.instant()));
    assertThat(live).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aWrongPasswordAnInactiveOrAnUnknownLegacyUserCreatesNothing(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String wrong = email();
    String inactive = email();
    String unknown = email();
    legacy.add(djangoUser(wrong).build()).add(djangoUser(inactive).active(false).build());

    assertThat(codeOf(() -> login(g, wrong, "not-the-password"))).isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> login(g, inactive, DJANGO_PASSWORD))).isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> login(g, unknown, DJANGO_PASSWORD))).isEqualTo("invalid_credentials");

    assertThat(List.of(wrong, inactive, unknown)).allSatisfy(e -> assertThat(user(g, e)).isEmpty());
    assertThat(legacy.migrated).isEmpty();
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.Registered);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacySystemThatChecksPasswordsItselfMovesAUserOnlyWhenItConfirmed(StoreKind kind) {
    String email = email();
    // An old application asked over HTTP: it answers only for the right password, without a hash.
    List<String> migrated = new CopyOnWriteArrayList<>();
    LegacyAuthenticator checking =
        new LegacyAuthenticator() {
          @Override
          public Optional<LegacyAccount> lookup(
              LegacyIdentifier identifier, @Nullable String password) {
            if (!identifier.canonical().equals(email) || !"old-secret-4411".equals(password)) {
              return Optional.empty();
            }
            return Optional.of(
                LegacyAccount.builder("http-7")
                    .email(email)
                    .passwordConfirmed(true)
                    .verified(true)
                    .build());
          }

          @Override
          public void markMigrated(String legacyId, UUID userPublicId) {
            migrated.add(legacyId);
          }
        };
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b,
            w -> w.install(new LegacyCutOver().lazyMigration(checking)));

    assertThat(codeOf(() -> login(g, email, "guess"))).isEqualTo("invalid_credentials");
    assertThat(user(g, email)).isEmpty();
    assertThat(login(g, email, "old-secret-4411")).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(migrated).containsExactly("http-7");
    assertThat(user(g, email).orElseThrow().passwordHash()).startsWith("$argon2id$");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordResetMovesTheLegacyUserOverKeepingTheLegacyHash(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    legacy.add(djangoUser(email).build());

    g.gatehouse.accounts().requestPasswordReset(email);

    // Kept verbatim, so the old password also still works until the reset is used.
    assertThat(user(g, email).orElseThrow().passwordHash()).isEqualTo(DJANGO_HASH);
    assertThat(g.email.lastTo(email)).isPresent();
    assertThat(legacy.migrated).hasSize(1);
    assertThat(login(g, email, DJANGO_PASSWORD)).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(user(g, email).orElseThrow().passwordHash())
        .as("upgraded at the first login")
        .startsWith("$argon2id$");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyEmailThatAnotherAccountHoldsIsLeftOutAndTheRestMovesOver(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String taken = email();
    register(g, taken);
    UUID owner = user(g, taken).orElseThrow().publicId();
    String name = username();
    legacy.add(djangoUser(taken).username(name).build());

    assertThat(login(g, name, DJANGO_PASSWORD)).isInstanceOf(SignInResult.SignedIn.class);

    UserRecord moved =
        g.db
            .store
            .inTransaction(tx -> tx.users().findByUsername(name.toLowerCase(java.util.Locale.ROOT)))
            .orElseThrow();
    assertThat(moved.publicId()).isNotEqualTo(owner);
    assertThat(moved.email()).isNull();
    assertThat(user(g, taken).orElseThrow().publicId()).isEqualTo(owner);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacySystemThatFailsIsAnInfrastructureErrorAndCreatesNothing(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    legacy.add(djangoUser(email).build());
    legacy.failure = new IllegalStateException("legacy database down");

    assertThat(codeOf(() -> login(g, email, DJANGO_PASSWORD))).isEqualTo("legacy_unavailable");
    assertThat(user(g, email)).isEmpty();
    assertThat(legacy.migrated).isEmpty();
  }

  /**
   * A login inside the host's transaction that the host then rolls back: the account it created is
   * gone, so the legacy side must not have been told the user moved, or the user would be known to
   * neither system.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aHostRollbackOfAMigratingLoginLeavesTheLegacyUserUnmarked(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    legacy.add(djangoUser(email).build());

    inAFailingHostTransaction(
        g,
        () -> {
          assertThat(login(g, email, DJANGO_PASSWORD)).isInstanceOf(SignInResult.SignedIn.class);
        });

    assertThat(user(g, email)).isEmpty();
    assertThat(legacy.migrated).as("told the legacy side about a rolled-back move").isEmpty();
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.Registered);
    // The user still exists somewhere: the next login moves them over.
    assertThat(login(g, email, DJANGO_PASSWORD)).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(legacy.migrated).hasSize(1);
  }

  /** The same for a password reset the host's transaction rolls back. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aHostRollbackOfAMigratingResetLeavesTheLegacyUserUnmarked(StoreKind kind) {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g = gatehouse(kind, legacy);
    String email = email();
    legacy.add(djangoUser(email).build());

    inAFailingHostTransaction(
        g,
        () -> {
          g.gatehouse.accounts().requestPasswordReset(email);
        });

    assertThat(user(g, email)).isEmpty();
    assertThat(legacy.migrated).isEmpty();
    assertThat(g.email.lastTo(email)).isEmpty();
  }
}
