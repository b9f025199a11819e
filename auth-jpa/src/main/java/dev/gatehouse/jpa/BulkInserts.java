package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.UserRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Query;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Multi-row inserts of new users and their default profiles through JPQL (so through the host's
 * entity mapping: renamed tables and columns need nothing): one {@code insert ... values} statement
 * per {@value #CHUNK} users, and one {@code insert ... select} for their profiles. Only for
 * entities whose key the database generates and that have no attributes beyond Gatehouse's, since
 * such a statement sets no Java-side defaults; {@link #supported} says so.
 */
final class BulkInserts {
  /** Users per statement: 21 parameters each stays below PostgreSQL's 32,767 per statement. */
  static final int CHUNK = 500;

  /**
   * Users per default profiles' {@code insert ... select}: their public ids are its only list
   * parameter, and one statement for a whole batch of the default size is one lookup of the user
   * table instead of two.
   */
  static final int PROFILE_CHUNK = 1000;

  private static final List<String> USER_ATTRIBUTES =
      List.of(
          "publicId",
          "email",
          "emailNormalized",
          "phone",
          "username",
          "usernameNormalized",
          "passwordHash",
          "active",
          "verified",
          "emailVerified",
          "phoneVerified",
          "staff",
          "superuser",
          "language",
          "timeZone",
          "featureFlags",
          "termsAcceptedAt",
          "createdAt",
          "modifiedAt",
          "lastLoginAt",
          "deletedAt");

  private static final Set<String> PROFILE_ATTRIBUTES =
      Set.of(
          "user",
          "defaultProfile",
          "defaultMarker",
          "role",
          "label",
          "settingsJson",
          "active",
          "firstName",
          "lastName1",
          "lastName2",
          "birthday",
          "gender",
          "picture",
          "createdAt",
          "modifiedAt");

  private static final Map<EntityClasses, Boolean> SUPPORTED = new ConcurrentHashMap<>();

  private BulkInserts() {}

  /** Whether the host's user and profile entities can take multi-row inserts. */
  static boolean supported(EntityManager em, EntityClasses entities) {
    return SUPPORTED.computeIfAbsent(
        entities,
        e ->
            plain(em, e.user(), AuthUserBase.class, Set.copyOf(USER_ATTRIBUTES))
                && plain(em, e.profile(), AbstractAuthProfile.class, PROFILE_ATTRIBUTES));
  }

  private static boolean plain(
      EntityManager em, Class<?> entity, Class<?> base, Set<String> known) {
    if (!base.isAssignableFrom(entity)) {
      return false;
    }
    EntityType<?> type = em.getMetamodel().entity(entity);
    if (!type.hasSingleIdAttribute() || type.hasVersionAttribute()) {
      return false;
    }
    String id = type.getId(type.getIdType().getJavaType()).getName();
    for (Attribute<?, ?> a : type.getAttributes()) {
      if (!a.getName().equals(id) && !known.contains(a.getName())) {
        return false;
      }
    }
    // Only a key the insert itself generates (identity): other generators need Java-side ids,
    // which a multi-row insert ... values does not make.
    java.lang.reflect.Member key = type.getId(type.getIdType().getJavaType()).getJavaMember();
    GeneratedValue generated =
        key instanceof java.lang.reflect.AnnotatedElement annotated
            ? annotated.getAnnotation(GeneratedValue.class)
            : null;
    return generated != null && generated.strategy() == GenerationType.IDENTITY;
  }

  static void insert(
      EntityManager em, EntityNames names, List<UserRecord> users, String role, Instant now) {
    for (int from = 0; from < users.size(); from += CHUNK) {
      insertUsers(em, names, users.subList(from, Math.min(users.size(), from + CHUNK)));
    }
    insertDefaultProfiles(em, names, users, role, now);
  }

  /** The default profiles of users already written, one {@code insert ... select} per chunk. */
  static void insertDefaultProfiles(
      EntityManager em, EntityNames names, List<UserRecord> users, String role, Instant now) {
    for (int from = 0; from < users.size(); from += PROFILE_CHUNK) {
      List<UserRecord> chunk = users.subList(from, Math.min(users.size(), from + PROFILE_CHUNK));
      List<String> ids = new ArrayList<>(chunk.size());
      for (UserRecord u : chunk) {
        ids.add(u.publicId().toString());
      }
      em.createQuery(
              "insert into "
                  + names.profile()
                  + " (user, defaultProfile, defaultMarker, role, active, createdAt, modifiedAt)"
                  + " select u, true, u.publicId, :role, true, :now, :now from "
                  + names.user()
                  + " u where u.publicId in :ids")
          .setParameter("role", role)
          .setParameter("now", now)
          .setParameter("ids", ids)
          .executeUpdate();
    }
  }

  private static void insertUsers(EntityManager em, EntityNames names, List<UserRecord> chunk) {
    int n = USER_ATTRIBUTES.size();
    StringBuilder q =
        new StringBuilder("insert into ")
            .append(names.user())
            .append(" (")
            .append(String.join(", ", USER_ATTRIBUTES))
            .append(") values ");
    for (int i = 0; i < chunk.size(); i++) {
      q.append(i == 0 ? "(" : ", (");
      for (int j = 0; j < n; j++) {
        q.append(j == 0 ? "?" : ", ?").append(i * n + j + 1);
      }
      q.append(')');
    }
    Query insert = em.createQuery(q.toString());
    int p = 1;
    for (UserRecord u : chunk) {
      Set<String> flags = u.featureFlags();
      insert
          .setParameter(p++, u.publicId().toString())
          .setParameter(p++, u.email())
          .setParameter(p++, u.emailCanonical())
          .setParameter(p++, u.phone())
          .setParameter(p++, u.username())
          .setParameter(p++, u.usernameCanonical())
          .setParameter(p++, u.passwordHash())
          .setParameter(p++, u.active())
          .setParameter(p++, u.verified())
          .setParameter(p++, u.emailVerified())
          .setParameter(p++, u.phoneVerified())
          .setParameter(p++, u.staff())
          .setParameter(p++, u.superuser())
          .setParameter(p++, u.language())
          .setParameter(p++, u.timeZone())
          .setParameter(p++, flags == null || flags.isEmpty() ? null : String.join(",", flags))
          .setParameter(p++, u.termsAcceptedAt())
          // As the entity's first touch: no join date means created when modified.
          .setParameter(p++, u.dateJoined() != null ? u.dateJoined() : u.modifiedAt())
          .setParameter(p++, u.modifiedAt())
          .setParameter(p++, u.lastLoginAt())
          .setParameter(p++, u.deletedAt());
    }
    insert.executeUpdate();
  }
}
