package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.StoreTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store's {@link dev.gatehouse.core.store.ModuleTables} must have, as tests: a
 * module's rows inserted, found by equal columns, updated and deleted with the counts answered;
 * every value type coming back as written (an instant to the microsecond, a UUID as its text,
 * bytes, null); a failed transaction leaving nothing of what it wrote; bad names, values of another
 * type and an empty change refused, changing nothing; and, on a relational store, the transaction's
 * connection seeing the transaction's rows. Gatehouse's in-memory store passes it, and the JPA
 * store on H2, PostgreSQL and MariaDB.
 *
 * <p>A store certifies itself by extending this class in its own tests and answering {@link
 * #store()}. The tests write to one table, {@value #TABLE}, which a relational store's database
 * must have (each test writes only rows of its own):
 *
 * <pre>{@code
 * create table module_contract_row (
 *   id varchar(36) primary key, label varchar(100), amount int, total bigint, flag boolean,
 *   seen_at timestamp(6) with time zone, -- the changelogs' gatehouse.timestamp
 *   owner varchar(36),
 *   secret varbinary(64)            -- bytea on PostgreSQL
 * )
 * }</pre>
 */
public abstract class ModuleTablesContract {
  /** The table the tests write to. */
  public static final String TABLE = "module_contract_row";

  private static final Instant AT = Instant.parse("2026-03-01T10:00:00.123456Z");

  /** For subclasses. */
  protected ModuleTablesContract() {}

  /**
   * @return the store under test; it may be the same instance for every test
   */
  public abstract AuthStore store();

  private <T> T inTx(Function<ModuleRows, T> work) {
    return store().inTransaction(tx -> work.apply(tx.moduleTables().rows(TABLE)));
  }

  private static Map<String, Object> row(String id, String owner) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("label", "first");
    row.put("amount", 7);
    row.put("total", 9_000_000_000L);
    row.put("flag", true);
    row.put("seen_at", AT);
    row.put("owner", owner);
    row.put("secret", new byte[] {1, 2, 3, -1});
    return row;
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  /**
   * The store has the module's table, and a name that is not a lower-case identifier is refused.
   */
  @Test
  public void theModulesTableIsThereAndABadNameIsRefused() {
    store()
        .inTransaction(
            tx -> {
              org.junit.jupiter.api.Assertions.assertTrue(tx.moduleTables().has(TABLE));
              org.junit.jupiter.api.Assertions.assertThrows(
                  IllegalArgumentException.class, () -> tx.moduleTables().has("Module-Row"));
              return null;
            });
  }

  /**
   * A row is found by any of its columns, updated and deleted, each answering how many rows it
   * touched.
   */
  @Test
  public void aRowInsertedIsFoundByItsColumnsAndUpdatedAndDeletedWithTheCountsAnswered() {
    String owner = id();
    String one = id();
    String two = id();
    inTx(
        rows -> {
          rows.insert(row(one, owner));
          rows.insert(row(two, owner));
          return null;
        });

    assertEquals(2, inTx(rows -> rows.find(Map.of("owner", owner))).size());
    assertEquals(1, inTx(rows -> rows.find(Map.of("owner", owner, "id", one))).size());
    assertEquals(
        1,
        inTx(rows ->
                rows.find(Map.of("id", two, "seen_at", AT, "flag", true, "total", 9_000_000_000L)))
            .size());
    assertTrue(inTx(rows -> rows.find(Map.of("owner", owner, "amount", 8))).isEmpty());
    assertTrue(inTx(rows -> rows.find(Map.of())).size() >= 2, "the empty map finds every row");

    assertEquals(
        1,
        (int)
            inTx(rows -> rows.update(Map.of("id", one), Map.of("label", "changed", "amount", 8))));
    Map<String, Object> changed = inTx(rows -> rows.find(Map.of("id", one))).get(0);
    assertEquals("changed", changed.get("label"));
    assertEquals(8, changed.get("amount"));
    assertEquals("first", inTx(rows -> rows.find(Map.of("id", two))).get(0).get("label"));
    assertEquals(2, (int) inTx(rows -> rows.update(Map.of("owner", owner), Map.of("flag", false))));
    assertEquals(0, (int) inTx(rows -> rows.update(Map.of("id", id()), Map.of("flag", true))));

    assertEquals(1, (int) inTx(rows -> rows.delete(Map.of("id", one, "owner", owner))));
    assertEquals(0, (int) inTx(rows -> rows.delete(Map.of("id", one))));
    assertEquals(List.of(two), ids(inTx(rows -> rows.find(Map.of("owner", owner)))));
    assertEquals(1, (int) inTx(rows -> rows.delete(Map.of("owner", owner))));
    assertTrue(inTx(rows -> rows.find(Map.of("owner", owner))).isEmpty());
  }

  /** Every value type comes back as written: an instant to the microsecond, a UUID as its text. */
  @Test
  public void everyValueTypeComesBackAsWrittenAnInstantToTheMicrosecondAndAUuidAsItsText() {
    String id = id();
    UUID owner = UUID.randomUUID();
    Map<String, Object> written = row(id, null);
    written.put("owner", owner);
    written.put("seen_at", AT.plusNanos(789)); // below the microsecond: not kept
    inTx(
        rows -> {
          rows.insert(written);
          return null;
        });

    Map<String, Object> read = inTx(rows -> rows.find(Map.of("owner", owner))).get(0);
    assertEquals(id, read.get("id"));
    assertEquals("first", read.get("label"));
    assertEquals(7, read.get("amount"));
    assertEquals(9_000_000_000L, read.get("total"));
    assertEquals(true, read.get("flag"));
    assertEquals(AT, read.get("seen_at"));
    assertEquals(owner.toString(), read.get("owner"));
    assertArrayEquals(new byte[] {1, 2, 3, -1}, (byte[]) read.get("secret"));
    assertEquals(
        1, inTx(rows -> rows.find(Map.of("secret", new byte[] {1, 2, 3, -1}, "id", id))).size());
    assertEquals(1, inTx(rows -> rows.find(Map.of("owner", owner.toString()))).size());

    Map<String, Object> nulls = new HashMap<>();
    for (String column : List.of("label", "amount", "total", "flag", "seen_at", "secret")) {
      nulls.put(column, null);
    }
    assertEquals(1, (int) inTx(rows -> rows.update(Map.of("id", id), nulls)));
    Map<String, Object> cleared = inTx(rows -> rows.find(Map.of("id", id))).get(0);
    for (String column : nulls.keySet()) {
      assertTrue(cleared.containsKey(column), column + " is answered");
      assertNull(cleared.get(column), column);
    }
    Map<String, Object> nullLabel = new HashMap<>();
    nullLabel.put("label", null);
    nullLabel.put("id", id);
    assertEquals(1, inTx(rows -> rows.find(nullLabel)).size(), "null matches a null column");
  }

  /** A transaction that fails leaves none of the rows it wrote. */
  @Test
  public void aFailedTransactionLeavesNothingOfWhatItWrote() {
    String owner = id();
    String kept = id();
    inTx(
        rows -> {
          rows.insert(row(kept, owner));
          return null;
        });
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                store()
                    .inTransaction(
                        tx -> {
                          ModuleRows rows = tx.moduleTables().rows(TABLE);
                          rows.insert(row(id(), owner));
                          rows.update(Map.of("id", kept), Map.of("label", "changed"));
                          rows.delete(Map.of("id", kept));
                          throw new IllegalStateException("the flow failed");
                        }));
    assertEquals("the flow failed", failure.getMessage());

    List<Map<String, Object>> left = inTx(rows -> rows.find(Map.of("owner", owner)));
    assertEquals(List.of(kept), ids(left));
    assertEquals("first", left.get(0).get("label"));
  }

  /** Bad names, values of another type and an empty change are refused and change nothing. */
  @Test
  public void badNamesValuesOfAnotherTypeAndAnEmptyChangeAreRefusedAndChangeNothing() {
    String owner = id();
    String id = id();
    inTx(
        rows -> {
          rows.insert(row(id, owner));
          return null;
        });
    store()
        .inTransaction(
            tx -> {
              for (String table : List.of("Module_row", "1row", "row-x", "row; drop table x", "")) {
                assertThrows(
                    IllegalArgumentException.class, () -> tx.moduleTables().rows(table), table);
              }
              ModuleRows rows = tx.moduleTables().rows(TABLE);
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.insert(Map.of("id", id(), "Owner", owner)));
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.insert(Map.of("id", id(), "owner", owner, "amount", 1.5d)));
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.insert(Map.of("id", id(), "seen_at", new java.util.Date())));
              assertThrows(IllegalArgumentException.class, () -> rows.insert(Map.of()));
              assertThrows(
                  IllegalArgumentException.class, () -> rows.update(Map.of("id", id), Map.of()));
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.update(Map.of("id", id), Map.of("label x", "changed")));
              assertThrows(
                  IllegalArgumentException.class, () -> rows.find(Map.of("owner or 1=1", owner)));
              assertThrows(
                  IllegalArgumentException.class, () -> rows.delete(Map.of("1=1 or owner", owner)));
              // The transaction goes on after a refusal, and commits.
              rows.update(Map.of("id", id), Map.of("label", "after"));
              return null;
            });
    List<Map<String, Object>> left = inTx(rows -> rows.find(Map.of("owner", owner)));
    assertEquals(List.of(id), ids(left));
    assertEquals("after", left.get(0).get("label"));
    assertEquals(7, left.get(0).get("amount"));
  }

  /** A relational store's connection is the transaction's own and sees the rows it wrote. */
  @Test
  public void aRelationalStoresConnectionIsTheTransactionsAndSeesItsRows() {
    String owner = id();
    String id = id();
    Optional<Long> seen =
        store()
            .inTransaction(
                (StoreTransaction tx) -> {
                  tx.moduleTables().rows(TABLE).insert(row(id, owner));
                  return tx.moduleTables().connection().map(c -> count(c, owner));
                });
    seen.ifPresent(n -> assertEquals(1L, n, "the connection sees the transaction's row"));
    assertEquals(1, inTx(rows -> rows.find(Map.of("owner", owner))).size());
  }

  private static long count(Connection c, String owner) {
    try (PreparedStatement s =
        c.prepareStatement("select count(*) from " + TABLE + " where owner = ?")) {
      s.setString(1, owner);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Object> ids(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> r.get("id")).toList();
  }
}
