package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.otp.OtpWorld;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Per-organisation policy (issue 60 item 6): a session acts for an organisation only when its
 * sign-in meets the organisation's policy (second factor, sign-in methods, lifetime), checked at
 * the switch (refused, nothing changed) and at every refresh (the claims dropped when the session
 * outlives the lifetime or the policy changed). On the in-memory store, H2, PostgreSQL and MariaDB.
 */
class OrganizationPolicyTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Pattern INVITATION_TOKEN =
      Pattern.compile("invitation\\?token=([A-Za-z0-9_-]+)");

  @AfterAll
  static void close() {
    STORES.close();
  }

  private record Member(UUID id, String email, TokenPair tokens) {}

  private static Member byPassword(GatehouseFixture g) {
    String address = email();
    UUID id = confirmed(g, address);
    return new Member(id, address, passwordLogin(g, address));
  }

  static TokenPair passwordLogin(GatehouseFixture g, String address) {
    return g.gatehouse
        .accounts()
        .login(new LoginRequest(address, PASSWORD, CLIENT))
        .orElseThrow()
        .tokens();
  }

  private static TokenPair codeLogin(GatehouseFixture g, String address) {
    g.gatehouse.otp().request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    String code = OtpWorld.emailCode(g, address);
    return g.gatehouse
        .otp()
        .loginWithCode(address, OtpChannel.EMAIL, code, CLIENT)
        .orElseThrow()
        .tokens();
  }

  private static Organization organisation(GatehouseFixture g, UUID owner) {
    return orgs(g).create(owner, "Acme", "p-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static void join(GatehouseFixture g, UUID inviter, Organization org, UUID who) {
    UserRecord account =
        g.db.store.inTransaction(tx -> tx.users().findByPublicId(who)).orElseThrow();
    orgs(g).invite(inviter, org.id(), account.email(), OrganizationRole.MEMBER);
    Matcher m = INVITATION_TOKEN.matcher(g.email.lastTo(account.email()).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    orgs(g).accept(who, m.group(1));
  }

  private static Map<String, Object> claims(GatehouseFixture g, TokenPair pair) {
    return g.gatehouse.sessions().verifyAccessToken(pair.accessToken()).claims();
  }

  private static TokenPair refresh(GatehouseFixture g, TokenPair pair) {
    return g.gatehouse.sessions().refresh(pair.refreshToken(), CLIENT);
  }

  private static void refused(ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.code()).as("code").isEqualTo(code));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aSessionOfAMethodThePolicyDoesNotAllowIsNotLetInAndKeepsItsTokens(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member owner = byPassword(g);
    Organization acme = organisation(g, owner.id());
    Member bob = byPassword(g);
    join(g, owner.id(), acme, bob.id());
    orgs(g).setPolicy(owner.id(), acme.id(), new OrganizationPolicy(false, Set.of("otp"), null));
    assertThat(orgs(g).policy(bob.id(), acme.id()).signInMethods()).containsExactly("otp");

    refused(
        () -> orgs(g).switchOrganization(bob.id(), bob.tokens().sessionId(), acme.id()),
        "organization_policy");
    // Nothing changed: the session's refresh token still works and acts for no organisation.
    assertThat(claims(g, refresh(g, bob.tokens()))).doesNotContainKeys("org_id", "org_policy");

    TokenPair byCode = codeLogin(g, bob.email());
    TokenPair in = orgs(g).switchOrganization(bob.id(), byCode.sessionId(), acme.id());
    assertThat(claims(g, in))
        .containsEntry("org_id", acme.id().toString())
        .containsKey("org_policy");
    assertThat(claims(g, refresh(g, in))).containsEntry("org_id", acme.id().toString());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aSecondFactorRequiredKeepsOutASessionSignedInWithoutOne(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member owner = byPassword(g);
    Organization acme = organisation(g, owner.id());
    orgs(g).setPolicy(owner.id(), acme.id(), new OrganizationPolicy(true, Set.of(), null));
    refused(
        () -> orgs(g).switchOrganization(owner.id(), owner.tokens().sessionId(), acme.id()),
        "organization_policy");
    // The owner may still change the policy back: managing it needs no switch.
    orgs(g).setPolicy(owner.id(), acme.id(), OrganizationPolicy.NONE);
    assertThat(
            claims(
                g, orgs(g).switchOrganization(owner.id(), owner.tokens().sessionId(), acme.id())))
        .containsEntry("org_id", acme.id().toString())
        .doesNotContainKey("org_policy");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aSessionOutlivingTheLifetimeStopsActingForTheOrganisationAtItsNextRefresh(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member owner = byPassword(g);
    Organization acme = organisation(g, owner.id());
    orgs(g)
        .setPolicy(
            owner.id(), acme.id(), new OrganizationPolicy(false, Set.of(), Duration.ofHours(1)));
    TokenPair in = orgs(g).switchOrganization(owner.id(), owner.tokens().sessionId(), acme.id());
    assertThat(claims(g, in)).containsKey("org_exp");
    g.clock.advance(Duration.ofMinutes(30));
    TokenPair half = refresh(g, in);
    assertThat(claims(g, half)).containsEntry("org_id", acme.id().toString());
    g.clock.advance(Duration.ofMinutes(31));
    TokenPair after = refresh(g, half);
    assertThat(claims(g, after)).doesNotContainKeys("org_id", "org_role", "org_policy", "org_exp");
    // Switching back in is refused: the session's sign-in is older than the organisation allows.
    refused(
        () -> orgs(g).switchOrganization(owner.id(), after.sessionId(), acme.id()),
        "organization_policy");
    TokenPair fresh = passwordLogin(g, owner.email());
    assertThat(claims(g, orgs(g).switchOrganization(owner.id(), fresh.sessionId(), acme.id())))
        .containsEntry("org_id", acme.id().toString());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aChangedPolicyEndsTheClaimsAtTheNextRefreshAndOnlyTheOwnerSetsIt(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member owner = byPassword(g);
    Organization acme = organisation(g, owner.id());
    Member bob = byPassword(g);
    join(g, owner.id(), acme, bob.id());
    TokenPair in = orgs(g).switchOrganization(bob.id(), bob.tokens().sessionId(), acme.id());
    assertThat(claims(g, in)).doesNotContainKey("org_policy");

    OrganizationPolicy pwdOnly = new OrganizationPolicy(false, Set.of("pwd"), null);
    refused(() -> orgs(g).setPolicy(bob.id(), acme.id(), pwdOnly), "forbidden");
    Member stranger = byPassword(g);
    refused(() -> orgs(g).setPolicy(stranger.id(), acme.id(), pwdOnly), "organization_not_found");
    refused(() -> orgs(g).policy(stranger.id(), acme.id()), "organization_not_found");
    refused(() -> new OrganizationPolicy(false, Set.of("Not A Method"), null), "invalid_settings");
    refused(
        () -> new OrganizationPolicy(false, Set.of(), Duration.ofSeconds(5)), "invalid_settings");

    orgs(g).setPolicy(owner.id(), acme.id(), pwdOnly);
    // Bob's session met no policy when it switched: the next refresh drops the claims, even though
    // it would meet this one, and the switch checks it again.
    TokenPair next = refresh(g, in);
    assertThat(claims(g, next)).doesNotContainKey("org_id");
    TokenPair again = orgs(g).switchOrganization(bob.id(), next.sessionId(), acme.id());
    assertThat(claims(g, again)).containsKey("org_policy");
    TokenPair kept = refresh(g, again);
    assertThat(claims(g, kept)).containsEntry("org_id", acme.id().toString());
    orgs(g)
        .setPolicy(
            owner.id(), acme.id(), new OrganizationPolicy(false, Set.of("pwd", "otp"), null));
    assertThat(claims(g, refresh(g, kept))).doesNotContainKey("org_id");
  }
}
