package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.race;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.organizations.OrganizationService.LastOwnerException;
import dev.gatehouse.organizations.OrganizationService.SlugTakenException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Organisations, members, roles and invitations (issue 60), on the in-memory store, H2, PostgreSQL
 * and MariaDB.
 */
class OrganizationsTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final Pattern INVITATION_TOKEN =
      Pattern.compile("invitation\\?token=([A-Za-z0-9_-]+)");
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static String slug() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void refused(ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.code()).as("code").isEqualTo(code));
  }

  private static String invitationTokenIn(GatehouseFixture g, String address) {
    var mail = g.email.lastTo(address.toLowerCase()).orElseThrow();
    Matcher m = INVITATION_TOKEN.matcher(mail.textBody());
    assertThat(m.find()).as("the invitation's link in its mail").isTrue();
    return m.group(1);
  }

  // ---- organisations ---------------------------------------------------------------------------

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void theCreatorIsTheOwnerOfANewOrganisation(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String slug = slug();

    Organization acme = orgs(g).create(alice, "  Acme Ltd ", slug);

    assertThat(acme.name()).isEqualTo("Acme Ltd");
    assertThat(acme.slug()).isEqualTo(slug);
    assertThat(orgs(g).find(alice, acme.id())).contains(acme);
    assertThat(orgs(g).members(alice, acme.id()))
        .extracting(Membership::user, Membership::role)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(alice, OrganizationRole.OWNER));
    assertThat(orgs(g).memberships(alice)).extracting(Membership::organization).contains(acme.id());
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aTakenSlugIsATypedErrorAndChangesNothing(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    UUID bob = confirmed(g, email());
    String slug = slug();
    orgs(g).create(alice, "Acme", slug);

    assertThatThrownBy(() -> orgs(g).create(bob, "Acme again", slug))
        .isInstanceOf(SlugTakenException.class);
    assertThat(orgs(g).memberships(bob)).isEmpty();
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void theModulesOwnRowsOfATransactionThatFailsAreGoneOnEveryStore(String kind) {
    // Domains, connections and policies are the module's own tables, kept through ModuleRows
    // (issue 95): they roll back with the flow's transaction on the in-memory store too.
    GatehouseFixture g = STORES.gatehouse(kind);
    OrganizationStore store = STORES.store(kind);
    UUID alice = confirmed(g, email());
    Organization acme = orgs(g).create(alice, "Acme", slug());
    String domain = slug() + ".example.test";
    Instant now = g.clock.instant();

    assertThatThrownBy(
            () ->
                g.db.store.inTransaction(
                    tx -> {
                      store.insertDomain(
                          tx,
                          new OrganizationDomain(acme.id(), domain, "c", now, null, true, true));
                      store.savePolicy(
                          tx, acme.id(), new OrganizationPolicy(true, Set.of(), null), now);
                      assertThat(store.domains(tx, acme.id())).hasSize(1);
                      throw new IllegalStateException("the flow fails after its writes");
                    }))
        .hasMessageContaining("the flow fails after its writes");

    g.db.store.inTransaction(
        tx -> {
          assertThat(store.domains(tx, acme.id())).isEmpty();
          assertThat(store.policy(tx, acme.id())).isEqualTo(OrganizationPolicy.NONE);
          return null;
        });
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aBadNameOrSlugIsRefused(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    for (String slug : List.of("", "Acme", "-acme", "acme-", "a b", "x".repeat(65), "acmé")) {
      refused(() -> orgs(g).create(alice, "Acme", slug), "invalid_name");
    }
    refused(() -> orgs(g).create(alice, " ", slug()), "invalid_name");
    refused(() -> orgs(g).create(alice, "n".repeat(201), slug()), "invalid_name");
    for (String name : List.of("Ac\u0000me", "Ac\nme", "Acme\u202Egpj.exe", "Ac\u200Bme")) {
      refused(() -> orgs(g).create(alice, name, slug()), "invalid_name");
    }
    refused(() -> orgs(g).create(UUID.randomUUID(), "Acme", slug()), "user_not_found");
    assertThat(orgs(g).memberships(alice)).isEmpty();
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anOwnerRenamesAndDeletesTheOrganisation(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    Organization acme = orgs(g).create(alice, "Acme", slug());
    g.clock.advance(Duration.ofMinutes(5));

    Organization renamed = orgs(g).update(alice, acme.id(), "Acme Inc", "{\"plan\":\"pro\"}");

    assertThat(renamed.name()).isEqualTo("Acme Inc");
    assertThat(renamed.modifiedAt()).isAfter(acme.modifiedAt());
    assertThat(orgs(g).find(alice, acme.id())).contains(renamed);
    refused(() -> orgs(g).update(alice, acme.id(), "Acme", "not json"), "invalid_settings");
    String control = "{\"a\":\"\u0000\"}";
    refused(() -> orgs(g).update(alice, acme.id(), "Acme", control), "invalid_settings");
    refused(() -> orgs(g).update(alice, acme.id(), "Acme\u202E", null), "invalid_name");
    // Trailing spaces beyond the column's length: what is stored is the checked, stripped text.
    Organization padded = orgs(g).update(alice, acme.id(), "Acme Inc", "{}" + " ".repeat(5000));
    assertThat(padded.settings()).isEqualTo("{}");
    assertThat(orgs(g).find(alice, acme.id())).contains(padded);

    orgs(g).delete(alice, acme.id());
    assertThat(orgs(g).find(alice, acme.id())).isEmpty();
    assertThat(orgs(g).memberships(alice)).isEmpty();
  }

  /** An attacker who is a member of A tries every call on B: none tells B exists. */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aMemberOfOneOrganisationCanNeitherReadNorChangeAnother(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    UUID mallory = confirmed(g, email());
    Organization a = orgs(g).create(mallory, "A", slug());
    Organization b = orgs(g).create(alice, "B", slug());
    Invitation pending = orgs(g).invite(alice, b.id(), email(), OrganizationRole.MEMBER);
    UUID missing = UUID.randomUUID();

    for (UUID org : List.of(b.id(), missing)) {
      assertThat(orgs(g).find(mallory, org)).isEmpty();
      assertThat(orgs(g).can(mallory, org, OrganizationRole.READ)).isFalse();
      String gone = "organization_not_found";
      refused(() -> orgs(g).update(mallory, org, "Mine", null), gone);
      refused(() -> orgs(g).delete(mallory, org), gone);
      refused(() -> orgs(g).members(mallory, org), gone);
      refused(() -> orgs(g).changeRole(mallory, org, alice, OrganizationRole.MEMBER), gone);
      refused(() -> orgs(g).changeRole(mallory, org, mallory, OrganizationRole.OWNER), gone);
      refused(() -> orgs(g).remove(mallory, org, alice), gone);
      refused(() -> orgs(g).remove(mallory, org, mallory), gone);
      refused(() -> orgs(g).invite(mallory, org, email(), OrganizationRole.OWNER), gone);
      refused(() -> orgs(g).invitations(mallory, org), gone);
      refused(() -> orgs(g).revoke(mallory, org, pending.id()), gone);
      refused(() -> orgs(g).resend(mallory, org, pending.id()), gone);
    }
    // B's invitation named through A, where mallory is owner: not A's.
    refused(() -> orgs(g).revoke(mallory, a.id(), pending.id()), "invalid_link");
    refused(() -> orgs(g).resend(mallory, a.id(), pending.id()), "invalid_link");
    assertThat(orgs(g).find(alice, b.id())).contains(b);
    assertThat(orgs(g).members(alice, b.id())).extracting(Membership::user).containsExactly(alice);
    assertThat(orgs(g).invitations(alice, b.id()))
        .extracting(Invitation::id)
        .containsExactly(pending.id());
  }

  // ---- roles and permissions -------------------------------------------------------------------

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void eachRoleGrantsItsPermissionsAndAHostRoleItsOwn(String kind) {
    GatehouseFixture g =
        STORES.gatehouse(
            kind,
            m ->
                m.role(
                    new OrganizationRole(
                        "billing", Set.of(OrganizationRole.READ, "invoices.manage"))),
            c -> c);
    UUID owner = confirmed(g, email());
    UUID admin = confirmed(g, email());
    UUID member = confirmed(g, email());
    UUID billing = confirmed(g, email());
    UUID outsider = confirmed(g, email());
    Organization acme = orgs(g).create(owner, "Acme", slug());
    join(g, owner, acme, admin, OrganizationRole.ADMIN);
    join(g, owner, acme, member, OrganizationRole.MEMBER);
    join(g, owner, acme, billing, "billing");

    assertThat(orgs(g).can(owner, acme.id(), OrganizationRole.DELETE)).isTrue();
    assertThat(orgs(g).can(owner, acme.id(), "invoices.manage")).isTrue();
    assertThat(orgs(g).can(admin, acme.id(), OrganizationRole.MEMBERS_INVITE)).isTrue();
    assertThat(orgs(g).can(admin, acme.id(), OrganizationRole.DELETE)).isFalse();
    assertThat(orgs(g).can(member, acme.id(), OrganizationRole.READ)).isTrue();
    assertThat(orgs(g).can(member, acme.id(), OrganizationRole.MEMBERS_INVITE)).isFalse();
    assertThat(orgs(g).can(billing, acme.id(), "invoices.manage")).isTrue();
    assertThat(orgs(g).can(billing, acme.id(), OrganizationRole.MEMBERS_READ)).isFalse();
    assertThat(orgs(g).can(outsider, acme.id(), OrganizationRole.READ)).isFalse();

    refused(() -> orgs(g).invite(member, acme.id(), email(), OrganizationRole.MEMBER), "forbidden");
    refused(() -> orgs(g).update(member, acme.id(), "Mine", null), "forbidden");
    refused(() -> orgs(g).delete(admin, acme.id()), "forbidden");
    refused(() -> orgs(g).members(billing, acme.id()), "forbidden");
    refused(() -> orgs(g).changeRole(owner, acme.id(), member, "emperor"), "invalid_role");
    // An admin neither makes nor unmakes owners, nor invites one.
    refused(() -> orgs(g).changeRole(admin, acme.id(), admin, OrganizationRole.OWNER), "forbidden");
    refused(
        () -> orgs(g).changeRole(admin, acme.id(), owner, OrganizationRole.MEMBER), "forbidden");
    refused(() -> orgs(g).remove(admin, acme.id(), owner), "forbidden");
    refused(() -> orgs(g).invite(admin, acme.id(), email(), OrganizationRole.OWNER), "forbidden");
    assertThat(orgs(g).members(owner, acme.id()))
        .extracting(Membership::role)
        .containsExactlyInAnyOrder(
            OrganizationRole.OWNER, OrganizationRole.ADMIN, OrganizationRole.MEMBER, "billing");

    orgs(g).changeRole(admin, acme.id(), member, OrganizationRole.ADMIN);
    assertThat(orgs(g).can(member, acme.id(), OrganizationRole.MEMBERS_INVITE)).isTrue();
    orgs(g).remove(admin, acme.id(), member);
    assertThat(orgs(g).can(member, acme.id(), OrganizationRole.READ)).isFalse();
  }

  /** A host role stronger than admin: an admin neither takes it, gives it nor takes it away. */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anAdminCannotGrantOrTakeARoleBeyondItsOwn(String kind) {
    OrganizationRole admin =
        OrganizationRole.builtIn().stream()
            .filter(r -> r.name().equals(OrganizationRole.ADMIN))
            .findFirst()
            .orElseThrow();
    Set<String> stronger = new java.util.HashSet<>(admin.permissions());
    stronger.add(OrganizationRole.DELETE);
    GatehouseFixture g =
        STORES.gatehouse(kind, m -> m.role(new OrganizationRole("manager", stronger)), c -> c);
    UUID owner = confirmed(g, email());
    UUID anAdmin = confirmed(g, email());
    UUID aManager = confirmed(g, email());
    UUID aMember = confirmed(g, email());
    Organization acme = orgs(g).create(owner, "Acme", slug());
    join(g, owner, acme, anAdmin, OrganizationRole.ADMIN);
    join(g, owner, acme, aManager, "manager");
    join(g, owner, acme, aMember, OrganizationRole.MEMBER);

    refused(() -> orgs(g).changeRole(anAdmin, acme.id(), anAdmin, "manager"), "forbidden");
    refused(() -> orgs(g).changeRole(anAdmin, acme.id(), aMember, "manager"), "forbidden");
    refused(
        () -> orgs(g).changeRole(anAdmin, acme.id(), aManager, OrganizationRole.MEMBER),
        "forbidden");
    refused(() -> orgs(g).invite(anAdmin, acme.id(), email(), "manager"), "forbidden");
    refused(() -> orgs(g).remove(anAdmin, acme.id(), aManager), "forbidden");

    assertThat(orgs(g).can(anAdmin, acme.id(), OrganizationRole.DELETE)).isFalse();
    assertThat(orgs(g).invitations(owner, acme.id())).isEmpty();
    assertThat(orgs(g).members(owner, acme.id()))
        .extracting(Membership::user, Membership::role)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(owner, OrganizationRole.OWNER),
            org.assertj.core.groups.Tuple.tuple(anAdmin, OrganizationRole.ADMIN),
            org.assertj.core.groups.Tuple.tuple(aManager, "manager"),
            org.assertj.core.groups.Tuple.tuple(aMember, OrganizationRole.MEMBER));
    // Within its own role, an admin still acts; the manager may act on the admin.
    orgs(g).changeRole(anAdmin, acme.id(), aMember, OrganizationRole.ADMIN);
    orgs(g).changeRole(aManager, acme.id(), anAdmin, OrganizationRole.MEMBER);
    assertThat(orgs(g).can(anAdmin, acme.id(), OrganizationRole.MEMBERS_INVITE)).isFalse();
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void theLastOwnerCannotLeaveNorBeDemoted(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    UUID bob = confirmed(g, email());
    Organization acme = orgs(g).create(alice, "Acme", slug());

    assertThatThrownBy(() -> orgs(g).remove(alice, acme.id(), alice))
        .isInstanceOf(LastOwnerException.class);
    assertThatThrownBy(() -> orgs(g).changeRole(alice, acme.id(), alice, OrganizationRole.ADMIN))
        .isInstanceOf(LastOwnerException.class);
    assertThat(orgs(g).members(alice, acme.id()))
        .extracting(Membership::role)
        .containsExactly(OrganizationRole.OWNER);

    join(g, alice, acme, bob, OrganizationRole.MEMBER);
    orgs(g).changeRole(alice, acme.id(), bob, OrganizationRole.OWNER);
    orgs(g).remove(alice, acme.id(), alice);
    assertThat(orgs(g).members(bob, acme.id()))
        .extracting(Membership::user, Membership::role)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(bob, OrganizationRole.OWNER));
    assertThatThrownBy(() -> orgs(g).changeRole(bob, acme.id(), bob, OrganizationRole.MEMBER))
        .isInstanceOf(LastOwnerException.class);
  }

  /** Two owners demoting each other at once: the organisation keeps one. */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void twoOwnersLeavingAtOnceLeaveOneOwner(String kind) throws Exception {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    UUID bob = confirmed(g, email());
    Organization acme = orgs(g).create(alice, "Acme", slug());
    join(g, alice, acme, bob, OrganizationRole.OWNER);
    List<UUID> both = List.of(alice, bob);
    AtomicInteger next = new AtomicInteger();

    int left =
        race(
            2,
            () -> {
              UUID me = both.get(next.getAndIncrement());
              try {
                orgs(g).remove(me, acme.id(), me);
                return true;
              } catch (LastOwnerException e) {
                return false;
              }
            });

    assertThat(left).isEqualTo(1);
    UUID stayed = orgs(g).memberships(alice).isEmpty() ? bob : alice;
    assertThat(orgs(g).members(stayed, acme.id()))
        .extracting(Membership::role)
        .containsExactly(OrganizationRole.OWNER);
  }

  // ---- invitations -----------------------------------------------------------------------------

  /** Invites {@code who} (a confirmed account) into {@code org} as {@code role}, and accepts. */
  private static void join(
      GatehouseFixture g, UUID inviter, Organization org, UUID who, String role) {
    UserRecord account =
        g.db.store.inTransaction(tx -> tx.users().findByPublicId(who)).orElseThrow();
    orgs(g).invite(inviter, org.id(), account.email(), role);
    orgs(g).accept(who, invitationTokenIn(g, account.email()));
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anInvitationIsMailedAndAcceptedOnceByItsAddressee(String kind) throws Exception {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String bobAddress = email();
    UUID bob = confirmed(g, bobAddress);
    UUID eve = confirmed(g, email());
    Organization acme = orgs(g).create(alice, "Acme", slug());

    Invitation sent =
        orgs(g).invite(alice, acme.id(), bobAddress.toUpperCase(), OrganizationRole.ADMIN);

    assertThat(sent.toString()).doesNotContain(bobAddress);
    var mail = g.email.lastTo(bobAddress).orElseThrow();
    assertThat(mail.textBody())
        .contains("https://app.example.test/organizations/invitation?token=");
    String token = invitationTokenIn(g, bobAddress);
    assertThat(g.db.outbox().stream().map(e -> e.purpose()))
        .contains(Organizations.ORGANIZATION_INVITATION.name());
    // Another account holding the link cannot use it.
    refused(() -> orgs(g).accept(eve, token), "invalid_link");
    refused(() -> orgs(g).accept(bob, token + "x"), "invalid_link");

    Membership joined = orgs(g).accept(bob, token);

    assertThat(joined.role()).isEqualTo(OrganizationRole.ADMIN);
    assertThat(joined.invitedBy()).isEqualTo(alice);
    assertThat(orgs(g).can(bob, acme.id(), OrganizationRole.MEMBERS_INVITE)).isTrue();
    refused(() -> orgs(g).accept(bob, token), "invalid_link");
    assertThat(orgs(g).invitations(alice, acme.id())).isEmpty();
    assertThat(orgs(g).memberships(eve)).isEmpty();
    if (g.db instanceof JpaFixture jpa) {
      // The token is kept only as its keyed hash.
      try (Connection c = jpa.db.connect();
          PreparedStatement s =
              c.prepareStatement("select token_hash from gh_org_invitation where id = ?")) {
        s.setString(1, sent.id().toString());
        try (ResultSet r = s.executeQuery()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getString(1)).doesNotContain(token).hasSizeGreaterThan(20);
        }
      }
    }
  }

  /** An owner about to be removed invites a second address as owner: the invitation dies. */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anInvitationDiesWithItsInvitersRight(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    UUID bob = confirmed(g, email());
    UUID carol = confirmed(g, email());
    String xAddress = email();
    UUID x = confirmed(g, xAddress);
    String yAddress = email();
    String zAddress = email();
    UUID z = confirmed(g, zAddress);
    Organization acme = orgs(g).create(alice, "Acme", slug());
    join(g, alice, acme, bob, OrganizationRole.OWNER);
    join(g, alice, acme, carol, OrganizationRole.ADMIN);
    orgs(g).invite(alice, acme.id(), xAddress, OrganizationRole.OWNER);
    String xToken = invitationTokenIn(g, xAddress);
    orgs(g).invite(alice, acme.id(), yAddress, OrganizationRole.OWNER);
    String yToken = invitationTokenIn(g, yAddress);
    orgs(g).invite(carol, acme.id(), zAddress, OrganizationRole.ADMIN);
    String zToken = invitationTokenIn(g, zAddress);

    orgs(g).remove(bob, acme.id(), alice);
    orgs(g).changeRole(bob, acme.id(), carol, OrganizationRole.MEMBER);

    refused(() -> orgs(g).accept(x, xToken), "invalid_link");
    refused(() -> orgs(g).signUp(yToken, CLIENT), "invalid_link");
    refused(() -> orgs(g).accept(z, zToken), "invalid_link");
    assertThat(orgs(g).memberships(x)).isEmpty();
    assertThat(orgs(g).memberships(z)).isEmpty();
    java.util.Optional<UserRecord> y =
        g.db.store.inTransaction(tx -> tx.users().findByEmail(yAddress));
    assertThat(y).isEmpty();
    assertThat(orgs(g).members(bob, acme.id()))
        .extracting(Membership::user)
        .containsExactlyInAnyOrder(bob, carol);
  }

  /** A disabled or deleted account keeps no organisation permission, even with a live token. */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aDisabledOrDeletedMemberCanNoLonger(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    UUID bob = confirmed(g, email());
    UUID carol = confirmed(g, email());
    UUID dave = confirmed(g, email());
    Organization acme = orgs(g).create(alice, "Acme", slug());
    join(g, alice, acme, bob, OrganizationRole.OWNER);
    join(g, alice, acme, carol, OrganizationRole.OWNER);
    join(g, alice, acme, dave, OrganizationRole.MEMBER);

    updateUser(g, bob, u -> u.active(false));
    g.db.store.inTransaction(tx -> tx.users().softDelete(carol, g.clock.instant()));

    String gone = "organization_not_found";
    for (UUID dead : List.of(bob, carol)) {
      assertThat(orgs(g).can(dead, acme.id(), OrganizationRole.READ)).isFalse();
      assertThat(orgs(g).find(dead, acme.id())).isEmpty();
      refused(() -> orgs(g).update(dead, acme.id(), "Mine", null), gone);
      refused(() -> orgs(g).invite(dead, acme.id(), email(), OrganizationRole.OWNER), gone);
      refused(() -> orgs(g).changeRole(dead, acme.id(), dave, OrganizationRole.OWNER), gone);
      refused(() -> orgs(g).remove(dead, acme.id(), alice), gone);
      refused(() -> orgs(g).members(dead, acme.id()), gone);
      refused(() -> orgs(g).delete(dead, acme.id()), gone);
    }
    assertThat(orgs(g).find(alice, acme.id())).contains(acme);
    assertThat(orgs(g).members(alice, acme.id()))
        .extracting(Membership::user, Membership::role)
        .contains(
            org.assertj.core.groups.Tuple.tuple(alice, OrganizationRole.OWNER),
            org.assertj.core.groups.Tuple.tuple(dave, OrganizationRole.MEMBER));
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anUnverifiedAddresseeIsRefusedAndTheInvitationStays(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String bobAddress = email();
    register(g, bobAddress);
    UUID bob = userId(g, bobAddress);
    Organization acme = orgs(g).create(alice, "Acme", slug());
    orgs(g).invite(alice, acme.id(), bobAddress, OrganizationRole.MEMBER);
    String token = invitationTokenIn(g, bobAddress);

    refused(() -> orgs(g).accept(bob, token), "account_not_verified");

    assertThat(orgs(g).memberships(bob)).isEmpty();
    assertThat(orgs(g).invitations(alice, acme.id())).hasSize(1);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void twoConcurrentAcceptsOfOneInvitationMakeOneMembership(String kind) throws Exception {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String bobAddress = email();
    UUID bob = confirmed(g, bobAddress);
    Organization acme = orgs(g).create(alice, "Acme", slug());
    orgs(g).invite(alice, acme.id(), bobAddress, OrganizationRole.ADMIN);
    String token = invitationTokenIn(g, bobAddress);

    int accepted =
        race(
            2,
            () -> {
              try {
                orgs(g).accept(bob, token);
                return true;
              } catch (AuthException e) {
                assertThat(e.code()).isEqualTo("invalid_link");
                return false;
              }
            });

    assertThat(accepted).isEqualTo(1);
    assertThat(orgs(g).members(alice, acme.id()))
        .extracting(Membership::user)
        .containsExactlyInAnyOrder(alice, bob);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void twoConcurrentSignUpsByOneInvitationMakeOneAccount(String kind) throws Exception {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String newcomer = email();
    Organization acme = orgs(g).create(alice, "Acme", slug());
    orgs(g).invite(alice, acme.id(), newcomer, OrganizationRole.MEMBER);
    String token = invitationTokenIn(g, newcomer);

    int signedIn =
        race(
            2,
            () -> {
              try {
                return orgs(g).signUp(token, CLIENT) instanceof SignInResult.SignedIn;
              } catch (AuthException e) {
                assertThat(e.code()).isEqualTo("invalid_link");
                return false;
              }
            });

    assertThat(signedIn).isEqualTo(1);
    UserRecord created = user(g, newcomer).orElseThrow();
    assertThat(created.emailVerified()).isTrue();
    assertThat(created.passwordHash()).isNull();
    assertThat(orgs(g).members(alice, acme.id()))
        .extracting(Membership::user, Membership::role)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(alice, OrganizationRole.OWNER),
            org.assertj.core.groups.Tuple.tuple(created.publicId(), OrganizationRole.MEMBER));
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anAddressWithAnAccountSignsInToAcceptRatherThanSigningUp(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String bobAddress = email();
    UUID bob = confirmed(g, bobAddress);
    Organization acme = orgs(g).create(alice, "Acme", slug());
    orgs(g).invite(alice, acme.id(), bobAddress, OrganizationRole.MEMBER);
    String token = invitationTokenIn(g, bobAddress);

    refused(() -> orgs(g).signUp(token, CLIENT), "link_required");

    assertThat(orgs(g).memberships(bob)).isEmpty();
    orgs(g).accept(bob, token);
    assertThat(orgs(g).memberships(bob)).hasSize(1);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void anExpiredOrRevokedInvitationIsRefusedAndAResentOneReplacesItsLink(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    UUID alice = confirmed(g, email());
    String bobAddress = email();
    UUID bob = confirmed(g, bobAddress);
    Organization acme = orgs(g).create(alice, "Acme", slug());

    orgs(g).invite(alice, acme.id(), bobAddress, OrganizationRole.MEMBER);
    String expiring = invitationTokenIn(g, bobAddress);
    g.clock.advance(Duration.ofDays(7).plusSeconds(1));
    refused(() -> orgs(g).accept(bob, expiring), "invalid_link");
    assertThat(orgs(g).invitations(alice, acme.id())).isEmpty();

    Invitation revoked = orgs(g).invite(alice, acme.id(), bobAddress, OrganizationRole.MEMBER);
    String revokedToken = invitationTokenIn(g, bobAddress);
    orgs(g).revoke(alice, acme.id(), revoked.id());
    refused(() -> orgs(g).accept(bob, revokedToken), "invalid_link");
    refused(() -> orgs(g).revoke(alice, acme.id(), revoked.id()), "invalid_link");
    refused(() -> orgs(g).resend(alice, acme.id(), revoked.id()), "invalid_link");

    Invitation first = orgs(g).invite(alice, acme.id(), bobAddress, OrganizationRole.MEMBER);
    String old = invitationTokenIn(g, bobAddress);
    g.clock.advance(Duration.ofDays(6));
    Invitation resent = orgs(g).resend(alice, acme.id(), first.id());
    String fresh = invitationTokenIn(g, bobAddress);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(resent.expiresAt()).isAfter(first.expiresAt());
    g.clock.advance(Duration.ofDays(2));
    refused(() -> orgs(g).accept(bob, old), "invalid_link");
    assertThat(orgs(g).accept(bob, fresh).organization()).isEqualTo(acme.id());
    assertThat(orgs(g).memberships(bob)).hasSize(1);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void invitationsToOneAddressStayWithinTheMailLimit(String kind) {
    GatehouseFixture g =
        STORES.gatehouse(
            kind,
            m -> m,
            c -> c.set(dev.gatehouse.core.config.ThrottleSettings.OTP_MAX_PER_DESTINATION, 2));
    UUID alice = confirmed(g, email());
    String target = email();
    Organization acme = orgs(g).create(alice, "Acme", slug());
    orgs(g).invite(alice, acme.id(), target, OrganizationRole.MEMBER);
    orgs(g).invite(alice, acme.id(), target, OrganizationRole.MEMBER);

    refused(
        () -> orgs(g).invite(alice, acme.id(), target, OrganizationRole.MEMBER), "rate_limited");

    assertThat(orgs(g).invitations(alice, acme.id())).hasSize(2);
  }
}
