package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.EntityClasses;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Turns an owner's public id into the host's user entity, for the stores that write rows pointing
 * at it (the foreign key is the host's own key, of the host's own type).
 */
final class JpaOwners {
  /** Up to this many managed entities, looking in the persistence context first is free. */
  private static final int SMALL_CONTEXT = 32;

  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final Map<UUID, AuthUserBase> created;

  /**
   * @param created the users created in this transaction, by public id
   */
  JpaOwners(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      Map<UUID, AuthUserBase> created) {
    this.created = created;
    this.em = em;
    this.entities = entities;
    this.names = names;
  }

  /**
   * @param publicId the owner's public id
   * @return the owner, managed in this transaction
   * @throws NoSuchElementException when there is no such user
   */
  AuthUserBase require(UUID publicId) {
    return find(publicId)
        .orElseThrow(() -> new NoSuchElementException("no user with public id " + publicId));
  }

  private Optional<AuthUserBase> find(UUID publicId) {
    AuthUserBase fresh = created.get(publicId);
    if (fresh != null && em.contains(fresh)) {
      // Created in this transaction and still managed (not removed, not detached).
      return Optional.of(fresh);
    }
    // The calling flow has nearly always just loaded or created the owner, so in an interactive
    // flow's small persistence context it costs no statement. A bulk transaction holds thousands
    // of entities: scanning them for every row would make it quadratic, so it asks the database
    // first, and scans only for a user whose insert waits for the commit (a key the host assigns,
    // in a transaction that does not flush before queries).
    PersistenceContext context =
        em.unwrap(SharedSessionContractImplementor.class).getPersistenceContextInternal();
    boolean small = context.getNumberOfManagedEntities() <= SMALL_CONTEXT;
    if (small) {
      Optional<AuthUserBase> managed = managed(context, publicId);
      if (managed.isPresent()) {
        return managed;
      }
    }
    Optional<AuthUserBase> stored =
        em.createQuery(
                "select u from " + names.user() + " u where u.publicId = :pid", AuthUserBase.class)
            .setParameter("pid", publicId.toString())
            .getResultStream()
            .findFirst();
    return stored.isPresent() || small ? stored : managed(context, publicId);
  }

  private Optional<AuthUserBase> managed(PersistenceContext context, UUID publicId) {
    for (Map.Entry<Object, EntityEntry> e : context.reentrantSafeEntityEntries()) {
      if (entities.user().isInstance(e.getKey())
          && !e.getValue().getStatus().isDeletedOrGone()
          && publicId.equals(((AuthUserBase) e.getKey()).getPublicId())) {
        return Optional.of((AuthUserBase) e.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Inserts a new owned row and detaches it, so no profile or device stays managed (the stores'
   * bulk updates bypass the persistence context); the key comes back through {@code key}.
   *
   * @param row a new entity
   * @param key reads the row's generated key
   * @return the key
   * @throws dev.gatehouse.core.store.DuplicateKeyException on a unique-index violation
   */
  Long insertDetached(Object row, java.util.function.Supplier<Long> key) {
    try {
      em.persist(row);
      if (key.get() == null) {
        // Only a host that maps the key differently gets here: write it out to learn the key.
        em.flush();
      }
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
    em.detach(row);
    return key.get();
  }
}
