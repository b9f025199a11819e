package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Users of a Supabase project from its {@code auth.users} table over JDBC (the project's
 * PostgreSQL, or a copy of the table in any database), read in {@code id} order with a streaming
 * cursor. Columns a Supabase version does not have yet ({@code deleted_at}, {@code is_sso_user},
 * {@code is_anonymous}) read as absent.
 *
 * <p>What becomes of each row:
 *
 * <ul>
 *   <li>legacy id: {@code id} (UUID);
 *   <li>{@code encrypted_password}: bcrypt {@code $2a$10$...} as stored; an empty value (magic
 *       link, OTP, OAuth, SSO and invited users) makes a passwordless account;
 *   <li>{@code email_confirmed_at} / {@code phone_confirmed_at}: the email / phone is verified when
 *       set, unverified otherwise;
 *   <li>{@code phone}: Supabase stores E.164 digits without the {@code +}; it is added back;
 *   <li>{@code banned_until} later than the import's clock makes the account inactive (a ban that
 *       has run out does not);
 *   <li>{@code deleted_at} (soft delete) is carried as the deletion mark: the importer skips such
 *       users with the reason {@code deleted_in_source} unless told to import soft-deleted users;
 *   <li>{@code created_at}, {@code last_sign_in_at} kept. Anonymous users have no email and no
 *       phone, so the importer quarantines them with {@code no_identifier}.
 * </ul>
 *
 * <pre>{@code
 * LegacySource supabase = SupabaseSource.of(supabaseDb);  // reads auth.users
 * }</pre>
 */
public final class SupabaseSource implements LegacySource {
  /** The table Supabase keeps its users in. */
  public static final String DEFAULT_TABLE = "auth.users";

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;

  private SupabaseSource(DataSource dataSource, String table, Clock clock) {
    this.dataSource = dataSource;
    this.table = table;
    this.clock = clock;
  }

  /**
   * A source over {@code auth.users}, judging bans by the system clock.
   *
   * @param dataSource the Supabase database (read only); not null
   * @return the source
   */
  public static SupabaseSource of(DataSource dataSource) {
    return of(dataSource, DEFAULT_TABLE, Clock.systemUTC());
  }

  /**
   * A source over a table of {@code auth.users}' shape.
   *
   * @param dataSource the database (read only); not null
   * @param table the table, e.g. {@code auth.users} or a copy of it; a plain (optionally
   *     schema-qualified) identifier
   * @param clock the clock bans are judged by (a ban lasting past its instant makes the account
   *     inactive); not null
   * @return the source
   * @throws IllegalArgumentException when the table name is not a plain identifier
   */
  public static SupabaseSource of(DataSource dataSource, String table, Clock clock) {
    JdbcRows.checkIdentifier(requireNonNull(table, "table"));
    return new SupabaseSource(
        requireNonNull(dataSource, "dataSource"), table, requireNonNull(clock, "clock"));
  }

  @Override
  public String describe() {
    return "supabase:" + table;
  }

  @Override
  public RecordStream open() {
    Instant now = clock.instant();
    return JdbcRowStream.open(dataSource, table, "id", (position, row) -> read(position, row, now));
  }

  private static LegacyRecord read(long position, Map<String, String> row, Instant now) {
    try {
      return LegacyRecord.of(position, position, toUser(row, now));
    } catch (DateTimeParseException e) {
      return LegacyRecord.bad(
          position, position, row.get("id"), "impossible timestamp: " + e.getParsedString());
    } catch (IllegalArgumentException e) {
      return LegacyRecord.bad(position, position, row.get("id"), e.getMessage());
    }
  }

  static LegacyUser toUser(Map<String, String> row, Instant now) {
    String id = row.get("id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("row without id");
    }
    String email = blankToNull(row.get("email"));
    String phone = blankToNull(row.get("phone"));
    if (phone != null && phone.chars().allMatch(Character::isDigit)) {
      phone = "+" + phone;
    }
    Instant bannedUntil = JdbcRows.time(row.get("banned_until"), ZoneOffset.UTC);
    return LegacyUser.builder(id)
        .email(email)
        .emailVerified(email == null ? null : row.get("email_confirmed_at") != null)
        .phone(phone)
        .phoneVerified(phone == null ? null : row.get("phone_confirmed_at") != null)
        .passwordHash(blankToNull(row.get("encrypted_password")))
        .active(bannedUntil == null || !bannedUntil.isAfter(now))
        .createdAt(JdbcRows.time(row.get("created_at"), ZoneOffset.UTC))
        .lastLoginAt(JdbcRows.time(row.get("last_sign_in_at"), ZoneOffset.UTC))
        .deletedAt(JdbcRows.time(row.get("deleted_at"), ZoneOffset.UTC))
        .build();
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
