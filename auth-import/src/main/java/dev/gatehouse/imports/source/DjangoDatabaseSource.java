package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Users of a Django project's database over JDBC (SQLite, PostgreSQL, MySQL/MariaDB): the plain
 * {@code auth_user} table or a jb-drf-auth style custom user table, with its profiles and devices
 * when those tables exist. Users are read in primary-key order; profiles and devices of each user
 * are read with one small query each. Naive timestamps (Django with {@code USE_TZ = True} stores
 * UTC; with {@code USE_TZ = False}, {@code TIME_ZONE}) are read in the given zone.
 *
 * <p>A jb-drf-auth profile's person columns ({@code first_name}, {@code last_name_1}, {@code
 * last_name_2}, {@code birthday}, {@code gender}, {@code picture}: the stored file path) become the
 * profile's {@link LegacyUser.LegacyProfile#person person}; its {@code settings} JSON is kept as it
 * is. A birthday that is not a {@code YYYY-MM-DD} date makes the user's record unreadable, like an
 * impossible timestamp (the message names the profile row, not the value); a value too long for the
 * person is left out and named in {@link LegacyUser.LegacyProfile#personFieldsTooLong}, so the
 * import reports it.
 *
 * <pre>{@code
 * LegacySource django = DjangoDatabaseSource.sqlite(Path.of("db.sqlite3"), "authentication", ZoneId.of("UTC"));
 * LegacySource plain = DjangoDatabaseSource.of(dataSource, "auth", ZoneId.of("UTC"));
 * }</pre>
 */
public final class DjangoDatabaseSource implements LegacySource {
  private final ConnectionFactory connections;
  private final String description;
  private final String app;
  private final ZoneId zone;

  /** The only users to read, by primary key, or {@code null} for every user. */
  private final @Nullable List<Long> only;

  /** Opens a connection to the legacy database. */
  @FunctionalInterface
  public interface ConnectionFactory {
    /**
     * Opens a connection; called once per opened stream.
     *
     * @return a new connection, closed by the caller
     * @throws SQLException when the database cannot be reached
     */
    Connection open() throws SQLException;
  }

  private DjangoDatabaseSource(
      ConnectionFactory c, String description, String app, ZoneId zone, @Nullable List<Long> only) {
    this.connections = c;
    this.description = description;
    this.app = app;
    this.zone = zone;
    this.only = only;
    JdbcRows.checkIdentifier(app + "_user");
  }

  /**
   * The same source reduced to the given users, read the same way and in the same order: what the
   * sync from the legacy system ({@code LegacySync}) imports or compares after their rows changed.
   * An id no row has is left out.
   *
   * @param legacyIds the users' primary keys, as decimal digits; at most 1,000
   * @return the reduced source
   * @throws IllegalArgumentException when an id is not a number, or there are more than 1,000
   */
  public DjangoDatabaseSource only(java.util.Collection<String> legacyIds) {
    requireNonNull(legacyIds, "legacyIds");
    if (legacyIds.size() > 1000) {
      throw new IllegalArgumentException("at most 1,000 users at once, not " + legacyIds.size());
    }
    List<Long> ids = new ArrayList<>();
    for (String id : legacyIds) {
      try {
        ids.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a Django user id is a number, not " + id, e);
      }
    }
    return new DjangoDatabaseSource(
        connections, description, app, zone, List.copyOf(new java.util.TreeSet<>(ids)));
  }

  /**
   * A source over a Django database reached through a {@link DataSource}.
   *
   * @param dataSource the legacy database; not null
   * @param app the Django app label owning the user model: {@code auth} for {@code auth_user},
   *     {@code authentication} for {@code authentication_user} (and its {@code _profile}, {@code
   *     _device} tables)
   * @param zone the zone of naive timestamps
   * @return the source
   * @throws IllegalArgumentException when {@code app} does not make a plain table name
   */
  public static DjangoDatabaseSource of(DataSource dataSource, String app, ZoneId zone) {
    requireNonNull(dataSource, "dataSource");
    return new DjangoDatabaseSource(
        dataSource::getConnection,
        "django-db:" + app,
        requireNonNull(app, "app"),
        requireNonNull(zone, "zone"),
        null);
  }

  /**
   * As {@link #of}, over a Django SQLite file (opened read-only).
   *
   * @param file the SQLite database file; not null
   * @param app the Django app label owning the user model, e.g. {@code auth}
   * @param zone the zone of naive timestamps
   * @return the source
   * @throws IllegalArgumentException when {@code app} does not make a plain table name
   */
  public static DjangoDatabaseSource sqlite(Path file, String app, ZoneId zone) {
    requireNonNull(file, "file");
    String url = "jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro";
    return new DjangoDatabaseSource(
        () -> {
          requireSqliteHeader(file);
          return DriverManager.getConnection(url);
        },
        "django-sqlite:" + file.getFileName(),
        requireNonNull(app, "app"),
        requireNonNull(zone, "zone"),
        null);
  }

  /** The 16 bytes every SQLite 3 database file starts with. */
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Refuses a file that is not an SQLite database at once, naming it: the driver would otherwise
   * open it, fail at the first query with a code only, and a run would retry it.
   */
  private static void requireSqliteHeader(Path file) throws SQLException {
    byte[] head = new byte[SQLITE_HEADER.length];
    int n;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (n < head.length || !java.util.Arrays.equals(head, SQLITE_HEADER)) {
      throw new SQLException(
          file + " is not an SQLite database (it does not start with \"SQLite format 3\")");
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public RecordStream open() {
    Connection c = null;
    try {
      c = connections.open();
      boolean profiles = tableExists(c, app + "_profile");
      boolean devices = tableExists(c, app + "_device");
      PreparedStatement users;
      if (only == null) {
        users = c.prepareStatement("select * from " + app + "_user order by id");
      } else {
        String marks =
            only.isEmpty()
                ? "null"
                : String.join(",", java.util.Collections.nCopies(only.size(), "?"));
        users =
            c.prepareStatement(
                "select * from " + app + "_user where id in (" + marks + ") order by id");
        for (int i = 0; i < only.size(); i++) {
          users.setLong(i + 1, only.get(i));
        }
      }
      ResultSet rs = users.executeQuery();
      PreparedStatement ps =
          profiles
              ? c.prepareStatement(
                  "select * from "
                      + app
                      + "_profile where user_id = ? and deleted is null order by id")
              : null;
      PreparedStatement ds =
          devices
              ? c.prepareStatement(
                  "select * from "
                      + app
                      + "_device where user_id = ? and deleted is null order by id")
              : null;
      return new Stream(c, users, rs, ps, ds);
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // read-only
        }
      }
      throw new ImportSourceException(
          "cannot query the Django user table " + app + "_user: " + e.getMessage(), e);
    }
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    return dev.gatehouse.jpa.JpaConnections.reaches(c, table);
  }

  private final class Stream implements RecordStream {
    private final Connection c;
    private final PreparedStatement users;
    private final ResultSet rs;
    private final PreparedStatement profiles;
    private final PreparedStatement devices;
    private Boolean ready;
    private long position;

    Stream(
        Connection c,
        PreparedStatement users,
        ResultSet rs,
        PreparedStatement profiles,
        PreparedStatement devices) {
      this.c = c;
      this.users = users;
      this.rs = rs;
      this.profiles = profiles;
      this.devices = devices;
    }

    @Override
    public boolean hasNext() {
      if (ready == null) {
        try {
          ready = rs.next();
        } catch (SQLException e) {
          throw new ImportSourceException("reading the users failed after row " + position, e);
        }
      }
      return ready;
    }

    @Override
    public LegacyRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ready = null;
      position++;
      String id = null;
      try {
        Map<String, String> row = JdbcRows.row(rs);
        id = row.get("id");
        List<LegacyUser.LegacyProfile> ps = profiles == null ? List.of() : profiles(id);
        List<LegacyUser.LegacyDevice> ds = devices == null ? List.of() : devices(id);
        return LegacyRecord.of(position, position, DjangoUsers.toUser(id, row, zone, ps, ds));
      } catch (SQLException e) {
        throw new ImportSourceException("reading user row " + position + " failed", e);
      } catch (DateTimeParseException e) {
        return LegacyRecord.bad(
            position, position, id, "impossible timestamp: " + e.getParsedString());
      } catch (IllegalArgumentException e) {
        return LegacyRecord.bad(position, position, id, e.getMessage());
      }
    }

    private List<LegacyUser.LegacyProfile> profiles(String userId) throws SQLException {
      List<LegacyUser.LegacyProfile> out = new ArrayList<>();
      profiles.setLong(1, Long.parseLong(userId));
      try (ResultSet p = profiles.executeQuery()) {
        while (p.next()) {
          Map<String, String> f = JdbcRows.row(p);
          PersonFields person = DjangoUsers.person(f);
          out.add(
              new LegacyUser.LegacyProfile(
                  f.get("role"),
                  f.get("label"),
                  JdbcRows.isTrue(f.get("is_default")),
                  !f.containsKey("is_active") || JdbcRows.isTrue(f.get("is_active")),
                  DjangoUsers.profileSettings(f),
                  JdbcRows.time(f.get("created"), zone),
                  person.person(),
                  person.tooLong()));
        }
      }
      return out;
    }

    private List<LegacyUser.LegacyDevice> devices(String userId) throws SQLException {
      List<LegacyUser.LegacyDevice> out = new ArrayList<>();
      devices.setLong(1, Long.parseLong(userId));
      try (ResultSet d = devices.executeQuery()) {
        while (d.next()) {
          Map<String, String> f = JdbcRows.row(d);
          out.add(
              new LegacyUser.LegacyDevice(
                  f.get("token"),
                  f.get("platform"),
                  f.get("name"),
                  f.get("notification_token"),
                  JdbcRows.time(f.get("linked_at"), zone)));
        }
      }
      return out;
    }

    @Override
    public void close() {
      for (AutoCloseable a : new AutoCloseable[] {rs, users, profiles, devices, c}) {
        if (a != null) {
          try {
            a.close();
          } catch (Exception ignored) {
            // read-only source
          }
        }
      }
    }
  }
}
