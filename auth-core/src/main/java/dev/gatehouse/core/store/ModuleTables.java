package dev.gatehouse.core.store;

import java.sql.Connection;
import java.util.Optional;

/**
 * A feature module's own tables, inside one {@link StoreTransaction} ({@link
 * StoreTransaction#moduleTables()}): the tables its changelog creates ({@link
 * dev.gatehouse.core.module.ModuleManifest#changelog}), read and written in the store's transaction
 * the module was given, so that what a module writes commits and rolls back with the flow (with the
 * host's transaction, when the store joined one). Every store implements it: the JPA store in plain
 * SQL with bind parameters on the host's connection of the transaction, the in-memory store in
 * memory; a module that works through {@link #rows} alone therefore works on every store.
 *
 * <p>Who may call it: a module's code running inside {@link AuthStore#inTransaction} (or a flow of
 * the sign-in SPI that hands it a transaction), on that transaction's thread, before the
 * transaction returns; never after it, and never on another thread. Not thread-safe, as its
 * transaction is not.
 *
 * <pre>{@code
 * ModuleRows keys = tx.moduleTables().rows("acme_api_key");
 * keys.insert(Map.of("key_hash", hash, "user_id", user, "created_at", now));
 * List<Map<String, Object>> mine = keys.find(Map.of("user_id", user));
 * }</pre>
 */
public interface ModuleTables {

  /**
   * The rows of one of the module's tables, in this transaction.
   *
   * @param table the table's name: a lower-case SQL identifier ({@code [a-z][a-z0-9_]*}, at most 63
   *     characters), a table of the module's own changelog
   * @return its rows, valid for this transaction only
   * @throws IllegalArgumentException when {@code table} is not a lower-case identifier
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when a relational store's
   *     database has no such table (the host did not include the module's changelog)
   */
  ModuleRows rows(String table);

  /**
   * The rows of one of the module's tables as its declaration says (see {@link ModuleTable}):
   * values checked against the declared types, every declared column answered in its type, and its
   * unique keys kept on every store (the in-memory one included).
   *
   * @param table the table's declaration
   * @return its rows, valid for this transaction only
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when a relational store's
   *     database has no such table, or lacks a declared column
   */
  ModuleRows rows(ModuleTable table);

  /**
   * Whether this store has one of the module's tables, for a module whose table is optional (its
   * changelog left out by a host that does without the feature). A relational store answers from
   * the tables its connection's unqualified statements reach (its schema, or PostgreSQL's search
   * path), never from another schema of the same database, and without a statement that could fail
   * (a failed statement ends a PostgreSQL transaction, which may be the host's).
   *
   * @param table the table's name, as for {@link #rows}
   * @return whether {@link #rows} can use it; always {@code true} on a store that keeps every
   *     module's table (the in-memory store)
   * @throws IllegalArgumentException when {@code table} is not a lower-case identifier
   */
  default boolean has(String table) {
    requireName(table);
    return true;
  }

  /**
   * The host's connection of this transaction, on a relational store. A module keeps its rows
   * through {@link #rows} (counts, keyset pages and bounded range deletes included), which works on
   * every store; since issue 95 the one main-code caller left is the organisations' JDBC store (a
   * join and a locking read on the host's tables), which {@code ArchitectureTest} holds to, and
   * this method goes when that store moves. It belongs to the transaction: the caller neither
   * commits, rolls back nor closes it, uses it on this thread only and not after the transaction
   * returns, and binds every value as a parameter. Empty on a store that is not relational (the
   * in-memory store).
   *
   * @return the connection, or empty on a store without one
   */
  Optional<Connection> connection();

  /**
   * Checks a table or column name before a store uses it: a lower-case SQL identifier, {@code
   * [a-z][a-z0-9_]*}, at most 63 characters (PostgreSQL's limit), so that a store may write it into
   * a statement as it is. For stores implementing this interface.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException when it is not one
   */
  static String requireName(String name) {
    if (name == null || name.length() > 63 || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "a module's table or column name is a lower-case SQL identifier ([a-z][a-z0-9_]*, at"
              + " most 63 characters), not "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }
}
