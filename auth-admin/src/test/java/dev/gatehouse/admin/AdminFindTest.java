package dev.gatehouse.admin;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.admin.AdminService.Page;
import dev.gatehouse.admin.AdminService.UserQuery;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.UserPage.Key;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Paging through accounts by a prefix of an identifier and by creation and last sign-in time, on
 * every store (issue 61: search from indexes, paged). The plan on PostgreSQL is asserted in
 * auth-jpa's {@code UserSearchIndexTest}.
 */
class AdminFindTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind), b -> b, AdminServiceTest::installed);
  }

  private static VerifiedAccessToken staff(GatehouseFixture g, boolean staff) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(staff));
    return signedIn(g, address, CLIENT);
  }

  /** Accounts written straight to the store, one a minute from {@code start}. */
  private static List<UserRecord> accounts(
      GatehouseFixture g, String tag, Instant start, int count) {
    return g.db.store.inTransaction(
        tx -> {
          List<UserRecord> made = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            String n = String.format("%s%02d", tag, i);
            UserRecord u =
                UserRecord.newAccount(start.plus(Duration.ofMinutes(i)))
                    .email(n + "@Example.test", n + "@example.test")
                    .username(n.toUpperCase(), n)
                    .phone("+3161" + Math.floorMod(tag.hashCode(), 1000) + String.format("%04d", i))
                    .lastLoginAt(i % 2 == 0 ? start.plus(Duration.ofHours(i)) : null)
                    .build();
            made.add(tx.users().create(u));
          }
          return made;
        });
  }

  private static List<UUID> all(AdminService admin, VerifiedAccessToken caller, UserQuery q) {
    List<UUID> seen = new ArrayList<>();
    Page page = admin.find(caller, q);
    seen.addAll(page.users().stream().map(UserView::id).toList());
    while (page.next() != null) {
      page = admin.find(caller, q.after(page.next()));
      seen.addAll(page.users().stream().map(UserView::id).toList());
    }
    return seen;
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPrefixFindsEveryAccountItBeginsInOrderPageByPageAndNoOther(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(g, true);
    String tag = "pf" + UUID.randomUUID().toString().substring(0, 6);
    List<UserRecord> made = accounts(g, tag, Instant.parse("2026-02-01T00:00:00Z"), 7);
    accounts(g, tag.substring(0, 7) + "z", Instant.parse("2026-02-01T00:00:00Z"), 1);
    updateUser(g, made.get(3).publicId(), u -> u.deletedAt(g.clock.instant()));
    List<UUID> live =
        made.stream().map(UserRecord::publicId).filter(id -> id != made.get(3).publicId()).toList();

    // snippet:start find
    UserQuery byEmail = UserQuery.prefix(Key.EMAIL, tag.toUpperCase()).limit(2);
    Page first = admin.find(staff, byEmail);
    Page second = admin.find(staff, byEmail.after(first.next()));
    // snippet:end find
    assertThat(first.users()).extracting(UserView::id).containsExactly(live.get(0), live.get(1));
    assertThat(second.users()).extracting(UserView::id).containsExactly(live.get(2), live.get(3));
    assertThat(all(admin, staff, byEmail)).containsExactlyElementsOf(live);
    assertThat(all(admin, staff, UserQuery.prefix(Key.USERNAME, " " + tag + " ").limit(4)))
        .containsExactlyElementsOf(live);
    String phonePrefix = made.get(0).phone().substring(0, made.get(0).phone().length() - 4);
    assertThat(all(admin, staff, UserQuery.prefix(Key.PHONE, phonePrefix.substring(1)).limit(3)))
        .containsAll(live);

    // LIKE's wildcards are plain characters in a prefix; what can begin no phone finds nothing.
    assertThat(admin.find(staff, UserQuery.prefix(Key.EMAIL, tag.substring(0, 2) + "%")).users())
        .isEmpty();
    assertThat(admin.find(staff, UserQuery.prefix(Key.EMAIL, "_" + tag.substring(1))).users())
        .isEmpty();
    assertThat(admin.find(staff, UserQuery.prefix(Key.PHONE, "+31 six")).users()).isEmpty();
    assertThat(admin.find(staff, byEmail.after("not a cursor")).users()).isEmpty();
    assertThat(admin.find(staff, byEmail.after(UUID.randomUUID().toString())).users()).isEmpty();
    assertThatThrownBy(() -> UserQuery.prefix(Key.CREATED, "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byEmail.limit(101)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRangeOfCreationOrLastSignInFindsItsAccountsInTimeOrderPageByPage(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = staff(g, true);
    // A minute of its own, far from every other test's accounts.
    Instant start =
        Instant.parse("2031-01-01T00:00:00Z")
            .plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3000)));
    String tag = "rg" + UUID.randomUUID().toString().substring(0, 6);
    List<UserRecord> made = accounts(g, tag, start, 9);
    List<UUID> ids = made.stream().map(UserRecord::publicId).toList();

    UserQuery created =
        UserQuery.range(
                Key.CREATED, start.plus(Duration.ofMinutes(1)), start.plus(Duration.ofMinutes(8)))
            .limit(3);
    assertThat(all(admin, staff, created)).containsExactlyElementsOf(ids.subList(1, 8));

    UserQuery signedIn =
        UserQuery.range(Key.LAST_SIGN_IN, start, start.plus(Duration.ofHours(9))).limit(2);
    assertThat(all(admin, staff, signedIn))
        .containsExactly(ids.get(0), ids.get(2), ids.get(4), ids.get(6), ids.get(8));
    assertThatThrownBy(() -> UserQuery.range(Key.CREATED, start, start))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void findingIsStaffOnlyAndEachPageIsAuditedWithoutThePrefix(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken plain = staff(g, false);
    VerifiedAccessToken staff = staff(g, true);
    UserQuery q = UserQuery.prefix(Key.EMAIL, "secretprefix");

    assertThat(codeOf(() -> admin.find(plain, q))).isEqualTo("forbidden");
    admin.find(staff, q);

    List<AuditEntry> trail =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(staff.userPublicId(), 10));
    assertThat(trail)
        .filteredOn(e -> e.event().equals("AdminAction"))
        .extracting(AuditEntry::method, AuditEntry::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("find", "by " + staff.userPublicId() + ": email"));
    assertThat(trail.toString()).doesNotContain("secretprefix");
    List<AuditEntry> refused =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(plain.userPublicId(), 10));
    assertThat(refused)
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .extracting(AuditEntry::method)
        .containsExactly("find");
  }
}
