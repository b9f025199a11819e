package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.JpaAuthStore.BulkTransaction;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The bulk writes of {@link BulkTransaction} (JDBC batches through the entity mapping) store
 * exactly what the one-by-one path stores, and refuse what it refuses.
 */
class BulkWritesTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A user with every field set, its identifiers made unique by {@code tag}. */
  private static UserRecord full(String tag, int i) {
    String email = "Bulk." + tag + i + "@Example.com";
    return UserRecord.newAccount(NOW.minusSeconds(86_400L * i))
        .email(email, email.toLowerCase())
        .phone("+14155" + (100_000 + (int) (Math.random() * 800_000)) + i % 10)
        .username("Bulk_" + tag + i, "bulk_" + tag.toLowerCase() + i)
        .passwordHash("pbkdf2_sha256$260000$salt$" + tag + i)
        .active(i % 2 == 0)
        .verified(true)
        .emailVerified(i % 3 == 0)
        .phoneVerified(true)
        .staff(i == 1)
        .superuser(i == 2)
        .language("fr")
        .timeZone("Europe/Paris")
        .featureFlags(Set.of("beta", "legacy"))
        .termsAcceptedAt(NOW.minusSeconds(3600))
        .lastLoginAt(i == 0 ? null : NOW.minusSeconds(60L * i))
        .deletedAt(i == 3 ? NOW : null)
        .build();
  }

  /** The fields a store keeps, without the identifiers that must differ between two users. */
  private static List<Object> comparable(UserRecord u) {
    return List.of(
        String.valueOf(u.passwordHash()).replaceAll("\\$[^$]*$", ""),
        u.active(),
        u.verified(),
        u.emailVerified(),
        u.phoneVerified(),
        u.staff(),
        u.superuser(),
        String.valueOf(u.language()),
        String.valueOf(u.timeZone()),
        u.featureFlags(),
        String.valueOf(u.termsAcceptedAt()),
        String.valueOf(u.dateJoined()),
        String.valueOf(u.modifiedAt()),
        String.valueOf(u.lastLoginAt()),
        String.valueOf(u.deletedAt()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void usersWrittenInBulkReadBackExactlyAsUsersInsertedOneByOne(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    List<UserRecord> bulk = new ArrayList<>();
    List<UserRecord> single = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bulk.add(full("b" + tag, i));
      single.add(full("s" + tag, i));
    }
    f.store.inBulkTransaction(
        tx -> {
          tx.insertUsersWithDefaultProfile(bulk, "USER", NOW);
          for (UserRecord u : single) {
            tx.users().insert(u);
            tx.profiles()
                .create(ProfileRecord.of(u.publicId(), "USER", NOW).withDefaultProfile(true));
          }
          return null;
        });
    f.store.inTransaction(
        tx -> {
          for (int i = 0; i < bulk.size(); i++) {
            UserRecord b = tx.users().findByPublicId(bulk.get(i).publicId()).orElseThrow();
            UserRecord s = tx.users().findByPublicId(single.get(i).publicId()).orElseThrow();
            assertThat(comparable(b)).isEqualTo(comparable(s));
            assertThat(b.email()).isEqualTo(bulk.get(i).email());
            assertThat(b.emailCanonical()).isEqualTo(bulk.get(i).emailCanonical());
            assertThat(b.phone()).isEqualTo(bulk.get(i).phone());
            assertThat(b.username()).isEqualTo(bulk.get(i).username());
            assertThat(b.usernameCanonical()).isEqualTo(bulk.get(i).usernameCanonical());
            assertThat(b.passwordHash()).isEqualTo(bulk.get(i).passwordHash());
            // Found by each normalised identifier, as the login paths look them up.
            assertThat(tx.users().findByEmail(b.emailCanonical())).isPresent();
            assertThat(tx.users().findByUsername(b.usernameCanonical())).isPresent();
            List<ProfileRecord> bp = tx.profiles().list(b.publicId());
            List<ProfileRecord> sp = tx.profiles().list(s.publicId());
            assertThat(bp).hasSize(1);
            assertThat(bp.get(0).defaultProfile()).isTrue();
            assertThat(bp.get(0).role()).isEqualTo(sp.get(0).role());
            assertThat(bp.get(0).createdAt()).isEqualTo(sp.get(0).createdAt());
          }
          return null;
        });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDuplicateInABulkWriteIsADuplicateKeyAndTheTransactionWritesNothing(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    UserRecord first = full("d" + tag, 1);
    UserRecord bystander = full("y" + tag, 2);
    UserRecord sameEmail =
        full("z" + tag, 3).toBuilder().email(first.email(), first.emailCanonical()).build();
    Throwable thrown =
        catchThrowable(
            () ->
                f.store.inBulkTransaction(
                    tx -> {
                      tx.insertUsersWithDefaultProfile(
                          List.of(first, bystander, sameEmail), "USER", NOW);
                      return null;
                    }));
    assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
    // The violated constraint by its name, as the one-by-one path reports it.
    assertThat(thrown.getMessage()).containsIgnoringCase("(uq_gh_user_email)");
    // The drivers quote a failed batch's values (hashes, emails): none may reach the exception.
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(bystander.passwordHash())
          .doesNotContain(bystander.emailCanonical())
          .doesNotContain(first.emailCanonical());
    }
    f.store.inTransaction(
        tx -> {
          assertThat(tx.users().findByPublicId(first.publicId())).isEmpty();
          assertThat(tx.users().findByPublicId(bystander.publicId())).isEmpty();
          return null;
        });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theDefaultEntitiesTakeTheMultiRowInsertsWithEveryGatehouseProfileAttribute(
      DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    EntityManager em = f.emf.createEntityManager();
    try {
      // A Gatehouse attribute missing from the known ones (the person's, say) would send every
      // host's import down the one-by-one path without any error.
      assertThat(
              HostPaths.plain(
                  em, f.entities.user(), f.entities.profile(), HostMapping.Statement.USER_INSERT))
          .isTrue();
    } finally {
      em.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theDefaultEntitiesTakeTheBatchPathAndOthersDoNot(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    EntityManager em = f.emf.createEntityManager();
    try {
      // Identity key: left to the insert.
      assertThat(
              HostPaths.plain(
                  em, f.entities.user(), f.entities.profile(), HostMapping.Statement.USER_INSERT))
          .isTrue();
      // Not an entity of the unit.
      assertThat(
              HostPaths.plain(
                  em, String.class, f.entities.profile(), HostMapping.Statement.USER_INSERT))
          .isFalse();
    } finally {
      em.close();
    }
  }
}
