package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.organizations.HostOrganizations.Company;
import dev.gatehouse.organizations.HostOrganizations.CompanyMember;
import dev.gatehouse.organizations.OrganizationService.LastOwnerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A host that owns the organisation and membership tables (issue 60 item 1): its subclasses of
 * {@code AbstractOrganization} and {@code AbstractMembership}, on tables of its own names with a
 * column of its own each, carry the organisation flows (create, invite and accept, the last-owner
 * rule, switch, rename, role change, delete) through the JDBC store, and the host's columns keep
 * their values through every write of the module; the library's {@code gh_org} is never made nor
 * named. A mapping the store cannot use as it is refuses with a configuration error, and nothing is
 * written. On H2, PostgreSQL and MariaDB.
 */
class HostOrganizationTablesTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Pattern INVITATION_TOKEN =
      Pattern.compile("invitation\\?token=([A-Za-z0-9_-]+)");

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static GatehouseFixture host(String kind) {
    // snippet:start store
    OrganizationStore store = OrganizationStore.jdbc(Company.class, CompanyMember.class);
    // snippet:end store
    return STORES.hostGatehouse(kind, store);
  }

  private static String slug() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<String> column(GatehouseFixture g, String sql, Object... values)
      throws SQLException {
    JpaFixture jpa = (JpaFixture) g.db;
    try (Connection c = jpa.db.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    }
  }

  private static int write(GatehouseFixture g, String sql, Object... values) throws SQLException {
    JpaFixture jpa = (JpaFixture) g.db;
    try (Connection c = jpa.db.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      return s.executeUpdate();
    }
  }

  private static void join(GatehouseFixture g, UUID inviter, Organization org, UUID who) {
    UserRecord account =
        g.db.store.inTransaction(tx -> tx.users().findByPublicId(who)).orElseThrow();
    orgs(g).invite(inviter, org.id(), account.email(), OrganizationRole.MEMBER);
    Matcher m = INVITATION_TOKEN.matcher(g.email.lastTo(account.email()).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    orgs(g).accept(who, m.group(1));
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.DatabaseKinds.class)
  void theHostsTablesCarryTheFlowsAndKeepTheHostsColumns(String kind) throws Exception {
    GatehouseFixture g = host(kind);
    String address = email();
    UUID alice = confirmed(g, address);
    UUID bob = confirmed(g, email());
    TokenPair session =
        g.gatehouse
            .accounts()
            .login(new LoginRequest(address, PASSWORD, CLIENT))
            .orElseThrow()
            .tokens();
    String slug = slug();

    Organization acme = orgs(g).create(alice, "Acme", slug);

    String id = acme.id().toString();
    assertThat(column(g, "select slug from acme_company where id = ?", id)).containsExactly(slug);
    assertThat(column(g, "select billing_plan from acme_company where id = ?", id))
        .as("the host's column took its default on the module's insert")
        .containsExactly("free");
    assertThat(column(g, "select role from acme_company_member where org_id = ?", id))
        .containsExactly(OrganizationRole.OWNER);
    write(g, "update acme_company set billing_plan = ? where id = ?", "enterprise", id);
    write(
        g,
        "update acme_company_member set cost_centre = ? where org_id = ? and user_id = ?",
        "cc-7",
        id,
        alice.toString());

    join(g, alice, acme, bob);
    assertThat(orgs(g).members(alice, acme.id()))
        .extracting(Membership::user, Membership::invitedBy)
        .contains(org.assertj.core.groups.Tuple.tuple(bob, alice));
    assertThat(
            column(
                g,
                "select invited_by from acme_company_member where org_id = ? and user_id = ?",
                id,
                bob.toString()))
        .containsExactly(alice.toString());

    assertThatThrownBy(() -> orgs(g).remove(alice, acme.id(), alice))
        .isInstanceOf(LastOwnerException.class);
    assertThatThrownBy(() -> orgs(g).changeRole(alice, acme.id(), alice, OrganizationRole.ADMIN))
        .isInstanceOf(LastOwnerException.class);
    orgs(g).changeRole(alice, acme.id(), bob, OrganizationRole.ADMIN);
    g.clock.advance(Duration.ofMinutes(1));
    Organization renamed = orgs(g).update(alice, acme.id(), "Acme Inc", "{\"tier\":2}");
    assertThat(orgs(g).find(alice, acme.id())).contains(renamed);

    TokenPair switched = orgs(g).switchOrganization(alice, session.sessionId(), acme.id());
    var token = g.gatehouse.sessions().verifyAccessToken(switched.accessToken());
    assertThat(token.claim("org_id")).contains(id);
    assertThat(token.claim("org_role")).contains(OrganizationRole.OWNER);
    TokenPair refreshed = g.gatehouse.sessions().refresh(switched.refreshToken(), CLIENT);
    assertThat(g.gatehouse.sessions().verifyAccessToken(refreshed.accessToken()).claim("org_id"))
        .contains(id);

    assertThat(column(g, "select name from acme_company where id = ?", id))
        .containsExactly("Acme Inc");
    assertThat(column(g, "select billing_plan from acme_company where id = ?", id))
        .as("the host's column after the module's writes")
        .containsExactly("enterprise");
    assertThat(
            column(
                g,
                "select cost_centre from acme_company_member where org_id = ? and user_id = ?",
                id,
                alice.toString()))
        .containsExactly("cc-7");
    assertThat(
            column(
                g,
                "select role from acme_company_member where org_id = ? and user_id = ?",
                id,
                bob.toString()))
        .containsExactly(OrganizationRole.ADMIN);
    assertThat(tableExists(g, "gh_org")).as("the library's organisation table").isFalse();
    assertThat(tableExists(g, "gh_org_member")).isFalse();

    orgs(g).delete(alice, acme.id());
    assertThat(column(g, "select id from acme_company where id = ?", id)).isEmpty();
    assertThat(column(g, "select user_id from acme_company_member where org_id = ?", id)).isEmpty();
    assertThat(column(g, "select id from gh_org_invitation where org_id = ?", id)).isEmpty();
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.DatabaseKinds.class)
  void twoAcceptsOfOneInvitationGiveOneMembershipInTheHostsTable(String kind) throws Exception {
    GatehouseFixture g = host(kind);
    UUID alice = confirmed(g, email());
    String address = email();
    UUID bob = confirmed(g, address);
    Organization acme = orgs(g).create(alice, "Acme", slug());
    orgs(g).invite(alice, acme.id(), address, OrganizationRole.MEMBER);
    Matcher m = INVITATION_TOKEN.matcher(g.email.lastTo(address).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    String token = m.group(1);

    orgs(g).accept(bob, token);
    assertThatThrownBy(() -> orgs(g).accept(bob, token))
        .isInstanceOfSatisfying(
            dev.gatehouse.core.error.AuthException.class,
            e -> assertThat(e.code()).isEqualTo("invalid_link"));

    assertThat(
            column(
                g,
                "select user_id from acme_company_member where org_id = ? and user_id = ?",
                acme.id().toString(),
                bob.toString()))
        .hasSize(1);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.DatabaseKinds.class)
  void aMappingTheStoreCannotUseIsAConfigurationErrorAndWritesNothing(String kind)
      throws Exception {
    GatehouseFixture unnamed =
        STORES.hostGatehouse(
            kind, OrganizationStore.jdbc(HostOrganizations.Unnamed.class, CompanyMember.class));
    UUID alice = confirmed(unnamed, email());
    String slug = slug();
    assertThatThrownBy(() -> orgs(unnamed).create(alice, "Acme", slug))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("@Table(name");

    GatehouseFixture renamed =
        STORES.hostGatehouse(
            kind, OrganizationStore.jdbc(HostOrganizations.Renamed.class, CompanyMember.class));
    assertThatThrownBy(() -> orgs(renamed).create(alice, "Acme", slug))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("display_name");

    assertThat(column(unnamed, "select id from acme_company where slug = ?", slug)).isEmpty();
  }

  private static boolean tableExists(GatehouseFixture g, String name) throws SQLException {
    JpaFixture jpa = (JpaFixture) g.db;
    try (Connection c = jpa.db.connect()) {
      for (String n : List.of(name, name.toUpperCase())) {
        try (ResultSet r = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), n, null)) {
          if (r.next()) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
