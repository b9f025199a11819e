package dev.gatehouse.jpa;

import dev.gatehouse.core.store.ActionTokenStore;
import jakarta.persistence.EntityManager;

/** JPA implementation of {@link ActionTokenStore} over the transaction's {@link EntityManager}. */
final class JpaActionTokenStore implements ActionTokenStore {
  private final EntityManager em;

  JpaActionTokenStore(EntityManager em) {
    this.em = em;
  }
}
