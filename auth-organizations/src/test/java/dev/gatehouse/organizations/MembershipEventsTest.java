package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.core.event.AuthEvent.MembershipChanged;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.organizations.OrganizationService.LastOwnerException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Every change of a membership is an event and an audit row, written in the change's transaction
 * (issue 60 item 8): joining (creating, accepting, signing up), a role's change, leaving, removal,
 * the organisation's deletion; a refused change publishes nothing. On the in-memory store, H2,
 * PostgreSQL and MariaDB.
 */
class MembershipEventsTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final Pattern TOKEN = Pattern.compile("invitation\\?token=([A-Za-z0-9_-]+)");

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static String invite(GatehouseFixture g, UUID by, Organization org, String address) {
    orgs(g).invite(by, org.id(), address, OrganizationRole.MEMBER);
    Matcher m = TOKEN.matcher(g.email.lastTo(address.toLowerCase()).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static List<MembershipChanged> changes(GatehouseFixture g) {
    return g.events.stream()
        .filter(MembershipChanged.class::isInstance)
        .map(MembershipChanged.class::cast)
        .toList();
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void everyMembershipChangeIsAnEventAndAnAuditRowAndARefusalIsNeither(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    String bobAddress = email();
    UUID alice = confirmed(g, email());
    UUID bob = confirmed(g, bobAddress);
    Organization acme =
        orgs(g).create(alice, "Acme", "org-" + UUID.randomUUID().toString().substring(0, 8));
    orgs(g).accept(bob, invite(g, alice, acme, bobAddress));
    SignInResult in =
        orgs(g).signUp(invite(g, alice, acme, email()), ClientInfo.web("203.0.113.9"));
    UUID carol = in.orElseThrow().account().user().id();
    orgs(g).changeRole(alice, acme.id(), bob, OrganizationRole.ADMIN);
    orgs(g).remove(bob, acme.id(), carol);
    orgs(g).remove(bob, acme.id(), bob);
    int before = g.events.size();
    assertThatThrownBy(() -> orgs(g).remove(alice, acme.id(), alice))
        .isInstanceOf(LastOwnerException.class);
    assertThat(g.events).hasSize(before);
    orgs(g).delete(alice, acme.id());

    assertThat(changes(g))
        .extracting(
            MembershipChanged::userId,
            MembershipChanged::organization,
            MembershipChanged::change,
            MembershipChanged::role,
            MembershipChanged::by)
        .containsExactly(
            tuple(alice, acme.id(), MembershipChanged.JOINED, "owner", null),
            tuple(bob, acme.id(), MembershipChanged.JOINED, "member", alice),
            tuple(carol, acme.id(), MembershipChanged.JOINED, "member", alice),
            tuple(bob, acme.id(), MembershipChanged.ROLE_CHANGED, "admin", alice),
            tuple(carol, acme.id(), MembershipChanged.REMOVED, "member", bob),
            tuple(bob, acme.id(), MembershipChanged.LEFT, "admin", null),
            tuple(alice, acme.id(), MembershipChanged.ORGANIZATION_DELETED, "owner", alice));

    List<AuditEntry> bobs =
        g.gatehouse.audit().forUser(bob, 50).stream()
            .filter(e -> e.event().equals("MembershipChanged"))
            .toList();
    assertThat(bobs)
        .extracting(AuditEntry::method, AuditEntry::reason, AuditEntry::detail)
        .containsExactlyInAnyOrder(
            tuple(
                "organization", "joined", "organization " + acme.id() + " role member by " + alice),
            tuple(
                "organization",
                "role_changed",
                "organization " + acme.id() + " role admin by " + alice),
            tuple("organization", "left", "organization " + acme.id() + " role admin"));
    assertThat(g.gatehouse.audit().forUser(carol, 50))
        .extracting(AuditEntry::reason)
        .contains("joined", "removed");
  }
}
