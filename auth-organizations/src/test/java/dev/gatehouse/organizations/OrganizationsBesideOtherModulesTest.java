package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.DJANGO_HASH;
import static dev.gatehouse.core.flows.account.AccountTests.DJANGO_PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static dev.gatehouse.organizations.OrganizationSignInTest.connect;
import static dev.gatehouse.organizations.OrganizationSignInTest.organisation;
import static dev.gatehouse.organizations.OrganizationSignInTest.refusal;
import static dev.gatehouse.organizations.OrganizationSignInTest.signIn;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.legacy.LegacyAuthenticator;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.mfa.SecondFactorModule;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.Totp;
import dev.gatehouse.organizations.OrganizationSignInTest.Org;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.util.encoders.Base32;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The organisations' required sign-in and policy beside the modules they must hold against (issue
 * 60 items 5 and 6): an account auth-legacy moves in at its first login is refused a required
 * organisation sign-in like any other, and the second-factor policy lets in, with auth-mfa
 * installed, the member who passed an authenticator app and no other. On the in-memory store, H2,
 * PostgreSQL and MariaDB.
 */
class OrganizationsBesideOtherModulesTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Totp TOTP = Totp.sha1();

  @AfterAll
  static void close() {
    STORES.close();
  }

  /** The host's old user table, as a lazy migration's authenticator reads it. */
  private static final class LegacyTable implements LegacyAuthenticator {
    final Map<String, LegacyAccount> byEmail = new ConcurrentHashMap<>();

    @Override
    public Optional<LegacyAccount> lookup(LegacyIdentifier identifier, @Nullable String password) {
      return Optional.ofNullable(byEmail.get(identifier.canonical()));
    }

    @Override
    public void markMigrated(String legacyId, UUID userPublicId) {
      byEmail.values().removeIf(a -> a.legacyId().equals(legacyId));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anAccountMovedInAtItsFirstLoginIsRefusedARequiredOrganisationSignIn(String kind)
      throws Exception {
    LegacyTable legacy = new LegacyTable();
    GatehouseFixture g =
        STORES.gatehouse(
            kind,
            OrganizationSignInTest::testDomainsAndIssuers,
            OrganizationSignInTest::loopback,
            b -> b.install(new LegacyCutOver().lazyMigration(legacy)));
    Org o = organisation(g);
    String carol = "carol" + UUID.randomUUID().toString().substring(0, 6) + "@" + o.domain();
    String outsider = email();
    for (String address : new String[] {carol, outsider}) {
      legacy.byEmail.put(
          address,
          LegacyAuthenticator.LegacyAccount.builder("dj-" + UUID.randomUUID())
              .email(address)
              .passwordHash(DJANGO_HASH)
              .verified(true)
              .emailVerified(true)
              .build());
    }
    try (LocalIdp idp = new LocalIdp("acme-app", "secret", g.clock)) {
      connect(g, o, idp, true);
      int before = g.events.size();
      LoginRequest byPassword = new LoginRequest(carol, DJANGO_PASSWORD, CLIENT);

      assertThat(refusal(() -> g.gatehouse.accounts().login(byPassword)))
          .isEqualTo(OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED);
      assertThat(g.events.subList(before, g.events.size()))
          .noneMatch(e -> e instanceof AuthEvent.LoggedIn);
      // The account is moved in (as a refused login of an unconfirmed legacy user is), without a
      // session, and the refusal is in its trail; its organisation's sign-in then signs it in.
      UUID moved = user(g, carol).orElseThrow().publicId();
      assertThat(g.gatehouse.audit().forUser(moved, 100))
          .anyMatch(
              e -> "organization_sign_in_required".equals(e.reason()) && "pwd".equals(e.method()));
      // Moved in, it is an ordinary account, refused the same way.
      assertThat(refusal(() -> g.gatehouse.accounts().login(byPassword)))
          .isEqualTo(OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED);
      idp.email = carol;
      assertThat(((SignedIn) signIn(g, carol)).userId()).isEqualTo(moved);

      // A legacy user outside the organisation's domains is moved in and signed in.
      assertThat(g.gatehouse.accounts().login(new LoginRequest(outsider, DJANGO_PASSWORD, CLIENT)))
          .isInstanceOf(SignedIn.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aSecondFactorPolicyLetsInTheMemberWhoPassedAnAuthenticatorAppAndNoOther(String kind) {
    GatehouseFixture g =
        STORES.gatehouse(kind, m -> m, c -> c, b -> b.install(new SecondFactorModule()));
    UUID owner = confirmed(g, email());
    Organization acme =
        orgs(g).create(owner, "Acme", "m-" + UUID.randomUUID().toString().substring(0, 8));
    orgs(g).setPolicy(owner, acme.id(), new OrganizationPolicy(true, Set.of(), null));
    String bobAddress = email();
    UUID bob = confirmed(g, bobAddress);
    OrganizationPolicyTest.join(g, owner, acme, bob);

    // Signed in with the password alone: not let in, and nothing changed.
    TokenPair plain = OrganizationPolicyTest.passwordLogin(g, bobAddress);
    assertThat(refusal(() -> orgs(g).switchOrganization(bob, plain.sessionId(), acme.id())))
        .isEqualTo(OrganizationErrors.ORGANIZATION_POLICY);

    // With an authenticator app enrolled and passed at sign-in: let in.
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    VerifiedAccessToken caller = g.gatehouse.sessions().verifyAccessToken(plain.accessToken());
    byte[] seed =
        Base32.decode(
            padded(
                mfa.beginTotpEnrolment(caller, Reauthentication.recentSignIn(), CLIENT).secret()));
    mfa.confirmTotpEnrolment(caller, code(g, seed), CLIENT);
    g.clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    SignInResult first =
        g.gatehouse.accounts().login(new LoginRequest(bobAddress, PASSWORD, CLIENT));
    SignedIn in =
        mfa.completeLogin(
            Fixtures.secondStep(first).token(), SecondFactorProof.totp(code(g, seed)), CLIENT);
    assertThat(g.gatehouse.sessions().verifyAccessToken(in.tokens().accessToken()).claims())
        .extractingByKey("amr")
        .asString()
        .contains("mfa");
    TokenPair acting = orgs(g).switchOrganization(bob, in.tokens().sessionId(), acme.id());
    assertThat(g.gatehouse.sessions().verifyAccessToken(acting.accessToken()).claims())
        .containsEntry("org_id", acme.id().toString());
  }

  private static String code(GatehouseFixture g, byte[] seed) {
    return TOTP.code(seed, TOTP.step(g.clock.instant()));
  }

  private static String padded(String base32) {
    return base32 + "=".repeat((8 - base32.length() % 8) % 8);
  }
}
