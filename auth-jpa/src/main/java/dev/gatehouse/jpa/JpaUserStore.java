package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.store.UserStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * JPA implementation of {@link UserStore} over the host's user entity (its own key type and column
 * names: queries name attributes, never columns). Reads select attributes, not entities, so a value
 * is always read from the row as it is now, even after a bulk update in the same transaction. A
 * user this store creates stays managed until the transaction ends, only so that the stores of rows
 * pointing at it (profiles, devices) find their owner without a query; nothing changes it.
 */
final class JpaUserStore implements UserStore {
  private static final String COLUMNS =
      "select u.publicId, u.email, u.emailNormalized, u.phone, u.username, u.usernameNormalized,"
          + " u.passwordHash, u.active, u.verified, u.emailVerified, u.phoneVerified, u.staff,"
          + " u.superuser, u.language, u.timeZone, u.featureFlags, u.termsAcceptedAt,"
          + " u.createdAt, u.modifiedAt, u.lastLoginAt, u.deletedAt from ";

  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final Runnable writing;
  private final java.util.Map<UUID, AuthUserBase> created;
  private final HostStatements host;

  /**
   * @param writing called before every write, so the transaction knows it wrote
   * @param created where the users this transaction creates are registered, by public id
   * @param host the plain statements on the host's tables
   */
  JpaUserStore(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      Runnable writing,
      java.util.Map<UUID, AuthUserBase> created,
      HostStatements host) {
    this.created = created;
    this.host = host;
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.writing = writing;
  }

  @Override
  public Optional<UserRecord> findByEmail(String canonicalEmail) {
    return findBy("emailNormalized", canonicalEmail);
  }

  @Override
  public Optional<UserRecord> findByPhone(String e164) {
    return findBy("phone", e164);
  }

  @Override
  public Optional<UserRecord> findByUsername(String canonicalUsername) {
    return findBy("usernameNormalized", canonicalUsername);
  }

  @Override
  public Optional<UserRecord> findByPublicId(UUID publicId) {
    return findBy("publicId", publicId == null ? null : publicId.toString());
  }

  /**
   * Locks the user's row with the database's row lock ({@code select ... for update}, held until
   * the transaction ends), then reads it as every read does. An entity the lock loaded leaves the
   * persistence context again; one this transaction created stays managed.
   */
  @Override
  public Optional<UserRecord> lockForUpdate(UUID publicId) {
    java.util.Objects.requireNonNull(publicId, "publicId");
    var stats = em.unwrap(org.hibernate.Session.class).getStatistics();
    int managed = stats.getEntityCount();
    Optional<? extends AuthUserBase> locked =
        em.createQuery(
                "select u from " + names.user() + " u where u.publicId = :v", entities.user())
            .setParameter("v", publicId.toString())
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream()
            .findFirst();
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    if (stats.getEntityCount() > managed) {
      em.detach(locked.get());
    }
    return findByPublicId(publicId);
  }

  /** The entity's key when it is a number, by its key attribute (named as the host named it). */
  @Override
  public OptionalLong numericKey(UUID publicId) {
    EntityType<? extends AuthUserBase> type = em.getMetamodel().entity(entities.user());
    if (!type.hasSingleIdAttribute() || !Number.class.isAssignableFrom(boxed(type.getIdType()))) {
      return OptionalLong.empty();
    }
    String key = type.getId(type.getIdType().getJavaType()).getName();
    return em.createQuery(
            "select u." + key + " from " + names.user() + " u where u.publicId = :v", Number.class)
        .setParameter("v", publicId.toString())
        .getResultStream()
        .findFirst()
        .map(n -> OptionalLong.of(n.longValue()))
        .orElse(OptionalLong.empty());
  }

  private static Class<?> boxed(Type<?> type) {
    Class<?> c = type.getJavaType();
    return c == long.class ? Long.class : c == int.class ? Integer.class : c;
  }

  private Optional<UserRecord> findBy(String attribute, String value) {
    if (value == null) {
      return Optional.empty();
    }
    return em.createQuery(
            COLUMNS + names.user() + " u where u." + attribute + " = :v", Object[].class)
        .setParameter("v", value)
        .getResultStream()
        .findFirst()
        .map(JpaUserStore::record);
  }

  @Override
  public List<UserRecord> page(UserPage page) {
    if (page.key() == UserPage.Key.LAST_SIGN_IN) {
      return bySignIn(page);
    }
    String attribute =
        switch (page.key()) {
          case EMAIL -> "emailNormalized";
          case PHONE -> "phone";
          case USERNAME -> "usernameNormalized";
          case CREATED -> "createdAt";
          case LAST_SIGN_IN -> throw new IllegalStateException("read by bySignIn");
        };
    String a = "u." + attribute;
    StringBuilder q =
        new StringBuilder(COLUMNS).append(names.user()).append(" u where u.deletedAt is null");
    if (page.key().byPrefix()) {
      // A prefix reads a range of an index in that index's order. On PostgreSQL the identifier is
      // compared in the byte-wise collation ucs_basic, as 0014's prefix indexes are built: under
      // any other collation PostgreSQL can neither take a LIKE prefix from an index nor read it in
      // the page's order. H2 and MariaDB do both on the unique indexes, in the column's collation.
      String c = host.dialect() == SqlDialect.POSTGRESQL ? "collate(" + a + " as ucs_basic)" : a;
      q.append(" and ").append(c).append(" like :p escape '!'");
      if (page.afterValue() != null) {
        q.append(" and ").append(c).append(" > :after");
      }
      q.append(" order by ").append(c);
    } else {
      q.append(" and ").append(a).append(" >= :from and ").append(a).append(" < :to");
      if (page.afterValue() != null) {
        // The index's range starts at the cursor's time; the public id orders equal times.
        q.append(" and ").append(a).append(" >= :after and (").append(a);
        q.append(" > :after or u.publicId > :id)");
      }
      q.append(" order by ").append(a).append(", u.publicId");
    }
    TypedQuery<Object[]> query = em.createQuery(q.toString(), Object[].class);
    if (page.key().byPrefix()) {
      query.setParameter("p", page.prefix().replaceAll("([!%_])", "!$1") + "%");
      if (page.afterValue() != null) {
        query.setParameter("after", page.afterValue());
      }
    } else {
      query.setParameter("from", page.from()).setParameter("to", page.to());
      if (page.afterValue() != null) {
        query.setParameter("after", Instant.parse(page.afterValue()));
        query.setParameter("id", page.afterId().toString());
      }
    }
    return query.setMaxResults(page.limit()).getResultStream().map(JpaUserStore::record).toList();
  }

  /**
   * Administration's page by last sign-in time: a range of {@link SignInTimes}'s index in its
   * order, the user table's own last login having no index (an indexed column written at every
   * sign-in would cost each sign-in an entry in every index of the table on PostgreSQL), then those
   * users by public id through JPQL, so that a host's restriction or filter applies as on every
   * other page. A row whose user is deleted or hidden is passed over, and the range read on until
   * the page is full or the range ends.
   */
  private List<UserRecord> bySignIn(UserPage page) {
    List<UserRecord> out = new ArrayList<>(page.limit());
    Instant afterAt = page.afterValue() == null ? null : Instant.parse(page.afterValue());
    UUID afterId = page.afterValue() == null ? null : page.afterId();
    while (out.size() < page.limit()) {
      int want = page.limit() - out.size();
      List<Map.Entry<UUID, Instant>> rows =
          host.signInRange(page.from(), page.to(), afterAt, afterId, want);
      if (rows.isEmpty()) {
        break;
      }
      Map<UUID, UserRecord> users = new HashMap<>();
      em.createQuery(
              // A row outlives a user deleted outright (the importer's rollback removes the
              // entity): only a user that still has a last login counts.
              COLUMNS
                  + names.user()
                  + " u where u.deletedAt is null and u.lastLoginAt is not null"
                  + " and u.publicId in :ids",
              Object[].class)
          .setParameter("ids", rows.stream().map(r -> r.getKey().toString()).toList())
          .getResultStream()
          .map(JpaUserStore::record)
          .forEach(u -> users.put(u.publicId(), u));
      for (Map.Entry<UUID, Instant> r : rows) {
        UserRecord u = users.get(r.getKey());
        if (u != null) {
          out.add(u);
        }
      }
      if (rows.size() < want) {
        break;
      }
      afterAt = rows.get(rows.size() - 1).getValue();
      afterId = rows.get(rows.size() - 1).getKey();
    }
    return out;
  }

  @Override
  public UserRecord create(UserRecord user) {
    AuthUserBase u = persist(user);
    try {
      em.flush();
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
    return record(u);
  }

  @Override
  public UserRecord insert(UserRecord user) {
    return record(persist(user));
  }

  /** {@return a new, unsaved user entity holding {@code r}} */
  static AuthUserBase newEntity(EntityClasses entities, UserRecord r) {
    AuthUserBase u = EntityClasses.instantiate(entities.user());
    u.setPublicId(r.publicId());
    u.setEmail(r.email(), r.emailCanonical());
    u.setPhone(r.phone());
    u.setUsername(r.username(), r.usernameCanonical());
    u.setPasswordHash(r.passwordHash());
    u.setActive(r.active());
    u.setVerified(r.verified());
    u.setEmailVerified(r.emailVerified());
    u.setPhoneVerified(r.phoneVerified());
    u.setStaff(r.staff());
    u.setSuperuser(r.superuser());
    u.setLanguage(r.language());
    u.setTimeZone(r.timeZone());
    u.setFeatureFlags(r.featureFlags());
    u.setTermsAcceptedAt(r.termsAcceptedAt());
    u.setLastLoginAt(r.lastLoginAt());
    u.setDeletedAt(r.deletedAt());
    // The first touch sets the creation time, the second the modification time.
    u.touch(r.dateJoined());
    u.touch(r.modifiedAt());
    return u;
  }

  private AuthUserBase persist(UserRecord r) {
    writing.run();
    AuthUserBase u = newEntity(entities, r);
    try {
      em.persist(u);
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
    created.put(r.publicId(), u);
    if (r.lastLoginAt() != null) {
      host.signInTimes(HostStatements.singleton(r.publicId(), r.lastLoginAt()));
    }
    return u;
  }

  @Override
  public boolean replacePasswordHash(
      UUID publicId, String expectedHash, String newHash, Instant now) {
    writing.run();
    String guard = expectedHash == null ? "u.passwordHash is null" : "u.passwordHash = :expected";
    Query q =
        em.createQuery(
                "update "
                    + names.user()
                    + " u set u.passwordHash = :hash, u.modifiedAt = :now"
                    + " where u.publicId = :pid and "
                    + guard)
            .setParameter("hash", newHash)
            .setParameter("now", now)
            .setParameter("pid", publicId.toString());
    if (expectedHash != null) {
      q.setParameter("expected", expectedHash);
    }
    return q.executeUpdate() == 1;
  }

  @Override
  public long countSuperusers() {
    return em.createQuery(
            "select count(u) from "
                + names.user()
                + " u where u.superuser = true and u.deletedAt is null",
            Long.class)
        .getSingleResult();
  }

  @Override
  public boolean recordLogin(UUID publicId, Instant now) {
    writing.run();
    Optional<Integer> direct = host.recordLogin(publicId, now);
    if (direct.isPresent()) {
      return direct.get() == 1;
    }
    return signedIn(set("u.lastLoginAt = :now, u.modifiedAt = :now", publicId, now), publicId, now);
  }

  /**
   * After a JPQL write of a user's last login ({@code written}), its row of {@link SignInTimes}.
   */
  private boolean signedIn(boolean written, UUID publicId, Instant at) {
    if (written) {
      host.signInTimes(HostStatements.singleton(publicId, at));
    }
    return written;
  }

  @Override
  public boolean recordPasswordLogin(UUID publicId, String passwordHash, Instant now) {
    java.util.Objects.requireNonNull(passwordHash, "passwordHash");
    writing.run();
    Optional<Integer> direct = host.recordPasswordLogin(publicId, passwordHash, now);
    if (direct.isPresent()) {
      return direct.get() == 1;
    }
    // One conditional update instead of reading the 21-column user and then writing: the
    // conditions are exactly the ones the read was for.
    return signedIn(
        em.createQuery(
                    "update "
                        + names.user()
                        + " u set u.lastLoginAt = :now, u.modifiedAt = :now"
                        + " where u.publicId = :pid and u.deletedAt is null and u.active = :active"
                        + " and u.passwordHash = :hash")
                .setParameter("now", now)
                .setParameter("pid", publicId.toString())
                .setParameter("active", true)
                .setParameter("hash", passwordHash)
                .executeUpdate()
            == 1,
        publicId,
        now);
  }

  @Override
  public boolean markVerified(UUID publicId, IdentifierKind identifier, Instant now) {
    String flag =
        switch (identifier) {
          case EMAIL -> "u.emailVerified";
          case PHONE -> "u.phoneVerified";
          default ->
              throw new IllegalArgumentException(
                  "only an email or a phone is verified, not a " + identifier);
        };
    return set(flag + " = true, u.verified = true, u.modifiedAt = :now", publicId, now);
  }

  @Override
  public boolean softDelete(UUID publicId, Instant now) {
    writing.run();
    return em.createQuery(
                "update "
                    + names.user()
                    + " u set u.deletedAt = :now, u.modifiedAt = :now"
                    + " where u.publicId = :pid and u.deletedAt is null")
            .setParameter("now", now)
            .setParameter("pid", publicId.toString())
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean updateDetails(
      UUID publicId,
      String language,
      String timeZone,
      String username,
      String usernameCanonical,
      Instant now) {
    writing.run();
    try {
      return em.createQuery(
                  "update "
                      + names.user()
                      + " u set u.language = :language, u.timeZone = :zone,"
                      + " u.username = :username, u.usernameNormalized = :canonical,"
                      + " u.modifiedAt = :now where u.publicId = :pid")
              .setParameter("language", language)
              .setParameter("zone", timeZone)
              .setParameter("username", username)
              .setParameter("canonical", usernameCanonical)
              .setParameter("now", now)
              .setParameter("pid", publicId.toString())
              .executeUpdate()
          == 1;
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  @Override
  public boolean update(UserRecord r) {
    writing.run();
    try {
      int rows =
          em.createQuery(
                  "update "
                      + names.user()
                      + " u set u.email = :email, u.emailNormalized = :emailCanonical,"
                      + " u.phone = :phone, u.username = :username,"
                      + " u.usernameNormalized = :usernameCanonical, u.passwordHash = :hash,"
                      + " u.active = :active, u.verified = :verified,"
                      + " u.emailVerified = :emailVerified, u.phoneVerified = :phoneVerified,"
                      + " u.staff = :staff, u.superuser = :superuser, u.language = :language,"
                      + " u.timeZone = :zone,"
                      + " u.termsAcceptedAt = :terms, u.modifiedAt = :modified,"
                      + " u.lastLoginAt = :lastLogin, u.deletedAt = :deleted"
                      + " where u.publicId = :pid")
              .setParameter("email", r.email())
              .setParameter("emailCanonical", r.emailCanonical())
              .setParameter("phone", r.phone())
              .setParameter("username", r.username())
              .setParameter("usernameCanonical", r.usernameCanonical())
              .setParameter("hash", r.passwordHash())
              .setParameter("active", r.active())
              .setParameter("verified", r.verified())
              .setParameter("emailVerified", r.emailVerified())
              .setParameter("phoneVerified", r.phoneVerified())
              .setParameter("staff", r.staff())
              .setParameter("superuser", r.superuser())
              .setParameter("language", r.language())
              .setParameter("zone", r.timeZone())
              .setParameter("terms", r.termsAcceptedAt())
              .setParameter("modified", r.modifiedAt())
              .setParameter("lastLogin", r.lastLoginAt())
              .setParameter("deleted", r.deletedAt())
              .setParameter("pid", r.publicId().toString())
              .executeUpdate();
      if (rows == 1) {
        host.signInTimes(HostStatements.singleton(r.publicId(), r.lastLoginAt()));
      }
      return rows == 1;
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  /** One statement setting {@code assignments} (which may use {@code :now}) on one user. */
  private boolean set(String assignments, UUID publicId, Instant now) {
    writing.run();
    return em.createQuery(
                "update " + names.user() + " u set " + assignments + " where u.publicId = :pid")
            .setParameter("now", now)
            .setParameter("pid", publicId.toString())
            .executeUpdate()
        == 1;
  }

  /** Feature flags as {@link AuthUserBase#getFeatureFlags} reads them from the column. */
  private static Set<String> flags(String column) {
    if (column == null || column.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(column.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static UserRecord record(AuthUserBase u) {
    return new UserRecord(
        u.getPublicId(),
        u.getEmail(),
        u.getEmailNormalized(),
        u.getPhone(),
        u.getUsername(),
        u.getUsernameNormalized(),
        u.getPasswordHash(),
        u.isActive(),
        u.isVerified(),
        u.isEmailVerified(),
        u.isPhoneVerified(),
        u.isStaff(),
        u.isSuperuser(),
        u.getLanguage(),
        u.getTimeZone(),
        u.getFeatureFlags(),
        u.getTermsAcceptedAt(),
        u.getCreatedAt(),
        u.getModifiedAt(),
        u.getLastLoginAt(),
        u.getDeletedAt());
  }

  private static UserRecord record(Object[] r) {
    return new UserRecord(
        UUID.fromString((String) r[0]),
        (String) r[1],
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (String) r[5],
        (String) r[6],
        (Boolean) r[7],
        (Boolean) r[8],
        (Boolean) r[9],
        (Boolean) r[10],
        (Boolean) r[11],
        (Boolean) r[12],
        (String) r[13],
        (String) r[14],
        flags((String) r[15]),
        (Instant) r[16],
        (Instant) r[17],
        (Instant) r[18],
        (Instant) r[19],
        (Instant) r[20]);
  }
}
