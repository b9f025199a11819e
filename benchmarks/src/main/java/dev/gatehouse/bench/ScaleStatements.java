package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@link ScaleBench}'s reading of PostgreSQL's own execution time per statement ({@code
 * pg_stat_statements}, which counts planning apart and neither the network nor the commit's WAL
 * flush): taken before and after each of a schema's rounds, the difference added to that schema's
 * account, so that nothing run outside the rounds (the load, the warm-up, the cleanup's concurrent
 * sign-ins) is counted and each schema's statements are told apart by their run, not their text
 * (the two schemas run the same texts). Needs the extension preloaded and created in the database;
 * without it, says so once and counts nothing.
 */
final class ScaleStatements {
  /**
   * One statement text's calls, total execution milliseconds and, of them, the milliseconds spent
   * reading blocks from outside shared buffers ({@code track_io_timing}; 0 when it is off).
   */
  private record Usage(long calls, double ms, double readMs) {
    Usage plus(Usage o) {
      return new Usage(calls + o.calls, ms + o.ms, readMs + o.readMs);
    }

    Usage minus(Usage o) {
      return new Usage(calls - o.calls, ms - o.ms, readMs - o.readMs);
    }
  }

  private final Map<String, Map<String, Usage>> bySchema = new LinkedHashMap<>();
  private boolean available = true;

  /** The extension's rows of this database: query id to its text and cumulative usage. */
  private Map<Long, Map.Entry<String, Usage>> snapshot(BenchWorld w) {
    Map<Long, Map.Entry<String, Usage>> rows = new HashMap<>();
    if (!available) {
      return rows;
    }
    try (Connection c = w.db.connect();
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                // the read time's column was renamed in PostgreSQL 17
                "select queryid, query, calls, total_exec_time, coalesce((to_jsonb(s) ->>"
                    + " 'blk_read_time'), (to_jsonb(s) ->> 'shared_blk_read_time'), '0')::float8"
                    + " from public.pg_stat_statements s where dbid = (select oid from"
                    + " pg_database where datname = current_database()) and query not like"
                    + " '%pg_stat_statements%'")) {
      while (r.next()) {
        rows.put(
            r.getLong(1),
            Map.entry(r.getString(2), new Usage(r.getLong(3), r.getDouble(4), r.getDouble(5))));
      }
    } catch (SQLException e) {
      available = false;
      System.out.println("pg_stat_statements not read: " + e.getMessage());
    }
    return rows;
  }

  /** Runs one of {@code w}'s rounds, counting its statements to the schema {@code name}. */
  void round(String name, BenchWorld w, Runnable round) {
    Map<Long, Map.Entry<String, Usage>> before = snapshot(w);
    round.run();
    Map<Long, Map.Entry<String, Usage>> after = snapshot(w);
    Map<String, Usage> into = bySchema.computeIfAbsent(name, k -> new HashMap<>());
    after.forEach(
        (id, now) -> {
          Usage was = before.containsKey(id) ? before.get(id).getValue() : new Usage(0, 0, 0);
          Usage diff = now.getValue().minus(was);
          if (diff.calls > 0) {
            into.merge(now.getKey(), diff, Usage::plus);
          }
        });
  }

  /**
   * Prints, for each statement text called at least once per sample in the first schema's rounds,
   * its mean execution per call in both schemas and their ratio, the most time first, and the
   * execution of every statement per sample.
   */
  void print(String small, String large, long samples) {
    if (!available || !bySchema.containsKey(small) || !bySchema.containsKey(large)) {
      return;
    }
    Map<String, Usage> s = bySchema.get(small);
    Map<String, Usage> l = bySchema.get(large);
    System.out.printf(
        "%nPostgreSQL's execution per call (pg_stat_statements, the rounds only), ms:%n"
            + "| statement | calls per sample | %s | %s | ratio | of which reading blocks, %s |%n"
            + "|---|---:|---:|---:|---:|---:|%n",
        small, large, large);
    List<Map.Entry<String, Usage>> rows = new ArrayList<>(l.entrySet());
    rows.sort((a, b) -> Double.compare(b.getValue().ms, a.getValue().ms));
    for (Map.Entry<String, Usage> e : rows) {
      Usage a = s.get(e.getKey());
      Usage b = e.getValue();
      if (a == null || a.calls < samples) {
        continue;
      }
      double perA = a.ms / a.calls;
      double perB = b.ms / b.calls;
      String text = e.getKey().replaceAll("\\s+", " ");
      System.out.printf(
          "| `%s` | %.2f | %.4f | %.4f | %.2f | %.4f |%n",
          text.length() > 90 ? text.substring(0, 90) + "…" : text,
          a.calls / (double) samples,
          perA,
          perB,
          perB / perA,
          b.readMs / b.calls);
    }
    for (boolean yardstick : new boolean[] {false, true}) {
      double sumS = perSample(s, yardstick, Usage::ms) / samples;
      double sumL = perSample(l, yardstick, Usage::ms) / samples;
      double readS = perSample(s, yardstick, Usage::readMs) / samples;
      double readL = perSample(l, yardstick, Usage::readMs) / samples;
      System.out.printf(
          "%s: %.3f ms (%s), %.3f ms (%s), ratio %.2f; of which reading blocks %.3f ms and %.3f"
              + " ms%n",
          yardstick
              ? "the yardstick's statements per sample"
              : "the library's statements per sample (login, refresh, /me, code request)",
          sumS,
          small,
          sumL,
          large,
          sumL / sumS,
          readS,
          readL);
    }
  }

  private static double perSample(
      Map<String, Usage> schema, boolean yardstick, ToDoubleFunction<Usage> what) {
    return schema.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ScaleYardstick.MARK.trim()) == yardstick)
        .mapToDouble(e -> what.applyAsDouble(e.getValue()))
        .sum();
  }
}
