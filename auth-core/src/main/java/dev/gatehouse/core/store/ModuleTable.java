package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shape of one of a module's tables, declared beside the changelog that creates it: its columns
 * with their types, and its unique keys (its primary key among them). A module reads and writes the
 * table through {@link ModuleTables#rows(ModuleTable)}, and every store then keeps it alike: a
 * value of another type than its column's refused, a column's value answered as its type says (a
 * {@link Type#LONG} column's as a {@link Long} whatever integer type the database chose), every
 * declared column answered, and a write that collides with a unique key a {@link
 * StoreTransaction.DuplicateKeyException} in memory as in the database. Immutable, thread-safe.
 *
 * <pre>{@code
 * static final ModuleTable KEYS =
 *     ModuleTable.named("acme_api_key")
 *         .column("id", ModuleTable.Type.TEXT)
 *         .column("key_hash", ModuleTable.Type.TEXT)
 *         .column("created_at", ModuleTable.Type.INSTANT)
 *         .unique("id")
 *         .unique("key_hash")
 *         .build();
 * }</pre>
 */
public final class ModuleTable {

  /** The types a column takes, and the values each accepts. */
  public enum Type {
    /** Text: a {@link String}, or a {@link java.util.UUID} kept as its 36-character text. */
    TEXT,
    /** A 32-bit integer: an {@link Integer}. */
    INT,
    /** A 64-bit integer: a {@link Long}, or an {@link Integer} widened to one. */
    LONG,
    /** A {@link Boolean}. */
    BOOLEAN,
    /** A {@link java.time.Instant}, kept to the microsecond. */
    INSTANT,
    /** Bytes: a {@code byte[]}. */
    BYTES;

    /**
     * {@return {@code value} as a column of this type keeps it: a UUID as its text, an integer of a
     * {@link #LONG} column as a {@link Long}; {@code null} stays {@code null}}
     *
     * @param column the column's name, for the message
     * @param value the value
     * @throws IllegalArgumentException when the type takes no such value
     */
    public @Nullable Object accept(String column, @Nullable Object value) {
      if (value == null) {
        return null;
      }
      Object kept =
          switch (this) {
            case TEXT ->
                value instanceof String || value instanceof java.util.UUID
                    ? value.toString()
                    : null;
            case INT -> value instanceof Integer ? value : null;
            case LONG ->
                value instanceof Long || value instanceof Integer
                    ? ((Number) value).longValue()
                    : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case INSTANT -> value instanceof java.time.Instant ? value : null;
            case BYTES -> value instanceof byte[] ? value : null;
          };
      if (kept == null) {
        throw new IllegalArgumentException(
            "column " + column + " is " + this + ", not a " + value.getClass().getName());
      }
      return kept;
    }
  }

  private final String name;
  private final Map<String, Type> columns;
  private final List<List<String>> uniqueKeys;

  private ModuleTable(Builder b) {
    this.name = b.name;
    this.columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.columns));
    this.uniqueKeys = List.copyOf(b.uniqueKeys);
  }

  /**
   * Starts the declaration of a table.
   *
   * @param name the table's name, a lower-case identifier ({@link ModuleTables#requireName})
   * @return the builder
   * @throws IllegalArgumentException when the name is not one
   */
  public static Builder named(String name) {
    return new Builder(ModuleTables.requireName(name));
  }

  /** {@return the table's name} */
  public String name() {
    return name;
  }

  /** {@return the columns and their types, in the order declared} */
  public Map<String, Type> columns() {
    return columns;
  }

  /** {@return the unique keys, each the columns it is made of} */
  public List<List<String>> uniqueKeys() {
    return uniqueKeys;
  }

  /**
   * {@return {@code values} as this table's columns keep them ({@link Type#accept})}
   *
   * @param values a row, condition or change, its names and values checked ({@link
   *     ModuleRows#requireValues})
   * @throws IllegalArgumentException when a column is not declared or takes no such value
   */
  public Map<String, Object> accept(Map<String, ?> values) {
    ModuleRows.requireValues(values);
    Map<String, Object> kept = new LinkedHashMap<>();
    values.forEach((column, value) -> kept.put(column, type(column).accept(column, value)));
    return kept;
  }

  /**
   * {@return the column's type}
   *
   * @param column the column
   * @throws IllegalArgumentException when the table declares no such column
   */
  public Type type(String column) {
    Type type = columns.get(column);
    if (type == null) {
      throw new IllegalArgumentException(name + " has no column " + column);
    }
    return type;
  }

  @Override
  public String toString() {
    return "ModuleTable[" + name + " " + columns + ", unique " + uniqueKeys + "]";
  }

  /** Builds a {@link ModuleTable}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Map<String, Type> columns = new LinkedHashMap<>();
    private final List<List<String>> uniqueKeys = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Declares a column.
     *
     * @param column its name, a lower-case identifier
     * @param type its type
     * @return this builder
     * @throws IllegalArgumentException when the name is refused or declared already
     */
    public Builder column(String column, Type type) {
      requireNonNull(type, "type");
      if (columns.putIfAbsent(ModuleTables.requireName(column), type) != null) {
        throw new IllegalArgumentException(name + " declares column " + column + " twice");
      }
      return this;
    }

    /**
     * Declares a unique key (the primary key is one): no two rows whose key columns are all not
     * null have equal values in them.
     *
     * @param keyColumns its columns, declared already
     * @return this builder
     * @throws IllegalArgumentException when there is none, or one is not a declared column
     */
    public Builder unique(String... keyColumns) {
      if (keyColumns.length == 0) {
        throw new IllegalArgumentException("a unique key of " + name + " has no column");
      }
      for (String column : keyColumns) {
        if (!columns.containsKey(column)) {
          throw new IllegalArgumentException(name + " has no column " + column + " to key");
        }
      }
      uniqueKeys.add(List.of(keyColumns));
      return this;
    }

    /**
     * {@return the table}
     *
     * @throws IllegalArgumentException when it has no column
     */
    public ModuleTable build() {
      if (columns.isEmpty()) {
        throw new IllegalArgumentException(name + " declares no column");
      }
      return new ModuleTable(this);
    }
  }
}
