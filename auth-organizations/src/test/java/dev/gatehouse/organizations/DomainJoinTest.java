package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.MembershipChanged;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Joining an organisation by a verified email domain (issue 60 item 3), tested as an attacker
 * would: only an account whose address is verified, of a domain the organisation verified and lets
 * accounts join by, joins; an unverified address, an unverified domain, another organisation's
 * domain, a look-alike domain and an organisation that does not allow it are refused and change
 * nothing. On the in-memory store, H2, PostgreSQL and MariaDB.
 */
class DomainJoinTest {
  private static final OrganizationStores STORES = new OrganizationStores();

  /** The DNS of the test: the TXT value published at each domain. */
  private static final Map<String, String> PUBLISHED = new ConcurrentHashMap<>();

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static GatehouseFixture gatehouse(String kind) {
    return STORES.gatehouse(
        kind,
        m -> m.domainVerifier((domain, challenge) -> challenge.equals(PUBLISHED.get(domain))),
        c -> c);
  }

  private static OrganizationSignIn sso(GatehouseFixture g) {
    return g.gatehouse.feature(OrganizationSignIn.class);
  }

  private static String random() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** An organisation of a new owner, with a domain claimed, verified when asked. */
  private record Org(UUID owner, Organization org, String domain) {}

  private static Org organisation(GatehouseFixture g, boolean verified, boolean joinAllowed) {
    UUID owner = confirmed(g, "owner" + random() + "@example.test");
    Organization org = orgs(g).create(owner, "Acme", "o-" + random());
    String domain = "d" + random() + ".example";
    OrganizationDomain claimed = sso(g).addDomain(owner, org.id(), domain);
    if (verified) {
      PUBLISHED.put(domain, claimed.challenge());
      sso(g).verifyDomain(owner, org.id(), domain);
    }
    if (joinAllowed) {
      OrganizationSignIn sso = sso(g);
      // snippet:start allow
      sso.allowDomainJoin(owner, org.id(), domain, true);
      // snippet:end allow
    }
    return new Org(owner, org, domain);
  }

  private static ErrorCode refusal(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(AuthException.class);
    return ((AuthException) t).error();
  }

  private static long joined(GatehouseFixture g, UUID user) {
    return g.events.stream()
        .filter(MembershipChanged.class::isInstance)
        .map(MembershipChanged.class::cast)
        .filter(e -> e.userId().equals(user))
        .count();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aVerifiedAddressOfAVerifiedDomainJoinsOnceAsAMemberWithItsEventAndAuditRow(String kind) {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g, true, true);
    UUID bob = confirmed(g, "bob@" + o.domain().toUpperCase());
    OrganizationSignIn sso = sso(g);

    // snippet:start join
    Optional<Organization> offered = sso.joinable(bob); // of the domain of bob's verified address
    Membership m = sso.joinByDomain(bob, offered.orElseThrow().id());
    // snippet:end join
    assertThat(offered).map(Organization::id).contains(o.org().id());
    assertThat(m.role()).isEqualTo(OrganizationRole.MEMBER);
    assertThat(m.invitedBy()).isNull();
    assertThat(orgs(g).can(bob, o.org().id(), OrganizationRole.READ)).isTrue();
    assertThat(orgs(g).can(bob, o.org().id(), OrganizationRole.MEMBERS_INVITE)).isFalse();
    assertThat(sso.joinable(bob)).isEmpty();

    // Joining again changes nothing and keeps a role given since.
    orgs(g).changeRole(o.owner(), o.org().id(), bob, OrganizationRole.ADMIN);
    assertThat(sso.joinByDomain(bob, o.org().id()).role()).isEqualTo(OrganizationRole.ADMIN);
    assertThat(orgs(g).members(o.owner(), o.org().id())).hasSize(2);
    assertThat(
            g.events.stream()
                .filter(MembershipChanged.class::isInstance)
                .map(MembershipChanged.class::cast)
                .filter(e -> e.userId().equals(bob)))
        .extracting(MembershipChanged::change, MembershipChanged::role, MembershipChanged::by)
        .containsExactly(
            tuple(MembershipChanged.JOINED, OrganizationRole.MEMBER, null),
            tuple(MembershipChanged.ROLE_CHANGED, OrganizationRole.ADMIN, o.owner()));
    assertThat(g.gatehouse.audit().forUser(bob, 50))
        .extracting(AuditEntry::reason, AuditEntry::detail)
        .contains(tuple("joined", "organization " + o.org().id() + " role member"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anUnverifiedAddressIsRefusedBeforeAnyOrganisationIsRead(String kind) {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g, true, true);
    String mallory = "mallory@" + o.domain();
    register(g, mallory); // never confirmed: anybody may type any address
    UUID id = userId(g, mallory);

    assertThat(sso(g).joinable(id)).isEmpty();
    assertThat(refusal(() -> sso(g).joinByDomain(id, o.org().id())))
        .isEqualTo(ErrorCode.ACCOUNT_NOT_VERIFIED);
    // The same answer for an organisation that does not exist: nothing is learnt of either.
    assertThat(refusal(() -> sso(g).joinByDomain(id, UUID.randomUUID())))
        .isEqualTo(ErrorCode.ACCOUNT_NOT_VERIFIED);
    assertThat(orgs(g).find(id, o.org().id())).isEmpty();
    assertThat(orgs(g).members(o.owner(), o.org().id())).hasSize(1);
    assertThat(joined(g, id)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anUnverifiedDomainNeitherLetsAccountsJoinNorCanBeOpenedToThem(String kind) {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g, false, false);
    UUID eve = confirmed(g, "eve@" + o.domain());

    assertThat(refusal(() -> sso(g).allowDomainJoin(o.owner(), o.org().id(), o.domain(), true)))
        .isEqualTo(OrganizationErrors.DOMAIN_NOT_VERIFIED);
    assertThat(sso(g).domains(o.owner(), o.org().id()))
        .extracting(OrganizationDomain::joinAllowed)
        .containsExactly(false);
    assertThat(sso(g).joinable(eve)).isEmpty();
    assertThat(refusal(() -> sso(g).joinByDomain(eve, o.org().id())))
        .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    assertThat(orgs(g).members(o.owner(), o.org().id())).hasSize(1);
    assertThat(joined(g, eve)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anotherOrganisationsDomainOrALookAlikeDoesNotJoin(String kind) {
    GatehouseFixture g = gatehouse(kind);
    Org acme = organisation(g, true, true);
    Org globex = organisation(g, true, true);
    UUID eve = confirmed(g, "eve@" + globex.domain());
    UUID sub = confirmed(g, "sub@mail." + acme.domain());
    UUID lookAlike = confirmed(g, "x@evil" + acme.domain());

    assertThat(refusal(() -> sso(g).joinByDomain(eve, acme.org().id())))
        .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    for (UUID u : new UUID[] {sub, lookAlike}) {
      assertThat(sso(g).joinable(u)).isEmpty();
      assertThat(refusal(() -> sso(g).joinByDomain(u, acme.org().id())))
          .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
      assertThat(joined(g, u)).isZero();
    }
    assertThat(orgs(g).members(acme.owner(), acme.org().id())).hasSize(1);
    // eve may join her own organisation, and only that one.
    assertThat(sso(g).joinable(eve)).map(Organization::id).contains(globex.org().id());
    assertThat(orgs(g).memberships(eve)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anOrganisationThatDoesNotAllowItIsNotJoinedAndOnlyItsOwnerOpensIt(String kind) {
    GatehouseFixture g = gatehouse(kind);
    Org o = organisation(g, true, false);
    UUID bob = confirmed(g, "bob@" + o.domain());
    UUID stranger = confirmed(g, "stranger" + random() + "@example.test");

    assertThat(sso(g).joinable(bob)).isEmpty();
    assertThat(refusal(() -> sso(g).joinByDomain(bob, o.org().id())))
        .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    // Neither bob nor a stranger opens it for himself.
    assertThat(refusal(() -> sso(g).allowDomainJoin(bob, o.org().id(), o.domain(), true)))
        .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    assertThat(refusal(() -> sso(g).allowDomainJoin(stranger, o.org().id(), o.domain(), true)))
        .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    assertThat(joined(g, bob)).isZero();

    // Opened, bob joins; made an admin, he still may not open or close it; closed again, a
    // newcomer does not join, and bob stays.
    sso(g).allowDomainJoin(o.owner(), o.org().id(), o.domain(), true);
    sso(g).joinByDomain(bob, o.org().id());
    orgs(g).changeRole(o.owner(), o.org().id(), bob, OrganizationRole.ADMIN);
    assertThat(refusal(() -> sso(g).allowDomainJoin(bob, o.org().id(), o.domain(), false)))
        .isEqualTo(ErrorCode.FORBIDDEN);
    sso(g).allowDomainJoin(o.owner(), o.org().id(), o.domain(), false);
    UUID carol = confirmed(g, "carol@" + o.domain());
    assertThat(refusal(() -> sso(g).joinByDomain(carol, o.org().id())))
        .isEqualTo(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    assertThat(orgs(g).members(o.owner(), o.org().id()))
        .extracting(Membership::user)
        .containsExactlyInAnyOrder(o.owner(), bob);
    assertThat(joined(g, carol)).isZero();
  }
}
