package dev.gatehouse.jpa;

import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.jpa.HostMapping.Statement;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.SessionFactory;

/**
 * The host statements of a user and a profile class for tests: their mapping resolved as a store
 * resolves it, and each statement by its plain form when the mapping and the session allow, else
 * empty (the caller's JPQL form).
 */
final class HostPaths {
  private HostPaths() {}

  static HostMapping mapping(EntityManager em, Class<?> user, Class<?> profile) {
    return HostMapping.resolve(em, user, profile);
  }

  static boolean plain(EntityManager em, Class<?> user, Class<?> profile, Statement s) {
    return mapping(em, user, profile).path(s).plain();
  }

  static HostStatements statements(EntityManager em, Class<?> user, Class<?> profile) {
    Set<String> filters =
        Set.copyOf(
            em.getEntityManagerFactory().unwrap(SessionFactory.class).getDefinedFilterNames());
    return new HostStatements(mapping(em, user, profile), filters, em, JpaConnections.dialect(em));
  }

  /** The plain owner read, or the JPQL one when the mapping or the session needs it. */
  static Optional<SessionOwner> owner(
      EntityManager em,
      Class<?> user,
      String userName,
      Class<?> profile,
      String profileName,
      UUID publicId,
      Long profileId) {
    Optional<Optional<SessionOwner>> plain =
        statements(em, user, profile).sessionOwner(publicId, profileId);
    return plain.isPresent()
        ? plain.get()
        : JpaStoreTransaction.ownerByJpql(em, userName, profileName, publicId, profileId);
  }

  static Optional<Integer> recordLogin(EntityManager em, Class<?> user, UUID id, Instant now) {
    return statements(em, user, Object.class).recordLogin(id, now);
  }

  static Optional<Integer> recordPasswordLogin(
      EntityManager em, Class<?> user, UUID id, String hash, Instant now) {
    return statements(em, user, Object.class).recordPasswordLogin(id, hash, now);
  }
}
