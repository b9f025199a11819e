package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.jpa.ExistingColumns.DbColumn;
import dev.gatehouse.jpa.HostTable.Col;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.IdentifiableType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's user and profile mapping, resolved once per store from public sources: the JPA
 * metamodel (entity names, subclasses), the mapping annotations on the class hierarchy ({@link
 * HostTable}), Hibernate's public settings (naming strategies, quoted identifiers, schemas, the
 * preferred JDBC types of instants and flags) and the few facts of {@link
 * GatehouseJpa#hibernateFacts}; then checked once against the database's metadata (the tables and
 * every column a statement names exist with a type that holds the value). From it, each statement
 * Gatehouse runs on the host's tables takes one of two paths, decided here by one predicate ({@link
 * #whyNot}) and logged at INFO once: plain SQL through {@code Session#doReturningWork} ({@link
 * HostStatements}), or the JPQL form, for anything not understood: a wrong guess may cost speed,
 * never correctness. Immutable; thread-safe.
 */
final class HostMapping {
  private static final Logger LOG = LoggerFactory.getLogger(HostMapping.class);

  /** The statements on the host's tables that have a plain form. */
  enum Statement {
    /** The last-login update of any login (with the account's row of {@link SignInTimes}). */
    LAST_LOGIN("last-login"),
    /** The conditional last-login update of a password login (with that row too). */
    PASSWORD_LOGIN("password-login"),
    /** The read of a session's owner on every refresh (with or without the profile). */
    SESSION_OWNER("session-owner"),
    /** The bulk insert of users and their default profiles (the import). */
    USER_INSERT("user-insert");

    final String key;

    Statement(String key) {
      this.key = key;
    }
  }

  /**
   * One statement's path.
   *
   * @param sql the plain statements (one, or two for the owner read and the insert), empty for JPQL
   * @param why why JPQL, or what the plain statement touches
   */
  record Path(List<String> sql, String why) {
    boolean plain() {
      return !sql.isEmpty();
    }

    @Override
    public String toString() {
      return (plain() ? "plain SQL on " : "JPQL: ") + why;
    }
  }

  private final @Nullable HostTable user;
  private final @Nullable HostTable profile;
  private final Map<Statement, Path> paths;
  private final @Nullable OwnerJoin ownerJoin;
  // The tags of the observed operations, fixed with the mapping: read on every sign-in and refresh.
  private final String signInTag;
  private final String refreshTag;

  private HostMapping(
      @Nullable HostTable user,
      @Nullable HostTable profile,
      Map<Statement, Path> paths,
      @Nullable OwnerJoin ownerJoin) {
    this.user = user;
    this.profile = profile;
    this.paths = paths;
    this.ownerJoin = ownerJoin;
    this.signInTag = tagOf(List.of(Statement.LAST_LOGIN, Statement.PASSWORD_LOGIN));
    this.refreshTag = tagOf(List.of(Statement.SESSION_OWNER));
  }

  /** The path of {@code statement}. */
  Path path(Statement statement) {
    return paths.get(statement);
  }

  /** Every statement's path by its key, as logged: for a status or a test. */
  Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    paths.forEach((s, p) -> out.put(s.key, p.toString()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The {@code path} tag of an observed operation: {@code plain} when every statement it makes on
   * the host's tables takes its plain form (the login updates of a sign-in, the owner read of a
   * refresh), {@code jpql} otherwise.
   */
  String pathTag(String operation) {
    return switch (operation) {
      case ObservedOperation.SIGN_IN -> signInTag;
      case ObservedOperation.REFRESH -> refreshTag;
      default -> "plain";
    };
  }

  private String tagOf(List<Statement> made) {
    return made.stream().allMatch(s -> path(s).plain()) ? "plain" : "jpql";
  }

  /**
   * The owner's read to fold into a statement on a session, or {@code null} when {@link
   * Statement#SESSION_OWNER} takes JPQL or the public id is converted (the session holds its text).
   */
  @Nullable OwnerJoin ownerJoin() {
    return ownerJoin;
  }

  /** The user table; present whenever a statement on it is plain. */
  HostTable user() {
    return java.util.Objects.requireNonNull(user, "user");
  }

  /** The profile table; present whenever a statement on it is plain. */
  HostTable profile() {
    return java.util.Objects.requireNonNull(profile, "profile");
  }

  /** Resolves the mapping of the host's classes, once, and logs each statement's path. */
  static HostMapping resolve(EntityManager em, EntityClasses entities) {
    HostMapping m = resolve(em, entities.user(), entities.profile());
    m.paths.forEach(
        (s, p) -> LOG.info("Gatehouse statement {} on the host's tables: {}", s.key, p));
    return m;
  }

  /** Resolves the mapping of a user and a profile class (without logging). */
  static HostMapping resolve(EntityManager em, Class<?> userClass, Class<?> profileClass) {
    EntityManagerFactory emf = em.getEntityManagerFactory();
    Map<String, Object> settings = emf.getProperties();
    List<String> global = new ArrayList<>();
    HostTable.Naming naming = HostNaming.of(settings, global);
    return JpaConnections.onConnection(
        em,
        connection -> {
          DatabaseMetaData md = connection.getMetaData();
          String quote = md.getIdentifierQuoteString().strip();
          Checked u = check(em, userClass, naming, quote, connection, md);
          Checked p = check(em, profileClass, naming, quote, connection, md);
          return build(
              u, p, global.isEmpty() ? null : String.join("; ", global), SqlDialect.of(md));
        });
  }

  /** A table with what Hibernate and the database say about it. */
  private record Checked(
      Class<?> type,
      @Nullable HostTable table,
      GatehouseJpa.@Nullable HibernateFacts facts,
      @Nullable Map<String, DbColumn> db,
      @Nullable String problem) {}

  private static Checked check(
      EntityManager em,
      Class<?> type,
      HostTable.Naming naming,
      String quote,
      Connection connection,
      DatabaseMetaData md)
      throws SQLException {
    EntityType<?> entity;
    try {
      entity = em.getMetamodel().entity(type);
    } catch (IllegalArgumentException notAnEntity) {
      return new Checked(type, null, null, null, type.getName() + " is no entity of the unit");
    }
    for (EntityType<?> other : em.getMetamodel().getEntities()) {
      for (IdentifiableType<?> s = other.getSupertype(); s != null; s = s.getSupertype()) {
        if (s.getJavaType() == type) {
          return new Checked(type, null, null, null, type.getSimpleName() + " has subclasses");
        }
      }
    }
    HostTable table = HostTable.read(type, entity.getName(), naming, quote);
    var facts = GatehouseJpa.hibernateFacts(em.getEntityManagerFactory(), type);
    Map<String, DbColumn> db = ExistingColumns.of(connection, md, table.logicalName()).orElse(null);
    return new Checked(type, table, facts, db, null);
  }

  /** The statements' paths from the two checked tables. */
  private static HostMapping build(
      Checked u, Checked p, @Nullable String global, SqlDialect dialect) {
    Map<Statement, Path> paths = new EnumMap<>(Statement.class);
    HostTable user = u.table();
    HostTable profile = p.table();
    Set<String> loginColumns = Set.of("lastLoginAt", "modifiedAt", "publicId");
    String why = global != null ? global : whyNot(u, loginColumns, Use.UPDATE);
    paths.put(
        Statement.LAST_LOGIN,
        why != null ? jpql(why) : SignInTimes.path(user.name(), lastLogin(user), dialect));
    why =
        global != null
            ? global
            : whyNot(
                u,
                Set.of(
                    "lastLoginAt", "modifiedAt", "publicId", "deletedAt", "active", "passwordHash"),
                Use.UPDATE);
    paths.put(
        Statement.PASSWORD_LOGIN,
        why != null
            ? jpql(why)
            : SignInTimes.path(
                user.name(),
                // The same update, on a live, active account that still has the hash.
                lastLogin(user)
                    + " and u1_0."
                    + col(user, "deletedAt")
                    + " is null and u1_0."
                    + col(user, "active")
                    + "=? and u1_0."
                    + col(user, "passwordHash")
                    + "=?",
                dialect));
    paths.put(Statement.SESSION_OWNER, global != null ? jpql(global) : owner(u, p));
    paths.put(Statement.USER_INSERT, global != null ? jpql(global) : insert(u, p, dialect));
    return new HostMapping(
        user,
        profile,
        paths,
        paths.get(Statement.SESSION_OWNER).plain() ? OwnerJoin.of(user, profile) : null);
  }

  /** The last-login update of one user by public id: the time twice, then the public id. */
  private static String lastLogin(HostTable user) {
    return "update "
        + user.name()
        + " u1_0 set "
        + col(user, "lastLoginAt")
        + "=?, "
        + col(user, "modifiedAt")
        + "=? where u1_0."
        + col(user, "publicId")
        + "=?";
  }

  private static Path owner(Checked u, Checked p) {
    String why =
        whyNot(u, Set.of("active", "deletedAt", "staff", "superuser", "publicId"), Use.READ);
    if (why == null) {
      why = whyNot(p, Set.of("id", "role"), Use.READ);
    }
    if (why == null) {
      why = whyNotJoined(u, p);
    }
    if (why == null
        && (p.table().columns().get("id").converter() != null
            || HostTable.wrap(p.table().columns().get("id").javaType()) != Long.class)) {
      why = "the profile's key is no plain Long";
    }
    if (why != null) {
      return jpql(why);
    }
    HostTable user = u.table();
    HostTable profile = p.table();
    String flags =
        "select u1_0."
            + col(user, "active")
            + ", u1_0."
            + col(user, "deletedAt")
            + ", u1_0."
            + col(user, "staff")
            + ", u1_0."
            + col(user, "superuser");
    String where = " where u1_0." + col(user, "publicId") + "=?";
    String withProfile =
        flags
            + ", p1_0."
            + col(profile, "id")
            + ", p1_0."
            + col(profile, "role")
            + " from "
            + user.name()
            + " u1_0 left join "
            + profile.name()
            + " p1_0 on p1_0."
            + col(profile, "id")
            + "=? and p1_0."
            + profile.joins().get("user").name()
            + "=u1_0."
            + col(user, user.id())
            + where;
    return new Path(
        List.of(flags + " from " + user.name() + " u1_0" + where, withProfile),
        user.name() + " and " + profile.name());
  }

  /** The default profile's attributes the insert of a new user's profile writes. */
  static final List<String> DEFAULT_PROFILE =
      List.of("defaultProfile", "defaultMarker", "role", "active", "createdAt", "modifiedAt");

  private static Path insert(Checked u, Checked p, SqlDialect dialect) {
    String why = whyNot(u, u.table() == null ? Set.of() : u.table().columns().keySet(), Use.INSERT);
    if (why == null && !u.table().joins().isEmpty()) {
      why = "the user has associations " + u.table().joins().keySet();
    }
    if (why == null && p.table() != null && !p.table().joins().keySet().equals(Set.of("user"))) {
      why = "the profile has associations " + p.table().joins().keySet();
    }
    if (why == null) {
      // Every other column of the profile is left to its database default: only the library's
      // attributes, none with a value of its own in a fresh entity beyond those written.
      Set<String> written = new java.util.HashSet<>(DEFAULT_PROFILE);
      written.add("id");
      why = whyNot(p, written, Use.INSERT);
      if (why == null) {
        why = whyNotJoined(u, p);
      }
      if (why == null && !p.table().identity()) {
        why = "the profile's key is not generated by the database";
      }
      if (why == null) {
        for (String a : p.table().columns().keySet()) {
          if (!written.contains(a) && !OPTIONAL_PROFILE.contains(a)) {
            why = "the profile has the attribute " + a + " of the host's";
          }
        }
      }
    }
    if (why != null) {
      return jpql(why);
    }
    HostTable user = u.table();
    HostTable profile = p.table();
    StringJoiner cols = new StringJoiner(", ", " (", ")");
    StringJoiner marks = new StringJoiner(", ", " values (", ")");
    for (Col c : insertColumns(user)) {
      cols.add(c.name());
      marks.add("?");
    }
    StringJoiner profileCols = new StringJoiner(", ", " (", ")");
    profileCols.add(profile.joins().get("user").name());
    StringJoiner values = new StringJoiner(", ", " select u1_0." + col(user, user.id()) + ", ", "");
    for (String a : DEFAULT_PROFILE) {
      profileCols.add(col(profile, a));
      values.add(a.equals("defaultMarker") ? "u1_0." + col(user, "publicId") : "?");
    }
    if (dialect == SqlDialect.POSTGRESQL) {
      // One statement per chunk: each column bound as one array cast to the column's own type, and
      // the default profiles inserted from the user rows it returns.
      StringJoiner arrays = new StringJoiner(", ", " select * from unnest(", ")");
      for (Col c : insertColumns(user)) {
        arrays.add(
            "?::" + arrayOf(u.db().get(c.logicalName().toLowerCase(Locale.ROOT)).databaseType()));
      }
      return new Path(
          List.of(
              "with u1_0 as (insert into "
                  + user.name()
                  + cols
                  + arrays
                  + " returning "
                  + col(user, user.id())
                  + ", "
                  + col(user, "publicId")
                  + ") insert into "
                  + profile.name()
                  + profileCols
                  + values
                  + " from u1_0"),
          user.name() + " and " + profile.name() + " in one statement of arrays per chunk");
    }
    return new Path(
        List.of(
            "insert into " + user.name() + cols + marks,
            "insert into "
                + profile.name()
                + profileCols
                + values
                + " from "
                + user.name()
                + " u1_0 where u1_0."
                + col(user, "publicId")
                + " in "),
        user.name() + " and " + profile.name() + " in JDBC batches");
  }

  /** Profile attributes of the library's that a new default profile leaves null. */
  private static final Set<String> OPTIONAL_PROFILE =
      Set.of(
          "label",
          "settingsJson",
          "firstName",
          "lastName1",
          "lastName2",
          "birthday",
          "gender",
          "picture");

  /**
   * The columns a user insert writes, by attribute name as Hibernate orders them; the key only when
   * the application assigns it.
   */
  static List<Col> insertColumns(HostTable t) {
    List<Col> out = new ArrayList<>();
    for (Col c : t.columns().values()) {
      if (c.insertable() && !(t.identity() && c.attribute().equals(t.id()))) {
        out.add(c);
      }
    }
    out.sort(java.util.Comparator.comparing(Col::attribute));
    return out;
  }

  /** What a statement does with a table. */
  enum Use {
    READ,
    UPDATE,
    INSERT
  }

  /**
   * The one predicate: why a statement that does {@code use} with {@code attributes} of a table
   * would not mean what its JPQL form means, or {@code null} when it would.
   */
  static @Nullable String whyNot(Checked c, Set<String> attributes, Use use) {
    HostTable t = c.table();
    if (t == null) {
      return c.problem();
    }
    String entity = t.entity().getSimpleName();
    if (c.facts() == null) {
      return "Hibernate's mapping of " + entity + " could not be checked";
    }
    if (c.facts().hooks() != null) {
      return c.facts().hooks();
    }
    if (use != Use.READ && c.facts().writeHooks() != null) {
      return c.facts().writeHooks();
    }
    if (t.notPlain() != null) {
      return entity + ": " + t.notPlain();
    }
    if (c.facts().restricted()) {
      return entity + " has a restriction (in annotations or orm.xml)";
    }
    if (use != Use.READ && !c.facts().generated().isEmpty()) {
      return entity + " has generated attributes " + c.facts().generated();
    }
    if (use == Use.INSERT) {
      if (t.notInsertable() != null) {
        return entity + ": " + t.notInsertable();
      }
      if (c.facts().callbacks()) {
        return entity + " has lifecycle callbacks";
      }
    }
    if (c.db() == null) {
      return "the table " + t.logicalName() + " was not found";
    }
    for (String a : attributes) {
      Col col = t.columns().get(a);
      if (col == null) {
        return entity + "." + a + " is not a plain column";
      }
      if (c.facts().converted().contains(a) != (col.converter() != null)) {
        return entity + "." + a + " has a converter the annotations do not declare";
      }
      if (use == Use.UPDATE && !col.updatable() && !a.equals("publicId")) {
        return entity + "." + a + " is not updatable";
      }
      DbColumn db = c.db().get(col.logicalName().toLowerCase(Locale.ROOT));
      if (db == null) {
        return "the column " + col.logicalName() + " of " + t.logicalName() + " was not found";
      }
      if (!holds(db.jdbcType(), HostTable.wrap(col.dbType()))) {
        return "the column "
            + col.logicalName()
            + " is not of a type for "
            + col.dbType().getName();
      }
    }
    return null;
  }

  /** Why the profile's {@code user} is not a plain join column onto the user's key. */
  private static @Nullable String whyNotJoined(Checked u, Checked p) {
    Col join = p.table().joins().get("user");
    if (join == null
        || join.javaType() != u.type() && !join.javaType().isAssignableFrom(u.type())) {
      return "the profile's user is not a plain join column onto " + u.type().getSimpleName();
    }
    if (u.table().id() == null || !u.table().columns().containsKey(u.table().id())) {
      return "the user's key is not a plain column";
    }
    if (p.db().get(join.logicalName().toLowerCase(Locale.ROOT)) == null) {
      return "the column "
          + join.logicalName()
          + " of "
          + p.table().logicalName()
          + " was not found";
    }
    return null;
  }

  /** Whether a column of JDBC type {@code jdbc} holds values of {@code type}. */
  private static boolean holds(int jdbc, Class<?> type) {
    if (type == String.class || type == Character.class) {
      return Set.of(
              Types.VARCHAR,
              Types.CHAR,
              Types.NVARCHAR,
              Types.NCHAR,
              Types.LONGVARCHAR,
              Types.LONGNVARCHAR,
              Types.CLOB)
          .contains(jdbc);
    }
    if (type == Boolean.class) {
      return jdbc == Types.BOOLEAN || jdbc == Types.BIT || jdbc == Types.TINYINT;
    }
    if (type == Long.class || type == Integer.class || type == Short.class) {
      return Set.of(
              Types.BIGINT,
              Types.INTEGER,
              Types.SMALLINT,
              Types.TINYINT,
              Types.NUMERIC,
              Types.DECIMAL)
          .contains(jdbc);
    }
    if (type == Instant.class) {
      return jdbc == Types.TIMESTAMP || jdbc == Types.TIMESTAMP_WITH_TIMEZONE;
    }
    if (type == LocalDate.class) {
      return jdbc == Types.DATE;
    }
    return false;
  }

  /** The array type of PostgreSQL's column type {@code name} (a serial's is its integer's). */
  private static String arrayOf(String name) {
    String type =
        switch (name) {
          case "serial" -> "int4";
          case "bigserial" -> "int8";
          case "smallserial" -> "int2";
          default -> name;
        };
    return '"' + type.replace("\"", "\"\"") + "\"[]";
  }

  private static String col(HostTable t, String attribute) {
    return t.columns().get(attribute).name();
  }

  private static Path jpql(String why) {
    return new Path(List.of(), why);
  }

  private static Path plain(HostTable t, String sql) {
    return new Path(List.of(sql), t.name());
  }

  /**
   * Why new rows of {@code type} could not be written by a plain insert of all its columns, or
   * {@code null} when they could.
   */
  static @Nullable String whyNotInsert(EntityManager em, Class<?> type) {
    HostTable.Naming naming =
        HostNaming.of(em.getEntityManagerFactory().getProperties(), new ArrayList<>());
    return JpaConnections.onConnection(
        em,
        connection -> {
          DatabaseMetaData md = connection.getMetaData();
          Checked c =
              check(em, type, naming, md.getIdentifierQuoteString().strip(), connection, md);
          return whyNot(c, c.table() == null ? Set.of() : c.table().columns().keySet(), Use.INSERT);
        });
  }
}
