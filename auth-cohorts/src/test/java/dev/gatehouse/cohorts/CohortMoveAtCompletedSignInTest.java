package dev.gatehouse.cohorts;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SignInGuard;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.mfa.SecondFactorModule;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.Totp;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * In a moving cohort an account moves only when its sign-in completes (issue 93, finding 10): the
 * right password alone, with the second factor still to answer, moves no one; the answered second
 * step does; a sign-in that a later guard refuses moves no one. On every store.
 */
class CohortMoveAtCompletedSignInTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.19");
  private static final Set<String> MIGRATED = new HashSet<>();
  private static final Totp TOTP = Totp.sha1();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static synchronized StoreFixture store(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    if (db instanceof JpaFixture jpa && MIGRATED.add(kind.name())) {
      GatehouseMigrations.migrate(jpa.db.dataSource(), Cohorts.CHANGELOG, jpa.entities);
    }
    return db;
  }

  /** The host's mapping of legacy ids to the accounts they became. */
  private static final class Mapping implements LegacyAccountResolver {
    private final Map<String, UUID> accounts = new ConcurrentHashMap<>();

    @Override
    public Optional<UUID> accountOf(String legacyUserId) {
      return Optional.ofNullable(accounts.get(legacyUserId));
    }

    @Override
    public Optional<String> legacyUserIdOf(UUID account) {
      return accounts.entrySet().stream()
          .filter(e -> e.getValue().equals(account))
          .map(Map.Entry::getKey)
          .findFirst();
    }
  }

  /** A module's guard installed after the cohorts: it refuses the accounts it is given. */
  private static final class Refusing implements SignInGuard {
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();

    @Override
    public RejectedInputException refusal(
        dev.gatehouse.core.store.StoreTransaction tx,
        dev.gatehouse.core.store.UserRecord account,
        String method,
        java.time.Instant now) {
      return refused.contains(account.publicId())
          ? new RejectedInputException(ErrorCode.FORBIDDEN, "refused by a later guard")
          : null;
    }
  }

  private record Setup(GatehouseFixture g, CohortService cohorts, String cohort) {}

  private static Setup setUp(StoreKind kind, Mapping mapping, Refusing refusing) {
    String cohort = "moving-" + UUID.randomUUID().toString().substring(0, 8);
    GatehouseFixture g =
        new GatehouseFixture(
            store(kind),
            b -> b,
            b ->
                b.legacyAccounts(mapping)
                    .install(new Cohorts(CohortRule.builder().rest(cohort).build()))
                    .install(new SecondFactorModule())
                    .feature(
                        Refusing.class,
                        context -> {
                          context.hook(refusing);
                          return refusing;
                        }));
    CohortService cohorts = g.gatehouse.feature(CohortService.class);
    String staff = email();
    updateUser(g, confirmed(g, staff), u -> u.staff(true));
    cohorts.move(signedIn(g, staff, CLIENT), cohort, CohortState.MOVING, "start", CLIENT);
    return new Setup(g, cohorts, cohort);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theRightPasswordWithTheSecondFactorPendingMovesNoOneTheAnsweredSecondStepDoes(
      StoreKind kind) {
    Mapping mapping = new Mapping();
    Setup s = setUp(kind, mapping, new Refusing());
    String address = email();
    UUID account = confirmed(s.g(), address);
    VerifiedAccessToken before = signedIn(s.g(), address, CLIENT);
    // The account enrols an authenticator app before it is known as a legacy one, so that the
    // sign-in above moved no one.
    SecondFactorService mfa = s.g().gatehouse.feature(SecondFactorService.class);
    byte[] seed =
        Base32.decode(
            padded(
                mfa.beginTotpEnrolment(before, Reauthentication.recentSignIn(), CLIENT).secret()));
    mfa.confirmTotpEnrolment(before, code(s.g(), seed), CLIENT);
    s.g().clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    CohortMember member = CohortMember.of(UUID.randomUUID().toString(), address);
    mapping.accounts.put(member.legacyId(), account);
    assertThat(s.cohorts().forSignIn(member)).isEqualTo(Server.GATEHOUSE);

    SignInResult first =
        s.g().gatehouse.accounts().login(new LoginRequest(address, PASSWORD, CLIENT));
    assertThat(first).isInstanceOf(SignInResult.SecondStepRequired.class);
    assertThat(s.cohorts().assignment(member.legacyId()).orElseThrow().moved()).isFalse();
    assertThat(s.cohorts().forSession(member)).isEqualTo(Server.LEGACY);

    String challenge = ((SignInResult.SecondStepRequired) first).challenge().token();
    mfa.completeLogin(challenge, SecondFactorProof.totp(code(s.g(), seed)), CLIENT);
    assertThat(s.cohorts().assignment(member.legacyId()).orElseThrow().moved()).isTrue();
    assertThat(s.cohorts().forSession(member)).isEqualTo(Server.GATEHOUSE);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSignInALaterGuardRefusesMovesNoOne(StoreKind kind) {
    Mapping mapping = new Mapping();
    Refusing refusing = new Refusing();
    Setup s = setUp(kind, mapping, refusing);
    String address = email();
    UUID account = confirmed(s.g(), address);
    CohortMember member = CohortMember.of(UUID.randomUUID().toString(), address);
    mapping.accounts.put(member.legacyId(), account);
    assertThat(s.cohorts().forSignIn(member)).isEqualTo(Server.GATEHOUSE);
    refusing.refused.add(account);

    assertThat(
            codeOf(
                () ->
                    s.g().gatehouse.accounts().login(new LoginRequest(address, PASSWORD, CLIENT))))
        .isEqualTo("forbidden");
    assertThat(s.cohorts().assignment(member.legacyId()).orElseThrow().moved()).isFalse();
    assertThat(s.cohorts().forSession(member)).isEqualTo(Server.LEGACY);

    refusing.refused.remove(account);
    signedIn(s.g(), address, CLIENT);
    assertThat(s.cohorts().forSession(member)).isEqualTo(Server.GATEHOUSE);
  }

  private static String code(GatehouseFixture g, byte[] seed) {
    return TOTP.code(seed, TOTP.step(g.clock.instant()));
  }

  private static String padded(String base32) {
    return base32 + "=".repeat((8 - base32.length() % 8) % 8);
  }
}
