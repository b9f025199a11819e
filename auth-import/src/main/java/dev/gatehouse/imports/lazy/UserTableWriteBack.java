package dev.gatehouse.imports.lazy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.imports.lazy.UserRows.Row;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping.Field;
import dev.gatehouse.legacy.LegacyErrors;
import dev.gatehouse.legacy.LegacyWriteBack;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Kind;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes Gatehouse's account changes back to a legacy user table over JDBC during the transition
 * window ({@link LegacyWriteBack}): a Django user table ({@link #django}: {@code auth_user} or a
 * custom user model such as jb-drf-auth's, with the importer's {@link ColumnMapping#django()};
 * {@link #jbDrfAuth} also creates jb-drf-auth's default profile, a {@link SignInRow}), a
 * FastAPI-Users table ({@link #fastApiUsers}), or any table the importer's column mapping describes
 * ({@link #builder}).
 *
 * <p>A change is applied in one transaction of the legacy database, to the row found by the
 * account's username, else its email (in lower case), else its phone, as they were before the
 * change. Each mapped column the change touches must still hold the value from before the change
 * (or already the new one: applying a change twice is applying it once); otherwise the change is a
 * conflict, reported and not applied. A password is compared when Gatehouse still holds the legacy
 * row's hash (an imported hash not yet upgraded); once Gatehouse upgraded it, the legacy row's
 * password cannot be compared. A creation inserts a row (Django's {@code first_name} and {@code
 * last_name} as empty strings, as Django stores them; other columns must be nullable or have a
 * default); an account without a password gets an unusable one ({@code !} and random characters, as
 * Django's {@code set_unusable_password}). A deletion deactivates the row (and sets the mapped
 * deletion time) rather than deleting it, so the legacy application's own rows that refer to the
 * user stay.
 *
 * <p>A change of the default profile's person or settings ({@link Kind#PROFILE_CHANGED}) is written
 * to the user's {@linkplain Builder#profileRow profile row} (jb-drf-auth's default profile, for
 * {@link #jbDrfAuth}) by the same rule: each column the change touches ({@code first_name}, {@code
 * last_name_1}, {@code last_name_2}, {@code birthday}, {@code gender}, {@code picture}, {@code
 * settings}, where the table has it; the settings compared as JSON) must still hold the value from
 * before or already the new one. A target without a profile row keeps no profile: the change is
 * applied with nothing written.
 *
 * <pre>{@code
 * Gatehouse.builder(config, store)
 *     .install(new LegacyCutOver().writeBack(UserTableWriteBack.django(djangoDataSource, "auth_user")))
 *     .build();
 * }</pre>
 */
public final class UserTableWriteBack implements LegacyWriteBack {
  /** Django 3.2's {@code PBKDF2PasswordHasher.iterations}. */
  public static final int DJANGO_PBKDF2_ITERATIONS = 260_000;

  /** passlib's default bcrypt cost, which FastAPI-Users' password helper uses. */
  public static final int PASSLIB_BCRYPT_COST = 12;

  private final String name;
  private final DataSource dataSource;
  private final String tableName;
  private final ColumnMapping mapping;
  private final PasswordHashing hashing;
  private final boolean accountIdAsKey;
  private final Map<String, Object> insertDefaults;
  private final List<String> touched;
  private final List<SignInRow> signInRows;
  private final SignInRow profileRow;
  private volatile LegacyTable table;
  private final Map<String, LegacyTable> signInTables =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Stands for the change's time in {@link Builder#insertDefault}. */
  public static final Object CHANGE_TIME = new Object();

  private UserTableWriteBack(Builder b) {
    this.name = b.name;
    this.dataSource = b.dataSource;
    this.tableName = b.table;
    this.mapping = b.mapping;
    this.hashing = b.hashing;
    this.accountIdAsKey = b.accountIdAsKey;
    this.insertDefaults = Map.copyOf(b.insertDefaults);
    this.touched = List.copyOf(b.touched);
    this.signInRows = List.copyOf(b.signInRows);
    this.profileRow = b.profileRow;
  }

  /**
   * A Django user table: the importer's {@link ColumnMapping#django()} (columns the table lacks,
   * such as {@code phone} on {@code auth_user}, are left out), passwords as Django's default {@code
   * pbkdf2_sha256} with {@value #DJANGO_PBKDF2_ITERATIONS} iterations, new rows keyed by the
   * database.
   *
   * @param dataSource the Django database
   * @param table the user table, e.g. {@code auth_user} or {@code authentication_user}
   * @return the target
   */
  public static UserTableWriteBack django(DataSource dataSource, String table) {
    return djangoBuilder(dataSource, table).build();
  }

  /**
   * A jb-drf-auth user table: {@link #django} with jb-drf-auth's default profile as a {@linkplain
   * SignInRow row the user must have} ({@link SignInRow#jbDrfAuthDefaultProfile}), so that a user
   * who signed up on Gatehouse during the window, or whose default profile is missing, can sign in
   * through jb-drf-auth's login after a rollback; and the {@linkplain Builder#profileRow row} a
   * change of the user's default profile is written to.
   *
   * @param dataSource the Django database
   * @param userTable the user table, e.g. {@code authentication_user}
   * @param profileTable the profile table, e.g. {@code authentication_profile}
   * @param defaultRole the host's {@code DEFAULT_PROFILE_ROLE} (jb-drf-auth's default is {@code
   *     USER})
   * @return the target
   */
  public static UserTableWriteBack jbDrfAuth(
      DataSource dataSource, String userTable, String profileTable, String defaultRole) {
    return djangoBuilder(dataSource, userTable)
        .profileRow(SignInRow.jbDrfAuthDefaultProfile(profileTable, defaultRole))
        .build();
  }

  private static Builder djangoBuilder(DataSource dataSource, String table) {
    return builder(dataSource, table, ColumnMapping.django())
        .name("django")
        // What Django itself writes for the fields of AbstractUser and of jb-drf-auth's user
        // that have no database default (each only where the table has the column).
        .insertDefault("first_name", "")
        .insertDefault("last_name", "")
        .insertDefault("deleted_by_cascade", false)
        .insertDefault("created", CHANGE_TIME)
        .insertDefault("modified", CHANGE_TIME)
        .insertDefault("settings", "{}")
        .touchOnUpdate("modified")
        .passwordHashing(
            PasswordHashing.create(
                PasswordHashingOptions.builder()
                    .algorithm(PasswordHashAlgorithm.PBKDF2_SHA256)
                    .pbkdf2Iterations(DJANGO_PBKDF2_ITERATIONS)
                    .build()));
  }

  /**
   * A FastAPI-Users table: the importer's {@link ColumnMapping#fastApiUsers()}, passwords as
   * passlib's bcrypt ({@code $2b$}, cost {@value #PASSLIB_BCRYPT_COST}), new rows keyed by the
   * Gatehouse account's id (the table's key is a UUID).
   *
   * @param dataSource the FastAPI-Users database
   * @param table the user table, usually {@code user}
   * @return the target
   */
  public static UserTableWriteBack fastApiUsers(DataSource dataSource, String table) {
    return builder(dataSource, table, ColumnMapping.fastApiUsers())
        .name("fastapi-users")
        .passwordHashing(
            PasswordHashing.create(
                PasswordHashingOptions.builder()
                    .algorithm(PasswordHashAlgorithm.BCRYPT)
                    .bcryptCost(PASSLIB_BCRYPT_COST)
                    .build()))
        .accountIdAsKey(true)
        .build();
  }

  /**
   * A target over any user table the importer's column mapping describes.
   *
   * @param dataSource the legacy database
   * @param table the user table (optionally {@code schema.table})
   * @param mapping its columns; {@link Field#LEGACY_ID} and {@link Field#PASSWORD_HASH} are
   *     required
   * @return a builder
   */
  public static Builder builder(DataSource dataSource, String table, ColumnMapping mapping) {
    return new Builder(dataSource, table, mapping);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * @return the rows besides the user's own that the legacy application needs to sign a user in,
   *     which this target creates with the user and keeps present (empty for plain Django)
   */
  public List<SignInRow> signInRows() {
    return signInRows;
  }

  @Override
  public String hashPassword(String rawPassword) {
    return hashing.hash(rawPassword);
  }

  @Override
  public Result apply(LegacyChange change) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        Result r = apply(c, table(c), change);
        c.commit();
        return r;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new AuthInfrastructureException(
          LegacyErrors.LEGACY_STORE_UNAVAILABLE,
          "the legacy user table " + tableName + " could not be written",
          true,
          e);
    }
  }

  @Override
  public String toString() {
    return "UserTableWriteBack[" + name + ", " + tableName + "]";
  }

  private LegacyTable table(Connection c) throws SQLException {
    LegacyTable t = table;
    if (t == null) {
      t = LegacyTable.read(c, tableName, mapping, null);
      table = t;
    }
    return t;
  }

  /**
   * Applies the change and then, unless it deleted the account, makes sure the user has the rows
   * the legacy application needs to sign them in: also a user whose row an earlier target (without
   * these rows) created during the window gets them with their next change.
   */
  private Result apply(Connection c, LegacyTable t, LegacyChange change) throws SQLException {
    Result r = applyToUserRow(c, t, change);
    if (r.isConflict() || change.kind() == Kind.DELETED || signInRows.isEmpty()) {
      return r;
    }
    Row user = UserRows.find(c, t, change.after());
    if (user == null || user.ambiguous()) {
      return r;
    }
    for (SignInRow needed : signInRows) {
      needed.ensure(c, signInTable(c, needed), user.key(), change.at());
    }
    if (change.kind() == Kind.PROFILE_CHANGED && profileRow != null) {
      return ProfileRows.write(c, signInTable(c, profileRow), profileRow, user.key(), change);
    }
    return r;
  }

  private LegacyTable signInTable(Connection c, SignInRow row) throws SQLException {
    LegacyTable rowTable = signInTables.get(row.table());
    if (rowTable == null) {
      rowTable = LegacyTable.describe(c, row.table());
      signInTables.put(row.table(), rowTable);
    }
    return rowTable;
  }

  private Result applyToUserRow(Connection c, LegacyTable t, LegacyChange change)
      throws SQLException {
    if (change.kind() == Kind.CREATED) {
      return create(c, t, change);
    }
    Row row = UserRows.find(c, t, change.before());
    if (row == null || row.ambiguous()) {
      return Result.conflict(
          (row == null ? "no legacy row" : "more than one legacy row")
              + " for the account (looked up by "
              + UserRows.lookupName(t, change.before())
              + ")");
    }
    if (change.kind() == Kind.PROFILE_CHANGED) {
      // The user's row stays as it is; the profile row is written by apply.
      return Result.applied();
    }
    Map<Field, Object> before = values(t, change.before(), null, null);
    Map<Field, Object> after = new LinkedHashMap<>();
    values(t, change.after(), change.kind(), change.at())
        .forEach(
            (f, v) -> {
              if (!before.containsKey(f) || !LegacyColumns.same(f, before.get(f), v)) {
                after.put(f, v);
              }
            });
    // Only what the change changed is compared and written: the other columns may hold what the
    // import normalised (a national phone number, a verification the import inferred).
    for (Map.Entry<Field, Object> e : after.entrySet()) {
      Object now = row.values().get(e.getKey());
      if (before.containsKey(e.getKey())
          && !LegacyColumns.same(e.getKey(), now, before.get(e.getKey()))
          && !LegacyColumns.same(e.getKey(), now, e.getValue())) {
        return Result.conflict(column(t, e.getKey()) + " changed in the legacy store");
      }
    }
    if (change.passwordHash() != null) {
      String stored = (String) row.values().get(Field.PASSWORD_HASH);
      String previous = change.previousPasswordHash();
      if (!Objects.equals(stored, change.passwordHash())
          && previous != null
          // Comparable only while Gatehouse holds a hash in the legacy format (not upgraded).
          && hashing.formatOf(previous).equals(hashing.formatOf(change.passwordHash()))
          && !Objects.equals(stored, previous)) {
        return Result.conflict(column(t, Field.PASSWORD_HASH) + " changed in the legacy store");
      }
      after.put(Field.PASSWORD_HASH, change.passwordHash());
    }
    if (after.isEmpty()) {
      // Nothing the table keeps changed (a verification where it has no such column).
      return Result.applied();
    }
    StringBuilder sql = new StringBuilder("update ").append(t.table()).append(" set ");
    List<Object> args = new ArrayList<>();
    for (Map.Entry<Field, Object> e : after.entrySet()) {
      if (!args.isEmpty()) {
        sql.append(", ");
      }
      sql.append(t.quoted(column(t, e.getKey()))).append(" = ?");
      args.add(e.getValue());
    }
    for (String col : touched) {
      if (t.actual().containsKey(col.toLowerCase(Locale.ROOT))) {
        sql.append(", ").append(t.quoted(col)).append(" = ?");
        args.add(change.at());
      }
    }
    sql.append(" where ").append(t.quoted(column(t, Field.LEGACY_ID))).append(" = ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (Object v : args) {
        LegacyColumns.bind(c, ps, i++, v, Types.VARCHAR);
      }
      ps.setObject(i, row.key());
      ps.executeUpdate();
    }
    return Result.applied();
  }

  private Result create(Connection c, LegacyTable t, LegacyChange change) throws SQLException {
    Row existing = UserRows.find(c, t, change.after());
    if (existing != null) {
      boolean ours =
          change.passwordHash() != null
              ? Objects.equals(existing.values().get(Field.PASSWORD_HASH), change.passwordHash())
              : accountIdAsKey
                  && change.accountId().toString().equals(String.valueOf(existing.key()));
      return ours
          ? Result.applied()
          : Result.conflict(
              "a legacy row with the account's "
                  + UserRows.lookupName(t, change.after())
                  + " exists");
    }
    Map<String, Object> insert = new LinkedHashMap<>();
    if (accountIdAsKey) {
      insert.put(column(t, Field.LEGACY_ID), new LegacyColumns.Key(change.accountId(), t.idType()));
    }
    Snapshot a = change.after();
    if (t.columns().containsKey(Field.USERNAME)) {
      insert.put(column(t, Field.USERNAME), username(a, change.accountId()));
    }
    values(t, a, change.kind(), change.at()).forEach((f, v) -> insert.put(column(t, f), v));
    insert.put(
        column(t, Field.PASSWORD_HASH),
        change.passwordHash() != null
            ? change.passwordHash()
            : "!" + SecretHasher.newToken().replaceAll("[^A-Za-z0-9]", ""));
    if (t.columns().containsKey(Field.CREATED_AT)) {
      insert.put(
          column(t, Field.CREATED_AT), a.dateJoined() != null ? a.dateJoined() : change.at());
    }
    insertDefaults.forEach(
        (col, value) -> {
          String actual = t.actual().get(col.toLowerCase(Locale.ROOT));
          if (actual != null) {
            insert.putIfAbsent(actual, value == CHANGE_TIME ? change.at() : value);
          }
        });
    StringBuilder sql = new StringBuilder("insert into ").append(t.table()).append(" (");
    StringBuilder marks = new StringBuilder();
    for (String col : insert.keySet()) {
      if (marks.length() > 0) {
        sql.append(", ");
        marks.append(", ");
      }
      sql.append(t.quoted(col));
      marks.append('?');
    }
    sql.append(") values (").append(marks).append(')');
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (Map.Entry<String, Object> e : insert.entrySet()) {
        LegacyColumns.bind(c, ps, i++, e.getValue(), t.type(e.getKey()));
      }
      ps.executeUpdate();
    }
    return Result.applied();
  }

  /**
   * The values of the mapped columns a snapshot sets (not the key or password; the username only as
   * a change's new value): email, phone, the flags, and the deletion time for a deletion.
   */
  private static Map<Field, Object> values(LegacyTable t, Snapshot s, Kind kind, Instant at) {
    Map<Field, Object> v = new LinkedHashMap<>();
    if (kind != null && kind != Kind.CREATED && s.username() != null) {
      // A change's new username (a creation writes it apart, a lookup reads the old one).
      put(v, t, Field.USERNAME, s.username());
    }
    put(v, t, Field.EMAIL, s.email() == null ? "" : s.email());
    put(v, t, Field.PHONE, s.phone());
    put(v, t, Field.IS_ACTIVE, s.active());
    put(v, t, Field.IS_STAFF, s.staff());
    put(v, t, Field.IS_SUPERUSER, s.superuser());
    put(v, t, Field.IS_VERIFIED, s.emailVerified() || s.phoneVerified());
    put(v, t, Field.EMAIL_VERIFIED, s.emailVerified());
    put(v, t, Field.PHONE_VERIFIED, s.phoneVerified());
    if (kind == Kind.DELETED) {
      put(v, t, Field.DELETED_AT, at);
    }
    return v;
  }

  private static void put(Map<Field, Object> v, LegacyTable t, Field f, Object value) {
    if (t.columns().containsKey(f)) {
      v.put(f, value);
    }
  }

  /** Django requires a username: the account's, else its email, phone or id. */
  private static String username(Snapshot s, UUID accountId) {
    if (s.username() != null) {
      return s.username();
    }
    if (s.email() != null) {
      return s.email();
    }
    return s.phone() != null ? s.phone() : accountId.toString();
  }

  private static String column(LegacyTable t, Field f) {
    return t.column(f);
  }

  /** Single-threaded builder. */
  public static final class Builder {
    private final DataSource dataSource;
    private final String table;
    private final ColumnMapping mapping;
    private String name = "legacy";
    private PasswordHashing hashing;
    private boolean accountIdAsKey;
    private final Map<String, Object> insertDefaults = new LinkedHashMap<>();
    private final List<String> touched = new ArrayList<>();
    private final List<SignInRow> signInRows = new ArrayList<>();
    private SignInRow profileRow;

    private Builder(DataSource dataSource, String table, ColumnMapping mapping) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      this.table = requireNonNull(table, "table");
      this.mapping = requireNonNull(mapping, "mapping");
    }

    /**
     * @param name the name logs and metrics show; default {@code legacy}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * @param hashing hashes new passwords in a format the legacy application verifies (required)
     * @return this builder
     */
    public Builder passwordHashing(PasswordHashing hashing) {
      this.hashing = requireNonNull(hashing, "hashing");
      return this;
    }

    /**
     * @param accountIdAsKey whether a new row's key is the Gatehouse account's id (a UUID key);
     *     default {@code false}: the database assigns it
     * @return this builder
     */
    public Builder accountIdAsKey(boolean accountIdAsKey) {
      this.accountIdAsKey = accountIdAsKey;
      return this;
    }

    /**
     * A value a new row gets in a column the change does not set, where the table has the column (a
     * {@code NOT NULL} column without a database default, which the legacy application fills
     * itself).
     *
     * @param column the column
     * @param value its value: text, a boolean, or {@link #CHANGE_TIME}
     * @return this builder
     */
    public Builder insertDefault(String column, Object value) {
      insertDefaults.put(requireNonNull(column, "column"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * A column set to the change's time by every update, where the table has it (a modification
     * time the legacy application keeps, such as Django's {@code auto_now}).
     *
     * @param column the column
     * @return this builder
     */
    public Builder touchOnUpdate(String column) {
      touched.add(requireNonNull(column, "column"));
      return this;
    }

    /**
     * A row the legacy application needs beside the user's own to sign the user in (jb-drf-auth's
     * default profile): the target inserts it with the user, in the same transaction, and with any
     * later change of a user who lacks it.
     *
     * @param row the row
     * @return this builder
     */
    public Builder signInRow(SignInRow row) {
      signInRows.add(requireNonNull(row, "row"));
      return this;
    }

    /**
     * The row holding the user's default profile ({@link SignInRow#jbDrfAuthDefaultProfile}): a
     * {@linkplain #signInRow row the user must have}, and where a change of the default profile's
     * person or settings is written, to the columns {@code first_name}, {@code last_name_1}, {@code
     * last_name_2}, {@code birthday}, {@code gender}, {@code picture} and {@code settings} it has.
     * Without one, profile changes write nothing.
     *
     * @param row the row
     * @return this builder
     */
    public Builder profileRow(SignInRow row) {
      signInRow(row);
      this.profileRow = row;
      return this;
    }

    /**
     * @return the target; its table is read from the database's metadata at the first change
     * @throws IllegalStateException without a password hashing
     */
    public UserTableWriteBack build() {
      if (hashing == null) {
        throw new IllegalStateException(
            "passwordHashing(...) is required: the format the legacy application verifies");
      }
      return new UserTableWriteBack(this);
    }
  }
}
