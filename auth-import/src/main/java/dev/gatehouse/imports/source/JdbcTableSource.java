package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.Timestamps;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Users from one table of a legacy database (for example FastAPI-Users' {@code "user"} table),
 * mapped by a {@link ColumnMapping} with lower-case column names, read in legacy-id order with a
 * streaming cursor.
 *
 * <pre>{@code
 * LegacySource users = JdbcTableSource.of(legacyDb, "\"user\"", ColumnMapping.fastApiUsers());
 * }</pre>
 */
public final class JdbcTableSource implements LegacySource {
  private final DataSource dataSource;
  private final String table;
  private final ColumnMapping mapping;

  private JdbcTableSource(DataSource dataSource, String table, ColumnMapping mapping) {
    this.dataSource = dataSource;
    this.table = table;
    this.mapping = mapping;
  }

  /**
   * @param dataSource the legacy database (read only)
   * @param table the table, quoted if it is a reserved word ({@code "user"})
   * @param mapping the columns
   * @return the source
   * @throws IllegalArgumentException when the table name is not a plain identifier
   */
  public static JdbcTableSource of(DataSource dataSource, String table, ColumnMapping mapping) {
    JdbcRows.checkIdentifier(requireNonNull(table, "table"));
    return new JdbcTableSource(
        requireNonNull(dataSource, "dataSource"), table, requireNonNull(mapping, "mapping"));
  }

  @Override
  public String describe() {
    return "jdbc-table:" + table;
  }

  @Override
  public RecordStream open() {
    String idColumn = mapping.columns().get(ColumnMapping.Field.LEGACY_ID);
    JdbcRows.checkIdentifier(idColumn);
    return JdbcRowStream.open(dataSource, table, idColumn, this::read);
  }

  private LegacyRecord read(long position, Map<String, String> row) {
    // Column names of the mapping are compared in lower case, as JdbcRows reports them.
    Map<String, String> lower = new java.util.HashMap<>();
    mapping
        .columns()
        .values()
        .forEach(col -> lower.put(col, row.get(col.toLowerCase(Locale.ROOT))));
    try {
      return LegacyRecord.of(position, position, mapping.toUser(lower));
    } catch (IllegalArgumentException e) {
      return LegacyRecord.bad(
          position,
          position,
          lower.get(mapping.columns().get(ColumnMapping.Field.LEGACY_ID)),
          e.getMessage());
    }
  }

  /**
   * Which column of a CSV file or table holds which field of a {@link LegacyUser}, plus the zone of
   * timestamps written without an offset. Immutable.
   *
   * <pre>{@code
   * ColumnMapping m = ColumnMapping.builder()
   *     .map(Field.LEGACY_ID, "id").map(Field.EMAIL, "email")
   *     .map(Field.PASSWORD_HASH, "hashed_password").sourceZone(ZoneId.of("UTC"))
   *     .build();
   * ColumnMapping parsed = ColumnMapping.parse("legacy_id=id,email=email,password_hash=hash");
   * }</pre>
   */
  public static final class ColumnMapping {

    /** The fields a column can be mapped to. */
    public enum Field {
      /** Required: the legacy key. */
      LEGACY_ID,
      /** The email address. */
      EMAIL,
      /** The phone number, international or national (read with the default region). */
      PHONE,
      /** A calling code stored apart from a national {@link #PHONE}. */
      PHONE_COUNTRY_CODE,
      /** The username. */
      USERNAME,
      /** The password hash in its legacy format, stored as it is. */
      PASSWORD_HASH,
      /** Boolean: whether the account is active (true when unmapped or empty). */
      IS_ACTIVE,
      /** Boolean: whether the user is verified as a whole; null when unmapped or empty. */
      IS_VERIFIED,
      /** Boolean: whether the email is verified; null when unmapped or empty. */
      EMAIL_VERIFIED,
      /** Boolean: whether the phone is verified; null when unmapped or empty. */
      PHONE_VERIFIED,
      /** Boolean: whether the user is staff (false when unmapped or empty). */
      IS_STAFF,
      /** Boolean: whether the user is a superuser (false when unmapped or empty). */
      IS_SUPERUSER,
      /** Timestamp: when the account was created; without an offset it is in the source zone. */
      CREATED_AT,
      /** Timestamp: the last login; without an offset it is in the source zone. */
      LAST_LOGIN_AT,
      /** Timestamp: when the user was soft-deleted; null or empty when not deleted. */
      DELETED_AT
    }

    private final Map<Field, String> columns;
    private final ZoneId sourceZone;

    private ColumnMapping(Map<Field, String> columns, ZoneId sourceZone) {
      this.columns = Collections.unmodifiableMap(new EnumMap<>(columns));
      this.sourceZone = sourceZone;
    }

    /** {@return a new builder, with source zone UTC and no column mapped} */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * Reads {@code field=column,field=column} (field names case-insensitive, e.g. {@code
     * legacy_id=id,email=mail,password_hash=pw}).
     *
     * @param spec the comma-separated entries; must map {@code legacy_id}
     * @param zone the zone of timestamps without an offset; not null
     * @return the mapping
     * @throws IllegalArgumentException naming the bad entry
     */
    public static ColumnMapping parse(String spec, ZoneId zone) {
      Builder b = builder().sourceZone(zone);
      for (String part : spec.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2 || kv[1].isBlank()) {
          throw new IllegalArgumentException("mapping entry '" + part + "' is not field=column");
        }
        Field f;
        try {
          f = Field.valueOf(kv[0].strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown field '" + kv[0] + "' in mapping", e);
        }
        b.map(f, kv[1].strip());
      }
      return b.build();
    }

    /**
     * Django's {@code auth_user} table (and a jb-drf-auth style custom user table, whose extra
     * {@code phone} and {@code is_verified} columns are read when present): {@code id}, {@code
     * email}, {@code username}, {@code password}, {@code is_active}, {@code is_staff}, {@code
     * is_superuser}, {@code date_joined}, {@code last_login}. Naive timestamps in UTC (Django with
     * {@code USE_TZ = True}).
     *
     * @return the Django mapping
     */
    public static ColumnMapping django() {
      return builder()
          .map(Field.LEGACY_ID, "id")
          .map(Field.EMAIL, "email")
          .map(Field.USERNAME, "username")
          .map(Field.PHONE, "phone")
          .map(Field.PASSWORD_HASH, "password")
          .map(Field.IS_ACTIVE, "is_active")
          .map(Field.IS_VERIFIED, "is_verified")
          .map(Field.IS_STAFF, "is_staff")
          .map(Field.IS_SUPERUSER, "is_superuser")
          .map(Field.CREATED_AT, "date_joined")
          .map(Field.LAST_LOGIN_AT, "last_login")
          .map(Field.DELETED_AT, "deleted")
          .build();
    }

    /** {@return the mapping of the FastAPI-Users {@code user} table and its CSV export} */
    public static ColumnMapping fastApiUsers() {
      return builder()
          .map(Field.LEGACY_ID, "id")
          .map(Field.EMAIL, "email")
          .map(Field.PASSWORD_HASH, "hashed_password")
          .map(Field.IS_ACTIVE, "is_active")
          .map(Field.IS_SUPERUSER, "is_superuser")
          .map(Field.IS_VERIFIED, "is_verified")
          .map(Field.CREATED_AT, "created_at")
          .build();
    }

    /** {@return the column name of each mapped field; an unmodifiable map} */
    public Map<Field, String> columns() {
      return columns;
    }

    /** {@return the zone of timestamps without an offset} */
    public ZoneId sourceZone() {
      return sourceZone;
    }

    /**
     * Builds a user from one row.
     *
     * @param row column name to text (null for SQL NULL); missing columns read as null
     * @return the user
     * @throws IllegalArgumentException with a message fit for a report when a value is unusable
     */
    public LegacyUser toUser(Map<String, String> row) {
      String id = text(row, Field.LEGACY_ID);
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("missing legacy id");
      }
      return LegacyUser.builder(id.strip())
          .email(text(row, Field.EMAIL))
          .phone(text(row, Field.PHONE))
          .phoneCountryCode(text(row, Field.PHONE_COUNTRY_CODE))
          .username(text(row, Field.USERNAME))
          .passwordHash(text(row, Field.PASSWORD_HASH))
          .active(bool(row, Field.IS_ACTIVE, true))
          .verified(optionalBool(row, Field.IS_VERIFIED))
          .emailVerified(optionalBool(row, Field.EMAIL_VERIFIED))
          .phoneVerified(optionalBool(row, Field.PHONE_VERIFIED))
          .staff(bool(row, Field.IS_STAFF, false))
          .superuser(bool(row, Field.IS_SUPERUSER, false))
          .createdAt(time(row, Field.CREATED_AT))
          .lastLoginAt(time(row, Field.LAST_LOGIN_AT))
          .deletedAt(time(row, Field.DELETED_AT))
          .build();
    }

    private String text(Map<String, String> row, Field f) {
      String col = columns.get(f);
      return col == null ? null : row.get(col);
    }

    private boolean bool(Map<String, String> row, Field f, boolean dflt) {
      Boolean b = optionalBool(row, f);
      return b == null ? dflt : b;
    }

    private Boolean optionalBool(Map<String, String> row, Field f) {
      String v = text(row, f);
      if (v == null || v.isBlank()) {
        return null;
      }
      switch (v.strip().toLowerCase(Locale.ROOT)) {
        case "true":
        case "t":
        case "1":
        case "yes":
          return true;
        case "false":
        case "f":
        case "0":
        case "no":
          return false;
        default:
          throw new IllegalArgumentException(
              "column " + columns.get(f) + " is not a boolean: '" + v + "'");
      }
    }

    private java.time.Instant time(Map<String, String> row, Field f) {
      String v = text(row, f);
      try {
        return Timestamps.parse(v, sourceZone);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "column " + columns.get(f) + " is not a valid timestamp: '" + v + "'", e);
      }
    }

    /** Single-threaded builder. */
    public static final class Builder {
      private final Map<Field, String> columns = new EnumMap<>(Field.class);
      private ZoneId zone = ZoneId.of("UTC");

      private Builder() {}

      /**
       * Maps a field to a column name, replacing an earlier mapping of the same field.
       *
       * @param field the field; not null
       * @param column the source column's name; not null
       * @return this builder
       */
      public Builder map(Field field, String column) {
        columns.put(requireNonNull(field, "field"), requireNonNull(column, "column"));
        return this;
      }

      /**
       * The zone of timestamps without an offset (default UTC).
       *
       * @param zone the zone; not null
       * @return this builder
       */
      public Builder sourceZone(ZoneId zone) {
        this.zone = requireNonNull(zone, "zone");
        return this;
      }

      /**
       * @return the immutable mapping
       * @throws IllegalArgumentException when {@link Field#LEGACY_ID} is not mapped
       */
      public ColumnMapping build() {
        if (!columns.containsKey(Field.LEGACY_ID)) {
          throw new IllegalArgumentException("the mapping must name the legacy_id column");
        }
        return new ColumnMapping(columns, zone);
      }
    }
  }
}
