package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The writes the JPA store defers to the end of a transaction's work ({@link LibrarySql#defer}: a
 * new session, an audit entry, a settlement of counters) behave as writes made at once: every read
 * of the same transaction sees them, whichever way it reads (the store's stores, the counters, a
 * module's connection); a deferred write that fails fails its whole transaction with the typed
 * error, and nothing of that transaction stays; in a host's transaction they are written before
 * Gatehouse returns to the host, and go with the host's rollback.
 */
class DeferredWritesTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");
  private static final Duration WINDOW = Duration.ofMinutes(15);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aLaterReadOfTheSameTransactionSeesEveryDeferredWrite(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID subject = UUID.randomUUID();
    String sessionId = UUID.randomUUID().toString();
    String counter = "deferred:" + UUID.randomUUID();
    count(f, counter, 3);
    f.store.inTransaction(
        tx -> {
          tx.sessions().createSessionHoldingToken(session(sessionId, subject), "hash-" + sessionId);
          assertThat(tx.sessions().findSession(sessionId)).as("the session").isPresent();

          tx.audit().append(entry(subject, "first"));
          assertThat(tx.audit().forSubject(subject, 10))
              .extracting(AuditEntry::event)
              .as("the audit entry")
              .containsExactly("first");

          tx.counters().decrementAndClear(null, counter);
          assertThat(tx.counters().find(counter))
              .as("the settled counter")
              .map(CounterState::count)
              .contains(0L);

          tx.audit().append(entry(subject, "second"));
          int onTheConnection = ((JpaStoreTransaction) tx).onConnection(c -> auditRows(c, subject));
          assertThat(onTheConnection).as("a module's connection").isEqualTo(2);
          return null;
        });
    assertThat(trail(f, subject)).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDeferredWriteThatFailsFailsItsTransactionAndLeavesNothing(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID subject = UUID.randomUUID();
    String sessionId = UUID.randomUUID().toString();
    String counter = "deferred:" + UUID.randomUUID();
    f.store.inTransaction(
        tx -> {
          tx.sessions().createSessionHoldingToken(session(sessionId, subject), "first");
          return null;
        });
    count(f, counter, 3);
    assertThatThrownBy(
            () ->
                f.store.inTransaction(
                    tx -> {
                      tx.audit().append(entry(subject, "before"));
                      tx.counters().decrementAndClear(null, counter);
                      // The same session id again: refused by the primary key when it is sent.
                      tx.sessions()
                          .createSessionHoldingToken(session(sessionId, subject), "second");
                      tx.audit().append(entry(subject, "after"));
                      return null;
                    }))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(trail(f, subject)).isEmpty();
    java.util.Optional<CounterState> after =
        f.store.inTransaction(tx -> tx.counters().find(counter));
    assertThat(after).map(CounterState::count).contains(3L);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void inAHostTransactionTheWritesAreMadeBeforeGatehouseReturnsAndRollBackWithTheHost(
      DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    ThreadLocal<EntityManager> requestEm = new ThreadLocal<>();
    JpaAuthStore joining =
        new JpaAuthStore(f.emf, f.entities, HostTransactions.resourceLocal(requestEm::get));
    UUID kept = UUID.randomUUID();
    UUID rolledBack = UUID.randomUUID();
    for (UUID subject : List.of(kept, rolledBack)) {
      EntityManager em = f.emf.createEntityManager();
      requestEm.set(em);
      try {
        em.getTransaction().begin();
        joining.inTransaction(
            tx -> {
              tx.audit().append(entry(subject, "joined"));
              return null;
            });
        // Gatehouse has returned; the host's own statement on its connection sees the row.
        int seen = JpaConnections.onConnection(em, c -> auditRows(c, subject));
        assertThat(seen).as("seen by the host before its commit").isEqualTo(1);
        if (subject.equals(kept)) {
          em.getTransaction().commit();
        } else {
          em.getTransaction().rollback();
        }
      } finally {
        requestEm.remove();
        em.close();
      }
    }
    assertThat(trail(f, kept)).hasSize(1);
    assertThat(trail(f, rolledBack)).isEmpty();
  }

  private static List<AuditEntry> trail(JpaFixture f, UUID subject) {
    return f.store.inTransaction(tx -> tx.audit().forSubject(subject, 10));
  }

  private static int auditRows(java.sql.Connection c, UUID subject) throws java.sql.SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select count(*) from gh_audit_event where subject = ?")) {
      s.setString(1, subject.toString());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static void count(JpaFixture f, String key, int hits) {
    f.store.inTransaction(
        tx -> {
          for (int i = 0; i < hits; i++) {
            tx.counters().increment(key, NOW, WINDOW);
          }
          return null;
        });
  }

  private static AuditEntry entry(UUID subject, String event) {
    return new AuditEntry(NOW, event, subject, "user", "pwd", null, null, null, null, null);
  }

  private static NewSession session(String id, UUID owner) {
    return new NewSession(
        id,
        owner,
        "web",
        null,
        List.of("pwd"),
        null,
        null,
        null,
        NOW,
        NOW,
        NOW.plus(Duration.ofDays(30)),
        NOW.plus(Duration.ofHours(1)));
  }
}
