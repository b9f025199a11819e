package dev.gatehouse.core.store;

import java.util.List;
import java.util.Map;

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
 * or {@code set}) is refused with an {@link IllegalArgumentException} before anything is read or
 * written. A unique constraint of a relational table violated by a write is a {@link
 * StoreTransaction.DuplicateKeyException}.
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
