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

  /**
   * The owner's read as a refresh folds it into its statement ({@link HostStatements#ownerJoin}),
   * joined on a one-row stand-in for the session with {@code publicId} and {@code profileId}; empty
   * when the mapping or the session leaves the owner to its own read.
   */
  static Optional<SessionOwner> foldedOwner(
      EntityManager em, Class<?> user, Class<?> profile, UUID publicId, Long profileId) {
    HostStatements statements = statements(em, user, profile);
    OwnerJoin join = statements.ownerJoin();
    if (join == null) {
      return Optional.empty();
    }
    String sql =
        "select 1"
            + join.columns()
            + " from (select cast(? as varchar(36)) as user_public_id,"
            + " cast(? as bigint) as profile_id) s"
            + join.joins();
    return Optional.of(
        JpaConnections.onConnection(
            em,
            c -> {
              try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, publicId.toString());
                if (profileId == null) {
                  s.setNull(2, java.sql.Types.BIGINT);
                } else {
                  s.setLong(2, profileId);
                }
                try (java.sql.ResultSet row = s.executeQuery()) {
                  row.next();
                  return statements.owner(row, 2);
                }
              }
            }));
  }

  static Optional<Integer> recordLogin(EntityManager em, Class<?> user, UUID id, Instant now) {
    return statements(em, user, Object.class).recordLogin(id, now);
  }

  static Optional<Integer> recordPasswordLogin(
      EntityManager em, Class<?> user, UUID id, String hash, Instant now) {
    return statements(em, user, Object.class).recordPasswordLogin(id, hash, now);
  }
}
