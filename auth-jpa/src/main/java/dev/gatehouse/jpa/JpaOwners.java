package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.EntityClasses;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an owner's public id into the host's user entity, for the stores that write rows pointing
 * at it (the foreign key is the host's own key, of the host's own type).
 */
final class JpaOwners {
  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final Map<UUID, AuthUserBase> known;

  /**
   * @param known the users this transaction created or loaded as entities, by public id
   */
  JpaOwners(
      EntityManager em, EntityClasses entities, EntityNames names, Map<UUID, AuthUserBase> known) {
    this.known = known;
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
    AuthUserBase known = this.known.get(publicId);
    if (known != null && em.contains(known)) {
      // Created or loaded in this transaction and still managed (not removed, not detached): the
      // usual case, as a flow adds a profile or device right after creating or finding the owner,
      // so it costs no statement.
      return Optional.of(known);
    }
    Optional<AuthUserBase> stored =
        em.createQuery(
                "select u from " + names.user() + " u where u.publicId = :pid", AuthUserBase.class)
            .setParameter("pid", publicId.toString())
            .getResultStream()
            .findFirst();
    stored.ifPresent(u -> this.known.put(publicId, u));
    return stored;
  }

  /**
   * Inserts a new owned row and detaches it, so no profile or device stays managed (the stores'
   * bulk updates bypass the persistence context); the key comes back through {@code key}.
   *
   * @param row a new entity
   * @param key reads the row's generated key
   * @return the key
   * @throws dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException on a unique-index
   *     violation
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
