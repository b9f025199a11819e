package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.HostMapping.Statement;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/**
 * The plain statements {@link HostMapping} resolves from public sources for the library's default
 * mapping are the statements Hibernate itself writes for their JPQL forms (and for {@code persist}
 * of a user), captured by a statement inspector. It compares with Hibernate's output, so a
 * Hibernate upgrade that writes them differently fails here, which is where that risk belongs.
 */
class HostSqlAsHibernateWritesTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void theResolvedStatementsAreTheOnesHibernateWritesForTheJpqlForms() {
    try (JpaFixture f = JpaFixture.create(DatabaseKind.H2)) {
      String user = f.emf.getMetamodel().entity(f.entities.user()).getName();
      String profile = f.emf.getMetamodel().entity(f.entities.profile()).getName();
      List<String> seen = new ArrayList<>();
      try (Session session =
          f.emf
              .unwrap(SessionFactory.class)
              .withOptions()
              .statementInspector(
                  (java.util.function.UnaryOperator<String>)
                      sql -> {
                        seen.add(sql);
                        return sql;
                      })
              .openSession()) {
        HostMapping mapping = HostMapping.resolve(session, f.entities.user(), f.entities.profile());
        assertThat(mapping.describe().values()).allSatisfy(p -> assertThat(p).startsWith("plain"));
        session.getTransaction().begin();
        UUID id = UUID.randomUUID();
        session
            .createMutationQuery(
                "update "
                    + user
                    + " u set u.lastLoginAt = :now, u.modifiedAt = :now where u.publicId = :pid")
            .setParameter("now", NOW)
            .setParameter("pid", id.toString())
            .executeUpdate();
        assertThat(last(seen)).isEqualTo(plain(mapping, Statement.LAST_LOGIN, 0));
        session
            .createMutationQuery(
                "update "
                    + user
                    + " u set u.lastLoginAt = :now, u.modifiedAt = :now"
                    + " where u.publicId = :pid and u.deletedAt is null and u.active = :active"
                    + " and u.passwordHash = :hash")
            .setParameter("now", NOW)
            .setParameter("pid", id.toString())
            .setParameter("active", true)
            .setParameter("hash", "h")
            .executeUpdate();
        assertThat(last(seen)).isEqualTo(plain(mapping, Statement.PASSWORD_LOGIN, 0));
        JpaStoreTransaction.ownerByJpql(session, user, profile, id, null);
        assertThat(last(seen)).isEqualTo(plain(mapping, Statement.SESSION_OWNER, 0));
        JpaStoreTransaction.ownerByJpql(session, user, profile, id, 7L);
        assertThat(last(seen)).isEqualTo(plain(mapping, Statement.SESSION_OWNER, 1));
        AuthUserBase u =
            JpaUserStore.newEntity(
                f.entities,
                UserRecord.newAccount(NOW).email("a@example.org", "a@example.org").build());
        session.persist(u);
        session.flush();
        // H2's dialect names the identity column with the value "default"; leaving it out is the
        // same insert.
        assertThat(last(seen).replace(",id)values(", ")values(").replace(",default)", ")"))
            .isEqualTo(plain(mapping, Statement.USER_INSERT, 0));
        session.getTransaction().rollback();
      }
    }
  }

  private static String last(List<String> seen) {
    return normal(seen.get(seen.size() - 1));
  }

  private static String plain(HostMapping m, Statement s, int index) {
    return normal(m.path(s).sql().get(index));
  }

  /** Without white space and case: Hibernate's spacing and the resolved one's differ. */
  private static String normal(String sql) {
    return sql.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }
}
