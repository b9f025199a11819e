package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.jpa.internal.TotpFactorRow;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The read of a user's authenticator-app factor, which every password login of an account makes, as
 * a plain statement through {@link SessionJdbc}: values bound and read through Hibernate's mapping
 * of the {@link TotpFactorRow} columns, so they are what the JPQL projection it replaces answered.
 *
 * <p>Why: Hibernate interpreted the JPQL afresh on each login (issue 19 item 5).
 *
 * <p>As before the read, pending changes of {@link TotpFactorRow} entities in the transaction are
 * flushed as Hibernate's auto-flush does for a query on their table, so a factor enrolled earlier
 * in the same transaction is seen. One instance per store, built lazily (a unit without the MFA
 * entities never reads it); thread-safe.
 */
final class JdbcTotpRead {
  private static final String SELECT =
      "select sealed_secret, confirmed_at, last_step, created_at from gh_totp_factor"
          + " where user_public_id = ?";

  /** The {@link TotpFactorRow} attributes of {@link #SELECT}'s columns, in order. */
  private static final String[] COLUMNS = {"sealedSecret", "confirmedAt", "lastStep", "createdAt"};

  private record Plan(
      SessionFactoryImplementor factory,
      JdbcMapping user,
      JdbcMapping[] columns,
      Set<String> spaces) {}

  private volatile Plan plan;

  /** See {@link dev.gatehouse.core.store.SecondFactorStore#totp}. */
  Optional<TotpFactor> totp(EntityManager em, UUID userId) {
    SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
    Plan p = plan(session.getFactory());
    SessionJdbc.autoFlush(session, p.spaces());
    return SessionJdbc.first(
        session,
        SELECT,
        new Object[] {userId.toString()},
        new JdbcMapping[] {p.user()},
        row -> {
          Object[] v = new Object[COLUMNS.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = SessionJdbc.read(session, row, i + 1, p.columns()[i]);
          }
          return new TotpFactor(userId, (String) v[0], (Instant) v[1], (Long) v[2], (Instant) v[3]);
        });
  }

  private Plan plan(SessionFactoryImplementor factory) {
    Plan p = plan;
    if (p == null || p.factory() != factory) {
      EntityPersister rows = factory.getMappingMetamodel().getEntityDescriptor(TotpFactorRow.class);
      JdbcMapping[] columns = new JdbcMapping[COLUMNS.length];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = jdbc(rows, COLUMNS[i]);
      }
      Set<String> spaces = new LinkedHashSet<>();
      rows.visitQuerySpaces(spaces::add);
      p = new Plan(factory, jdbc(rows, "userPublicId"), columns, Set.copyOf(spaces));
      plan = p;
    }
    return p;
  }

  private static JdbcMapping jdbc(EntityPersister persister, String attribute) {
    if (persister.findAttributeMapping(attribute) instanceof BasicValuedModelPart basic) {
      return basic.getJdbcMapping();
    }
    throw new IllegalStateException(persister.getEntityName() + "." + attribute + " is not basic");
  }
}
