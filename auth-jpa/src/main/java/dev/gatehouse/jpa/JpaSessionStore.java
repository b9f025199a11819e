package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SessionStore;
import jakarta.persistence.EntityManager;

/** JPA implementation of {@link SessionStore} over the transaction's {@link EntityManager}. */
final class JpaSessionStore implements SessionStore {
  private final EntityManager em;

  JpaSessionStore(EntityManager em) {
    this.em = em;
  }
}
