package dev.gatehouse.core.store;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one of a module's own tables in one transaction ({@link ModuleTables#rows}): insert,
 * find by equal columns, update and delete, in the store's transaction the module was given, so
 * that they commit and roll back with the flow. Called as {@link ModuleTables} is: inside that
 * transaction, on its thread; not thread-safe.
 *
 * <p>A row is a map from column name (a lower-case SQL identifier) to value. The values a column
 * takes: {@link String}, {@link Integer}, {@link Long}, {@link Boolean}, {@link java.time.Instant}
 * (kept to the microsecond), {@link java.util.UUID} (stored, compared and answered as its
 * 36-character text, a {@link String}), {@code byte[]}, and {@code null}. A condition ({@code
 * where}) is every given column equal to its value, {@code null} matching a null column; the empty
 * map matches every row.
 *
 * <p>Bad input (a name that is not a lower-case identifier, a value of another type, an empty row
 * or {@code set}, a limit out of bounds) is refused with an {@link IllegalArgumentException} before
 * anything is read or written. A write that collides with a unique key is a {@link
 * StoreTransaction.DuplicateKeyException} on every store: a unique constraint of a relational
 * table, a unique key of the table's declaration ({@link ModuleTable}) in memory.
 *
 * <p>Counts, pages and range deletes are one statement each on a relational store, along the
 * table's indexes where it has them:
 *
 * <pre>{@code
 * long n = members.count(Map.of("cohort", "beta"));
 * List<Map<String, Object>> next =
 *     members.page(Map.of("cohort", "beta"), ModuleRows.Range.on("legacy_id").after(last), 100);
 * int gone = requests.delete(Map.of(), ModuleRows.Range.on("expires_at").before(now), 500);
 * }</pre>
 */
public interface ModuleRows {

  /**
   * Inserts one row.
   *
   * @param row the row's columns and values (columns left out take the table's defaults)
   * @throws IllegalArgumentException when the row is empty, or a name or value is refused
   * @throws StoreTransaction.DuplicateKeyException when a unique constraint is violated
   */
  void insert(Map<String, ?> row);

  /**
   * The rows whose every column in {@code where} equals its value, in no particular order.
   *
   * @param where the condition; the empty map for every row
   * @return the rows found, each with every column of the table (a UUID as its text, an integer
   *     column as an {@link Integer}, a big integer one as a {@link Long})
   * @throws IllegalArgumentException when a name or value is refused
   */
  List<Map<String, Object>> find(Map<String, ?> where);

  /**
   * Sets {@code set}'s columns on the rows {@code where} matches.
   *
   * @param where the condition; the empty map for every row
   * @param set the columns to change and their new values; not empty
   * @return how many rows matched
   * @throws IllegalArgumentException when {@code set} is empty, or a name or value is refused
   * @throws StoreTransaction.DuplicateKeyException when a unique constraint is violated
   */
  int update(Map<String, ?> where, Map<String, ?> set);

  /**
   * Deletes the rows {@code where} matches.
   *
   * @param where the condition; the empty map for every row
   * @return how many rows were deleted
   * @throws IllegalArgumentException when a name or value is refused
   */
  int delete(Map<String, ?> where);

  /**
   * The most rows a {@link #page} answers or a bounded {@link #delete(Map, Range, int)} deletes.
   */
  int MAX_LIMIT = 100_000;

  /**
   * How many rows {@code where} matches: a count, not a read of the rows.
   *
   * @param where the condition; the empty map for every row
   * @return the number of rows
   * @throws IllegalArgumentException when a name or value is refused
   */
  long count(Map<String, ?> where);

  /**
   * A page of the rows {@code where} matches within {@code range}, in the ascending order of the
   * range's column, at most {@code limit} of them: a keyset page, the next one read {@link
   * Range#after} the last row's value. A row whose column is null is in no page. The column should
   * be unique among the rows {@code where} matches (rows of equal values may fall between pages);
   * text is ordered as the database's collation orders it, which for lower-case ASCII letters,
   * digits, {@code -} and {@code _} is their code order on every store.
   *
   * <p>Keyset rather than offset: a page is one read along an index from the last value, as cheap
   * on the thousandth page as on the first, and rows written or deleted meanwhile neither repeat
   * nor skip a row of the next page.
   *
   * @param where the condition; the empty map for every row
   * @param range the column ordered by, and its bounds
   * @param limit the most rows answered, 1 to {@link #MAX_LIMIT}
   * @return the rows, as {@link #find} answers them
   * @throws IllegalArgumentException when a name, value or the limit is refused
   */
  List<Map<String, Object>> page(Map<String, ?> where, Range range, int limit);

  /**
   * Deletes at most {@code limit} of the rows {@code where} matches within {@code range} (which of
   * them, when more match, is the store's choice): a cleanup's batch, one statement that never
   * locks an unbounded number of rows. Called again until it answers less than {@code limit}.
   *
   * @param where the condition; the empty map for every row
   * @param range the column and its bounds
   * @param limit the most rows deleted, 1 to {@link #MAX_LIMIT}
   * @return how many rows were deleted
   * @throws IllegalArgumentException when a name, value or the limit is refused
   */
  int delete(Map<String, ?> where, Range range, int limit);

  /**
   * The rows whose {@code column} lies strictly between {@code after} and {@code before} (a missing
   * bound does not bound; a null column is in no range). A bound is a {@link String}, {@link
   * Integer}, {@link Long}, {@link java.time.Instant} or {@link java.util.UUID} (as its text).
   * Immutable.
   *
   * @param column the column
   * @param after the lower bound, excluded, or {@code null}
   * @param before the upper bound, excluded, or {@code null}
   */
  record Range(String column, @Nullable Object after, @Nullable Object before) {
    /**
     * @param column see the record description
     * @param after see the record description
     * @param before see the record description
     * @throws IllegalArgumentException when the column is not a lower-case identifier or a bound is
     *     of another type
     */
    public Range {
      ModuleTables.requireName(column);
      for (Object bound : java.util.Arrays.asList(after, before)) {
        if (!(bound == null
            || bound instanceof String
            || bound instanceof Integer
            || bound instanceof Long
            || bound instanceof java.time.Instant
            || bound instanceof java.util.UUID)) {
          throw new IllegalArgumentException(
              "a range of "
                  + column
                  + " is bounded by a String, Integer, Long, Instant or UUID, not a "
                  + bound.getClass().getName());
        }
      }
    }

    /**
     * {@return the unbounded range of {@code column}}
     *
     * @param column the column
     */
    public static Range on(String column) {
      return new Range(column, null, null);
    }

    /**
     * {@return this range, its rows' column greater than {@code value}}
     *
     * @param value the lower bound, excluded; {@code null} for none
     */
    public Range after(@Nullable Object value) {
      return new Range(column, value, before);
    }

    /**
     * {@return this range, its rows' column less than {@code value}}
     *
     * @param value the upper bound, excluded; {@code null} for none
     */
    public Range before(@Nullable Object value) {
      return new Range(column, after, value);
    }
  }

  /**
   * Checks a page's or a bounded delete's limit. For stores implementing this interface.
   *
   * @param limit the limit
   * @return {@code limit}
   * @throws IllegalArgumentException when it is not 1 to {@link #MAX_LIMIT}
   */
  static int requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "a limit of module rows is 1 to " + MAX_LIMIT + ", not " + limit);
    }
    return limit;
  }

  /**
   * Checks a row, condition or change before a store uses it: every name a lower-case identifier
   * ({@link ModuleTables#requireName}), every value one of the types a column takes. For stores
   * implementing this interface.
   *
   * @param values the columns and values
   * @return {@code values}
   * @throws IllegalArgumentException when a name or value is refused
   */
  static Map<String, ?> requireValues(Map<String, ?> values) {
    java.util.Objects.requireNonNull(values, "values");
    for (Map.Entry<String, ?> e : values.entrySet()) {
      ModuleTables.requireName(e.getKey());
      Object v = e.getValue();
      if (!(v == null
          || v instanceof String
          || v instanceof Integer
          || v instanceof Long
          || v instanceof Boolean
          || v instanceof java.time.Instant
          || v instanceof java.util.UUID
          || v instanceof byte[])) {
        throw new IllegalArgumentException(
            "column "
                + e.getKey()
                + " takes a String, Integer, Long, Boolean, Instant, UUID, byte[] or null, not a "
                + v.getClass().getName());
      }
    }
    return values;
  }
}
