package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.SessionStore.RefreshTokenState;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.jpa.fixture.Fixtures;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.internal.RefreshTokenRow;
import dev.gatehouse.jpa.internal.SessionRow;
import dev.gatehouse.jpa.internal.TotpFactorRow;
import dev.gatehouse.testing.DatabaseKind;
import dev.gatehouse.testing.EnabledDatabases;
import jakarta.persistence.EntityManager;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The login's plain statements ({@link JdbcSessionStatements#createSession}, {@link JdbcTotpRead})
 * store and read exactly what the JPA code they replace did: a session and token written by the
 * login have, column for column, the stored values of a {@link SessionRow} and {@link
 * RefreshTokenRow} persisted through JPA with the same values, also in a session and JVM time zone
 * far from UTC; a duplicate token hash is still a {@link DuplicateKeyException}; the host
 * transaction's pending changes are written before the session (the flush it replaces wrote a
 * pending update after the session row: all pending changes now come first); and the
 * authenticator-app read sees a factor enrolled or changed earlier in the same (host) transaction
 * and not yet flushed.
 */
class LoginStatementsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  // Microseconds: every database here keeps them.
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aCreatedSessionStoresWhatJpaStored(DatabaseKind kind) {
    storesWhatJpaStored(FIXTURES.get(kind));
  }

  @Test
  void aCreatedSessionStoresWhatJpaStoredInAnotherTimeZone() {
    TimeZone jvm = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
    try (JpaFixture f = JpaFixture.create(DatabaseKind.H2, CounterTimeZoneTest::inTokyo)) {
      storesWhatJpaStored(f);
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

  /** A host that changed the factor in its transaction, not yet flushed, has the login see it. */
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theFactorReadSeesAnUnflushedChangeOfTheHostTransaction(DatabaseKind kind) throws Exception {
    JpaFixture f = FIXTURES.get(kind);
    ThreadLocal<EntityManager> requestEm = new ThreadLocal<>();
    JpaAuthStore joined =
        new JpaAuthStore(f.emf, f.entities, HostTransactions.resourceLocal(requestEm::get));
    UUID user = UUID.randomUUID();
    Field lastStep = TotpFactorRow.class.getDeclaredField("lastStep");
    lastStep.setAccessible(true);
    Optional<TotpFactor> seen =
        inHostTransaction(
            f,
            requestEm,
            () -> {
              EntityManager em = requestEm.get();
              // Enrolled in this transaction: the factor is new to the database's snapshot too.
              TotpFactorRow row = new TotpFactorRow(user.toString(), "sealed", NOW);
              em.persist(row);
              Optional<TotpFactor> enrolled =
                  joined.inTransaction(tx -> tx.secondFactors().totp(user));
              assertThat(enrolled).isPresent();
              assertThat(enrolled.get().lastStep()).isNull();
              try {
                // A dirty managed row: only a flush before the read writes it.
                lastStep.set(row, 42L);
              } catch (IllegalAccessException e) {
                throw new AssertionError(e);
              }
              return joined.inTransaction(tx -> tx.secondFactors().totp(user));
            });
    assertThat(seen).isPresent();
    assertThat(seen.get().lastStep()).isEqualTo(42L);
    assertThat(seen.get().sealedSecret()).isEqualTo("sealed");
    assertThat(seen.get().createdAt()).isEqualTo(NOW);
    assertThat(seen.get().confirmedAt()).isNull();
    assertThat(seen.get().userId()).isEqualTo(user);
  }

  /**
   * What the host changed in its transaction is written before the login's session, as the flush
   * before the insert did: a host's constraint or trigger may rely on that order.
   */
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void creatingASessionWritesTheHostTransactionsPendingChangesFirst(DatabaseKind kind)
      throws Exception {
    List<String> prepared = Collections.synchronizedList(new ArrayList<>());
    StatementInspector recorder =
        sql -> {
          prepared.add(sql.strip().toLowerCase(Locale.ROOT));
          return sql;
        };
    try (JpaFixture f =
        JpaFixture.create(
            kind, ds -> ds, Map.of(AvailableSettings.STATEMENT_INSPECTOR, recorder))) {
      ThreadLocal<EntityManager> requestEm = new ThreadLocal<>();
      JpaAuthStore joined =
          new JpaAuthStore(f.emf, f.entities, HostTransactions.resourceLocal(requestEm::get));
      UUID user = UUID.randomUUID();
      f.store.inTransaction(tx -> tx.secondFactors().savePendingTotp(user, "sealed", NOW));
      Field lastStep = TotpFactorRow.class.getDeclaredField("lastStep");
      lastStep.setAccessible(true);
      List<String> during =
          inHostTransaction(
              f,
              requestEm,
              () -> {
                TotpFactorRow row =
                    requestEm
                        .get()
                        .createQuery(
                            "select f from GatehouseTotpFactor f where f.userPublicId = :u",
                            TotpFactorRow.class)
                        .setParameter("u", user.toString())
                        .getSingleResult();
                try {
                  lastStep.set(row, 7L);
                } catch (IllegalAccessException e) {
                  throw new AssertionError(e);
                }
                return joined.inTransaction(
                    tx -> {
                      prepared.clear();
                      tx.sessions()
                          .createSession(
                              session(UUID.randomUUID().toString(), true),
                              "pending-" + UUID.randomUUID());
                      // Before the joined transaction's own closing flush.
                      return List.copyOf(prepared);
                    });
              });
      int update = indexOf(during, "update gh_totp_factor");
      int insert = indexOf(during, "insert into gh_session");
      assertThat(update).as("%s", during).isNotNegative().isLessThan(insert);
      assertThat(indexOf(during, "insert into gh_refresh_token")).isGreaterThan(insert);
    }
  }

  private static int indexOf(List<String> statements, String prefix) {
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static void storesWhatJpaStored(JpaFixture f) {
    for (boolean full : new boolean[] {true, false}) {
      NewSession n = session(UUID.randomUUID().toString(), full);
      String jpaId = UUID.randomUUID().toString();
      String hash = "login-" + UUID.randomUUID();
      String jpaHash = "jpa-" + UUID.randomUUID();
      create(f, n, hash);
      persistAsBefore(f, n, jpaId, jpaHash);

      assertThat(columns(f, "select * from gh_session where id = ?", n.id(), "id"))
          .isEqualTo(columns(f, "select * from gh_session where id = ?", jpaId, "id"));
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
                  NOW,
                  n.expiresAt(),
                  n.idleExpiresAt(),
                  null,
                  null));
      RefreshTokenState token =
          f.store.inTransaction(tx -> tx.sessions().findRefreshToken(hash)).orElseThrow();
      assertThat(token).isEqualTo(new RefreshTokenState(n.id(), NOW, null, null, null));
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

  /** What {@code createSession} did through JPA before it used plain statements. */
  private static void persistAsBefore(JpaFixture f, NewSession n, String id, String hash) {
    EntityManager em = f.emf.createEntityManager();
    try {
      em.getTransaction().begin();
      SessionRow s = new SessionRow();
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
      em.persist(new RefreshTokenRow(hash, id, n.createdAt()));
      em.getTransaction().commit();
    } finally {
      em.close();
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
