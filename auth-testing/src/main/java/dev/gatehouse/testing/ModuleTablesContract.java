package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleRows.Range;
import dev.gatehouse.core.store.ModuleTable;
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

  // snippet:start declare
  /** The table's declaration, as a module declares its tables beside its changelog. */
  public static final ModuleTable DECLARED =
      ModuleTable.named(TABLE)
          .column("id", ModuleTable.Type.TEXT)
          .column("label", ModuleTable.Type.TEXT)
          .column("amount", ModuleTable.Type.INT)
          .column("total", ModuleTable.Type.LONG)
          .column("flag", ModuleTable.Type.BOOLEAN)
          .column("seen_at", ModuleTable.Type.INSTANT)
          .column("owner", ModuleTable.Type.TEXT)
          .column("secret", ModuleTable.Type.BYTES)
          .unique("id")
          .build();

  // snippet:end declare

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

  private <T> T declared(Function<ModuleRows, T> work) {
    return store().inTransaction(tx -> work.apply(tx.moduleTables().rows(DECLARED)));
  }

  /** Inserts rows of one owner labelled {@code labels}, the i-th with amount i and total i. */
  private void insertLabelled(String owner, List<String> labels) {
    inTx(
        rows -> {
          for (int i = 0; i < labels.size(); i++) {
            Map<String, Object> row = row(id(), owner);
            row.put("label", labels.get(i));
            row.put("amount", i);
            row.put("total", (long) i);
            row.put("seen_at", AT.plusSeconds(i));
            rows.insert(row);
          }
          return null;
        });
  }

  private static List<Object> labels(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> r.get("label")).toList();
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

  /** A count answers how many rows a condition matches, without reading them. */
  @Test
  public void aCountAnswersHowManyRowsTheConditionMatches() {
    String owner = id();
    insertLabelled(owner, List.of("a", "b", "c"));
    assertEquals(3L, (long) inTx(rows -> rows.count(Map.of("owner", owner))));
    assertEquals(1L, (long) inTx(rows -> rows.count(Map.of("owner", owner, "amount", 1))));
    assertEquals(0L, (long) inTx(rows -> rows.count(Map.of("owner", id()))));
    assertTrue(inTx(rows -> rows.count(Map.of())) >= 3L, "the empty map counts every row");
    assertEquals(3L, (long) declared(rows -> rows.count(Map.of("owner", UUID.fromString(owner)))));
  }

  /**
   * Pages come in the order of the range's column, at most the limit, each next one after the last
   * row's value, none repeated nor skipped, and a null column in none.
   */
  @Test
  public void keysetPagesComeInOrderAtMostTheLimitWithNoRowRepeatedOrSkipped() {
    String owner = id();
    insertLabelled(owner, List.of("k05", "k01", "k07", "k03", "k02", "k06", "k04"));
    Map<String, Object> unlabelled = row(id(), owner);
    unlabelled.put("label", null);
    unlabelled.put("total", null);
    unlabelled.put("seen_at", null);
    inTx(
        rows -> {
          rows.insert(unlabelled);
          return null;
        });

    List<Object> seen = new java.util.ArrayList<>();
    Object after = null;
    while (true) {
      Range range = Range.on("label").after(after);
      // snippet:start page
      List<Map<String, Object>> page =
          store()
              .inTransaction(
                  tx -> tx.moduleTables().rows(DECLARED).page(Map.of("owner", owner), range, 3));
      // snippet:end page
      assertTrue(page.size() <= 3, "at most the limit");
      if (page.isEmpty()) {
        break;
      }
      seen.addAll(labels(page));
      after = page.get(page.size() - 1).get("label");
    }
    assertEquals(List.of("k01", "k02", "k03", "k04", "k05", "k06", "k07"), seen);

    assertEquals(
        List.of("k03", "k04"),
        labels(
            inTx(
                rows ->
                    rows.page(
                        Map.of("owner", owner),
                        Range.on("label").after("k02").before("k05"),
                        10))));
    assertEquals(
        List.of("k05", "k01"),
        labels(
            inTx(
                rows ->
                    rows.page(
                        Map.of("owner", owner),
                        Range.on("seen_at").before(AT.plusSeconds(2)),
                        5))));
    assertEquals(
        List.of("k06", "k04"),
        labels(declared(rows -> rows.page(Map.of("owner", owner), Range.on("total").after(4), 5))));
    Map<String, Object> first =
        inTx(rows -> rows.page(Map.of("owner", owner), Range.on("label"), 1)).get(0);
    assertEquals("k01", first.get("label"));
    assertEquals(8, first.size(), "a page's row has every column, as find answers it");
  }

  /**
   * A bounded range delete deletes at most its limit of the rows in its range and condition, and
   * nothing outside them.
   */
  @Test
  public void aBoundedRangeDeleteDeletesAtMostItsLimitOfTheRowsInRangeAndNoOther() {
    String owner = id();
    String other = id();
    insertLabelled(owner, List.of("d0", "d1", "d2", "d3", "d4", "d5"));
    insertLabelled(other, List.of("d0", "d1"));
    Range expired = Range.on("seen_at").before(AT.plusSeconds(4)); // d0 to d3

    assertEquals(3, (int) inTx(rows -> rows.delete(Map.of("owner", owner), expired, 3)));
    assertEquals(1, (int) inTx(rows -> rows.delete(Map.of("owner", owner), expired, 3)));
    assertEquals(0, (int) inTx(rows -> rows.delete(Map.of("owner", owner), expired, 3)));
    assertEquals(
        List.of("d4", "d5"),
        labels(inTx(rows -> rows.page(Map.of("owner", owner), Range.on("label"), 10))));
    assertEquals(2L, (long) inTx(rows -> rows.count(Map.of("owner", other))), "another's stay");

    assertEquals(
        1,
        (int)
            declared(rows -> rows.delete(Map.of("owner", owner), Range.on("total").after(4), 10)));
    assertEquals(List.of("d4"), labels(inTx(rows -> rows.find(Map.of("owner", owner)))));
  }

  /** A limit out of bounds and a bound of another type are refused, changing nothing. */
  @Test
  public void aLimitOutOfBoundsAndABadBoundAreRefused() {
    String owner = id();
    insertLabelled(owner, List.of("x"));
    store()
        .inTransaction(
            tx -> {
              ModuleRows rows = tx.moduleTables().rows(TABLE);
              for (int limit : new int[] {0, -1, ModuleRows.MAX_LIMIT + 1}) {
                assertThrows(
                    IllegalArgumentException.class,
                    () -> rows.page(Map.of(), Range.on("label"), limit));
                assertThrows(
                    IllegalArgumentException.class,
                    () -> rows.delete(Map.of(), Range.on("label"), limit));
              }
              assertThrows(IllegalArgumentException.class, () -> Range.on("flag").after(true));
              assertThrows(IllegalArgumentException.class, () -> Range.on("Label"));
              assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      tx.moduleTables()
                          .rows(DECLARED)
                          .page(Map.of(), Range.on("seen_at").after("x"), 1));
              return null;
            });
    assertEquals(1L, (long) inTx(rows -> rows.count(Map.of("owner", owner))));
  }

  /**
   * A write that collides with a unique key is the one typed exception on every store, and the
   * transaction that made it leaves nothing.
   */
  @Test
  public void aUniqueKeyCollisionIsADuplicateKeyExceptionOnEveryStore() {
    String owner = id();
    String id = id();
    String other = id();
    declared(
        rows -> {
          rows.insert(row(id, owner));
          rows.insert(row(other, owner));
          return null;
        });
    assertThrows(
        StoreTransaction.DuplicateKeyException.class,
        () ->
            declared(
                rows -> {
                  rows.insert(row(id(), owner));
                  rows.insert(row(id, owner));
                  return null;
                }));
    assertThrows(
        StoreTransaction.DuplicateKeyException.class,
        () -> declared(rows -> rows.update(Map.of("id", other), Map.of("id", id))));
    assertEquals(
        List.of(id, other).stream().sorted().toList(),
        ids(declared(rows -> rows.find(Map.of("owner", owner)))).stream()
            .map(String.class::cast)
            .sorted()
            .toList());
    assertEquals(1, (int) declared(rows -> rows.update(Map.of("id", id), Map.of("id", id))));
  }

  /**
   * A declared table's values are checked against their columns' types, an integer of a long column
   * comes back a long, and every declared column is answered.
   */
  @Test
  public void aDeclaredTablesTypesAreCheckedAndEveryColumnAnsweredInItsType() {
    String id = id();
    declared(
        rows -> {
          rows.insert(Map.of("id", id, "total", 5, "owner", UUID.fromString(id)));
          return null;
        });
    Map<String, Object> read = declared(rows -> rows.find(Map.of("id", id))).get(0);
    assertEquals(5L, read.get("total"));
    assertEquals(id, read.get("owner"));
    assertEquals(DECLARED.columns().keySet(), read.keySet());
    assertNull(read.get("label"));
    store()
        .inTransaction(
            tx -> {
              ModuleRows rows = tx.moduleTables().rows(DECLARED);
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.insert(Map.of("id", id(), "seen_at", "now")));
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.insert(Map.of("id", id(), "amount", 5L)));
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.insert(Map.of("id", id(), "nowhere", 1)));
              assertThrows(
                  IllegalArgumentException.class,
                  () -> rows.update(Map.of("id", id), Map.of("flag", "yes")));
              return null;
            });
    assertEquals(1L, (long) inTx(rows -> rows.count(Map.of("id", id))));
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
