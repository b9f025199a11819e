package dev.gatehouse.imports.lazy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.PreparedUser;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping.Field;
import dev.gatehouse.legacy.LegacyAuthenticator;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyAccount;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyIdentifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lazy migration from the legacy user table itself (Django's {@code auth_user}, a jb-drf-auth
 * custom user, FastAPI-Users' {@code "user"}), described by the same {@link ColumnMapping} the bulk
 * import reads it with. A lookup finds the row by email or username (compared in lower case) or by
 * phone (the E.164 form or the text as typed) and returns its stored hash for Gatehouse to verify;
 * the typed password is never sent anywhere. Rows with a soft-delete mark are unknown.
 *
 * <p>When several rows match (a legacy table that let {@code Ann@x} and {@code ann@x} both
 * register), the one whose stored value equals the typed text wins, then an active one, then the
 * most recent login, then the lowest id.
 *
 * <p><b>Cutting the link.</b> With {@link Builder#migratedColumn(String)} the authenticator stamps
 * that (nullable timestamp) column when Gatehouse reports a user migrated, and lookups skip stamped
 * rows; this needs write access to the legacy table and a column added to it. Without it the legacy
 * database is only read, and the link is cut by Gatehouse alone (the local account wins every later
 * lookup).
 *
 * <pre>{@code
 * LegacyAuthenticator legacy = JdbcLegacyAuthenticator.builder(legacyDb, "auth_user", ColumnMapping.django())
 *     .migratedColumn("gatehouse_migrated_at")
 *     .build();
 * Gatehouse gatehouse =
 *     Gatehouse.builder(config, store).install(new LegacyCutOver().lazyMigration(legacy)).build();
 * }</pre>
 *
 * <p>Thread-safe: every call takes its own connection from the data source.
 */
public final class JdbcLegacyAuthenticator implements LegacyAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLegacyAuthenticator.class);

  private final DataSource dataSource;
  private final String table;
  private final ColumnMapping mapping;
  private final String migratedColumn;
  private final VerificationPolicy verificationPolicy;
  private final Clock clock;
  private volatile LegacyTable shape;

  private JdbcLegacyAuthenticator(Builder b) {
    this.dataSource = b.dataSource;
    this.table = b.table;
    this.mapping = b.mapping;
    this.migratedColumn = b.migratedColumn;
    this.verificationPolicy = b.verificationPolicy;
    this.clock = b.clock;
  }

  /**
   * A builder.
   *
   * @param dataSource the legacy database
   * @param table the user table as created ({@code user}, {@code auth_user}), optionally {@code
   *     schema.table}; quoted as the database requires, so reserved words need nothing more
   * @param mapping which column holds what; column names in lower case
   * @return the builder
   * @throws IllegalArgumentException when the table name is not a plain identifier
   */
  public static Builder builder(DataSource dataSource, String table, ColumnMapping mapping) {
    return new Builder(dataSource, table, mapping);
  }

  /**
   * Django's {@code auth_user} (or a custom user table in its style), read only.
   *
   * @param dataSource the Django database
   * @param table e.g. {@code auth_user} or {@code authentication_user}
   * @return the authenticator
   */
  public static JdbcLegacyAuthenticator django(DataSource dataSource, String table) {
    return builder(dataSource, table, ColumnMapping.django()).build();
  }

  @Override
  public Optional<LegacyAccount> lookup(LegacyIdentifier identifier, String password) {
    requireNonNull(identifier, "identifier");
    LegacyTable t = shape();
    Field field =
        switch (identifier.kind()) {
          case EMAIL -> Field.EMAIL;
          case PHONE -> Field.PHONE;
          default -> Field.USERNAME;
        };
    String column = t.column(field);
    if (column == null) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    String where;
    if (field == Field.PHONE) {
      where = t.quoted(column) + " in (?, ?)";
      values.add(identifier.canonical());
      values.add(identifier.typed().strip());
    } else {
      where = "lower(" + t.quoted(column) + ") = ?";
      values.add(identifier.canonical().toLowerCase(Locale.ROOT));
    }
    if (migratedColumn != null) {
      where += " and " + t.quoted(migratedColumn) + " is null";
    }
    List<Candidate> found = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("select * from " + t.table() + " where " + where)) {
      for (int i = 0; i < values.size(); i++) {
        ps.setString(i + 1, values.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, String> row = row(rs);
          try {
            LegacyUser u = mapping.toUser(row);
            if (u.deletedAt() == null) {
              found.add(
                  new Candidate(
                      u,
                      identifier.typed().strip().equals(row.get(column.toLowerCase(Locale.ROOT)))));
            }
          } catch (IllegalArgumentException e) {
            LOG.warn("legacy table {}: a matching row is unreadable: {}", table, e.getMessage());
          }
        }
      }
    } catch (SQLException e) {
      throw new ImportSourceException("cannot look up a user in " + table, e);
    }
    return found.stream().min(Candidate.ORDER).map(x -> toAccount(x.user()));
  }

  @Override
  public void markMigrated(String legacyId, UUID userPublicId) {
    if (migratedColumn == null) {
      return;
    }
    LegacyTable t = shape();
    String idColumn = t.column(Field.LEGACY_ID);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "update "
                    + t.table()
                    + " set "
                    + t.quoted(migratedColumn)
                    + " = ? where "
                    + t.quoted(idColumn)
                    + " = ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      bindId(ps, 2, legacyId, t.idType());
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new ImportSourceException("cannot mark legacy user " + legacyId + " as migrated", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcLegacyAuthenticator[" + table + "]";
  }

  private LegacyAccount toAccount(LegacyUser u) {
    String hash = u.passwordHash();
    boolean usable = hash != null && !hash.isEmpty() && !hash.startsWith("!");
    boolean hasEmail = u.email() != null && !u.email().isBlank();
    boolean hasPhone = u.phone() != null && !u.phone().isBlank();
    PreparedUser.Verification v =
        PreparedUser.verification(u, verificationPolicy, hasEmail, hasPhone);
    return LegacyAccount.builder(u.legacyId())
        .email(hasEmail ? u.email() : null)
        .phone(hasPhone ? u.phone() : null)
        .username(u.username())
        .passwordHash(usable ? hash : null)
        .active(u.active())
        .verified(v.verified())
        .emailVerified(v.emailVerified())
        .phoneVerified(v.phoneVerified())
        .createdAt(u.createdAt())
        .build();
  }

  /** The row keyed by the mapping's column names (which are lower case). */
  private Map<String, String> row(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    Map<String, String> row = new HashMap<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      Object v = rs.getObject(i);
      String text;
      if (v == null) {
        text = null;
      } else if (v instanceof Timestamp ts) {
        text = ts.toLocalDateTime().toString();
      } else if (v instanceof java.time.OffsetDateTime o) {
        text = o.toInstant().toString();
      } else {
        text = v.toString();
      }
      row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), text);
    }
    return row;
  }

  private static void bindId(PreparedStatement ps, int index, String id, int sqlType)
      throws SQLException {
    switch (sqlType) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.NUMERIC ->
          ps.setLong(index, Long.parseLong(id));
      case Types.OTHER, Types.BINARY -> ps.setObject(index, UUID.fromString(id));
      default -> ps.setString(index, id);
    }
  }

  /**
   * The table as the database names it, and which mapped columns it really has, read once (at
   * {@link Builder#build()}). Names are looked up in the database's metadata (as given, then in the
   * case the database folds unquoted names to) and quoted as its dialect requires, so a table named
   * by a reserved word ({@code user}) is the table, not a function.
   */
  private LegacyTable shape() {
    LegacyTable s = shape;
    if (s == null) {
      try (Connection c = dataSource.getConnection()) {
        s = LegacyTable.read(c, table, mapping, migratedColumn);
        shape = s;
      } catch (SQLException e) {
        throw new ImportSourceException("cannot read the columns of legacy table " + table, e);
      }
    }
    return s;
  }

  private record Candidate(LegacyUser user, boolean exact) {
    static final Comparator<Candidate> ORDER =
        Comparator.comparing((Candidate c) -> !c.exact())
            .thenComparing(c -> !c.user().active())
            .thenComparing(
                c -> c.user().lastLoginAt(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(c -> c.user().legacyId(), idOrder());

    private static Comparator<String> idOrder() {
      return Comparator.comparing((String id) -> id.length())
          .thenComparing(Comparator.naturalOrder());
    }
  }

  /** Single-threaded builder. */
  public static final class Builder {
    private final DataSource dataSource;
    private final String table;
    private final ColumnMapping mapping;
    private String migratedColumn;
    private VerificationPolicy verificationPolicy = VerificationPolicy.CARRY_OVER;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource, String table, ColumnMapping mapping) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      this.table = checkIdentifier(requireNonNull(table, "table"), "table");
      this.mapping = requireNonNull(mapping, "mapping");
      mapping.columns().values().forEach(col -> checkIdentifier(col, "column"));
    }

    /**
     * A nullable timestamp column of the legacy table to stamp when a user is migrated; stamped
     * rows are then unknown to {@link #lookup}. Default: none (read-only).
     *
     * @param column the column name
     * @return this builder
     */
    public Builder migratedColumn(String column) {
      this.migratedColumn = checkIdentifier(requireNonNull(column, "column"), "column");
      return this;
    }

    /**
     * How verification is decided (default {@link VerificationPolicy#CARRY_OVER}, as in the bulk
     * import).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder verificationPolicy(VerificationPolicy policy) {
      this.verificationPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The clock of the migration stamp (default system UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the authenticator and checks the legacy table's shape at once, so that a wrong table
     * or column name stops the application at start-up rather than failing every login.
     *
     * @return the authenticator, with the settings made so far
     * @throws ConfigurationException naming the missing table or column
     * @throws ImportSourceException when the legacy database cannot be reached
     */
    public JdbcLegacyAuthenticator build() {
      JdbcLegacyAuthenticator a = new JdbcLegacyAuthenticator(this);
      a.shape();
      return a;
    }

    private static String checkIdentifier(String name, String what) {
      if (!name.matches(
          "\"?[A-Za-z_][A-Za-z0-9_]{0,62}\"?(\\.\"?[A-Za-z_][A-Za-z0-9_]{0,62}\"?)?")) {
        throw new IllegalArgumentException("not a " + what + " name: " + name);
      }
      return name;
    }
  }
}
