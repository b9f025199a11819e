package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.RefreshTokenState;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The login's plain statements on the library's session and token tables store and read exactly
 * what the JPA code they replaced did: a session and token written by the login have, column for
 * column, the stored values of rows persisted through the tables' old JPA mapping ({@link
 * RowsAsMappedBefore}) with the same values, also in a session and JVM time zone far from UTC, and
 * such old rows read back as the same instants; a duplicate token hash is still a {@link
 * DuplicateKeyException}; and the authenticator-app read sees a factor enrolled earlier in the same
 * host transaction.
 */
class LoginStatementsTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  // Microseconds: every database here keeps them.
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aCreatedSessionStoresWhatJpaStored(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    storesWhatJpaStored(f, f.db.dataSource());
  }

  @Test
  void aCreatedSessionStoresWhatJpaStoredInAnotherTimeZone() {
    TimeZone jvm = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
    try (JpaFixture f = JpaFixture.create(DatabaseKind.H2, CounterTimeZoneTest::inTokyo)) {
      storesWhatJpaStored(f, CounterTimeZoneTest.inTokyo(f.db.dataSource()));
    } finally {
      TimeZone.setDefault(jvm);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aDuplicateTokenHashIsADuplicateKey(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String hash = "dup-" + UUID.randomUUID();
    create(f, session(UUID.randomUUID().toString(), true), hash);
    NewSession second = session(UUID.randomUUID().toString(), true);
    assertThatThrownBy(() -> create(f, second, hash)).isInstanceOf(DuplicateKeyException.class);
    // The failed login's session went with its transaction.
    Optional<SessionState> gone =
        f.store.inTransaction(tx -> tx.sessions().findSession(second.id()));
    assertThat(gone).isEmpty();
  }

  /** A factor enrolled and confirmed earlier in the host's transaction is seen by the login. */
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theFactorReadSeesAnUncommittedEnrolmentOfTheHostTransaction(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    ThreadLocal<EntityManager> requestEm = new ThreadLocal<>();
    JpaAuthStore joined =
        new JpaAuthStore(f.emf, f.entities, HostTransactions.resourceLocal(requestEm::get));
    UUID user = UUID.randomUUID();
    Optional<TotpFactor> seen =
        inHostTransaction(
            f,
            requestEm,
            () -> {
              assertThat(
                      joined.<Boolean>inTransaction(
                          tx -> tx.secondFactors().savePendingTotp(user, "sealed", NOW)))
                  .isTrue();
              Optional<TotpFactor> enrolled =
                  joined.inTransaction(tx -> tx.secondFactors().totp(user));
              assertThat(enrolled).isPresent();
              assertThat(enrolled.get().lastStep()).isNull();
              assertThat(
                      joined.<Boolean>inTransaction(
                          tx -> tx.secondFactors().confirmTotp(user, "sealed", 42L, NOW)))
                  .isTrue();
              return joined.inTransaction(tx -> tx.secondFactors().totp(user));
            });
    assertThat(seen).isPresent();
    assertThat(seen.get().lastStep()).isEqualTo(42L);
    assertThat(seen.get().sealedSecret()).isEqualTo("sealed");
    assertThat(seen.get().createdAt()).isEqualTo(NOW);
    assertThat(seen.get().confirmedAt()).isEqualTo(NOW);
    assertThat(seen.get().userId()).isEqualTo(user);
  }

  private static void storesWhatJpaStored(JpaFixture f, DataSource dataSource) {
    for (boolean full : new boolean[] {true, false}) {
      NewSession n = session(UUID.randomUUID().toString(), full);
      String jpaId = UUID.randomUUID().toString();
      String hash = "login-" + UUID.randomUUID();
      String jpaHash = "jpa-" + UUID.randomUUID();
      create(f, n, hash);
      persistAsBefore(f, dataSource, n, jpaId, jpaHash);

      // auth_time came after that mapping: it is compared through the store below.
      assertThat(columns(f, "select * from gh_session where id = ?", n.id(), "id", "auth_time"))
          .isEqualTo(columns(f, "select * from gh_session where id = ?", jpaId, "id", "auth_time"));
      assertThat(
              columns(
                  f,
                  "select * from gh_refresh_token where token_hash = ?",
                  hash,
                  "token_hash",
                  "session_id"))
          .isEqualTo(
              columns(
                  f,
                  "select * from gh_refresh_token where token_hash = ?",
                  jpaHash,
                  "token_hash",
                  "session_id"));

      // And read through JPA: the instants are the same instants.
      SessionState read =
          f.store.inTransaction(tx -> tx.sessions().findSession(n.id())).orElseThrow();
      assertThat(read)
          .isEqualTo(
              new SessionState(
                  n.id(),
                  n.userPublicId(),
                  n.client(),
                  n.deviceId(),
                  n.amr(),
                  n.profileId(),
                  n.coarseIp(),
                  n.userAgent(),
                  NOW,
                  n.authTime(),
                  NOW,
                  n.expiresAt(),
                  n.idleExpiresAt(),
                  null,
                  null));
      RefreshTokenState token =
          f.store.inTransaction(tx -> tx.sessions().findRefreshToken(hash)).orElseThrow();
      assertThat(token).isEqualTo(new RefreshTokenState(n.id(), NOW, null, null, null));
      // And rows stored through the old mapping read back as the same instants.
      assertThat(f.store.inTransaction(tx -> tx.sessions().findSession(jpaId)).orElseThrow())
          .isEqualTo(
              new SessionState(
                  jpaId,
                  read.userPublicId(),
                  read.client(),
                  read.deviceId(),
                  read.amr(),
                  read.profileId(),
                  read.coarseIp(),
                  read.userAgent(),
                  read.createdAt(),
                  null,
                  read.lastUsedAt(),
                  read.expiresAt(),
                  read.idleExpiresAt(),
                  null,
                  null));
      Optional<RefreshTokenState> old =
          f.store.inTransaction(tx -> tx.sessions().findRefreshToken(jpaHash));
      assertThat(old).contains(new RefreshTokenState(jpaId, NOW, null, null, null));
    }
  }

  private static NewSession session(String id, boolean full) {
    return new NewSession(
        id,
        UUID.randomUUID(),
        "web",
        full ? 17L : null,
        full ? List.of("pwd", "otp") : List.of(),
        full ? 23L : null,
        full ? "203.0.113.0" : null,
        full ? "Browser/1.0" : null,
        NOW,
        full ? NOW.minus(Duration.ofHours(20)) : null,
        NOW.plus(Duration.ofDays(30)),
        NOW.plus(Duration.ofHours(1)));
  }

  private static void create(JpaFixture f, NewSession n, String hash) {
    f.store.inTransaction(
        tx -> {
          tx.sessions().createSession(n, hash);
          return null;
        });
  }

  /** What {@code createSession} stored through the tables' old JPA mapping. */
  private static void persistAsBefore(
      JpaFixture f, DataSource dataSource, NewSession n, String id, String hash) {
    EntityManagerFactory before =
        GatehouseJpa.bootstrap(dataSource, f.entities, RowsAsMappedBefore.classes());
    EntityManager em = before.createEntityManager();
    try {
      em.getTransaction().begin();
      RowsAsMappedBefore.SessionAsBefore s = new RowsAsMappedBefore.SessionAsBefore();
      s.id = id;
      s.userPublicId = n.userPublicId().toString();
      s.client = n.client();
      s.deviceId = n.deviceId();
      s.amr = n.amr().isEmpty() ? null : String.join(" ", n.amr());
      s.profileId = n.profileId();
      s.coarseIp = n.coarseIp();
      s.userAgent = n.userAgent();
      s.createdAt = n.createdAt();
      s.lastUsedAt = n.createdAt();
      s.expiresAt = n.expiresAt();
      s.idleExpiresAt = n.idleExpiresAt();
      em.persist(s);
      em.flush();
      RowsAsMappedBefore.RefreshTokenAsBefore t = new RowsAsMappedBefore.RefreshTokenAsBefore();
      t.tokenHash = hash;
      t.sessionId = id;
      t.createdAt = n.createdAt();
      em.persist(t);
      em.getTransaction().commit();
    } finally {
      em.close();
      before.close();
    }
  }

  /** A row's stored values as the database renders them, all but the {@code skipped} columns. */
  private static List<String> columns(JpaFixture f, String sql, String key, String... skipped) {
    try (Connection c = f.db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        ResultSetMetaData meta = r.getMetaData();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String name = meta.getColumnLabel(i);
          if (!List.of(skipped).contains(name.toLowerCase())) {
            out.add(name.toLowerCase() + "=" + r.getString(i));
          }
        }
        return out;
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T inHostTransaction(
      JpaFixture f, ThreadLocal<EntityManager> requestEm, Supplier<T> work) {
    EntityManager em = f.emf.createEntityManager();
    requestEm.set(em);
    try {
      em.getTransaction().begin();
      T result = work.get();
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      requestEm.remove();
      em.close();
    }
  }
}
