package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import java.util.UUID;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Where {@link JpaConnections} takes its statements' query timeout from: the unit's {@code
 * jakarta.persistence.query.timeout}, overridden by the session's, in milliseconds, as JDBC
 * seconds. That a blocked statement then fails is shown on PostgreSQL and MariaDB by {@code
 * SessionQueryTimeoutTest}.
 */
class SessionJdbcTimeoutTest {
  private static final String QUERY_TIMEOUT = "jakarta.persistence.query.timeout";

  @Entity(name = "TimeoutThing")
  static class TimeoutThing {
    @Id Long id;
  }

  @Test
  void theUnitsTimeoutAppliesAndTheSessionsOverridesIt() {
    try (EntityManagerFactory emf = factory(1000)) {
      EntityManager em = emf.createEntityManager();
      try {
        assertThat(JpaConnections.queryTimeoutSeconds(em)).isEqualTo(1);
        em.setProperty(QUERY_TIMEOUT, 2500);
        assertThat(JpaConnections.queryTimeoutSeconds(em)).isEqualTo(3);
        // Hibernate would round this to no timeout at all; a timeout was asked for.
        em.setProperty(QUERY_TIMEOUT, "300");
        assertThat(JpaConnections.queryTimeoutSeconds(em)).isEqualTo(1);
        em.setProperty(QUERY_TIMEOUT, 0);
        assertThat(JpaConnections.queryTimeoutSeconds(em)).isZero();
      } finally {
        em.close();
      }
    }
  }

  @Test
  void noTimeoutIsConfiguredByDefault() {
    try (EntityManagerFactory emf = factory(null)) {
      EntityManager em = emf.createEntityManager();
      try {
        assertThat(JpaConnections.queryTimeoutSeconds(em)).isZero();
      } finally {
        em.close();
      }
    }
  }

  private static EntityManagerFactory factory(Integer timeoutMillis) {
    HibernatePersistenceConfiguration cfg =
        new HibernatePersistenceConfiguration("timeouts-" + UUID.randomUUID())
            .managedClasses(TimeoutThing.class)
            .jdbcUrl("jdbc:h2:mem:timeouts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .property("hibernate.hbm2ddl.auto", "create");
    if (timeoutMillis != null) {
      cfg.property(QUERY_TIMEOUT, timeoutMillis);
    }
    return cfg.createEntityManagerFactory();
  }
}
