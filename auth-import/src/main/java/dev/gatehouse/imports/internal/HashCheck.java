package dev.gatehouse.imports.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks (password, stored hash) pairs with Gatehouse's own verifier, without a database, so a team
 * can test its hash dump (encoding, salt order, pepper) before the import. Tallies per hash format;
 * never records or logs a password or a hash. Not thread-safe: one check per instance.
 *
 * <pre>{@code
 * HashCheck check = new HashCheck(hashing);
 * check.add(password, storedHash);   // for each pair
 * check.result().matchRate();        // 1.0 when the dump is right
 * }</pre>
 */
public final class HashCheck {
  private final PasswordHashing hashing;
  private final Map<String, long[]> perFormat = new TreeMap<>();

  /**
   * @param hashing the verifier the application will use
   */
  public HashCheck(PasswordHashing hashing) {
    this.hashing = requireNonNull(hashing, "hashing");
  }

  /**
   * Verifies one pair.
   *
   * @param password the known password, exactly
   * @param storedHash the stored hash
   * @return the outcome
   */
  public PasswordVerification add(String password, String storedHash) {
    requireNonNull(password, "password");
    PasswordVerification v = hashing.verify(password, storedHash);
    record(HashLabels.label(storedHash), v.matched());
    return v;
  }

  /** Counts one outcome of a check made elsewhere (a login replay) under a format label. */
  void record(String label, boolean matched) {
    long[] c = perFormat.computeIfAbsent(label, k -> new long[2]);
    c[0]++;
    if (matched) {
      c[1]++;
    }
  }

  /** {@return a snapshot of the tally so far, unaffected by later checks} */
  public Result result() {
    Map<String, Result.Tally> m = new TreeMap<>();
    perFormat.forEach((k, v) -> m.put(k, new Result.Tally(v[0], v[1])));
    return new Result(Map.copyOf(m));
  }

  /**
   * Per-format outcome of a check.
   *
   * @param formats format label (as in the plan) to its tally
   */
  public record Result(Map<String, Tally> formats) {
    /**
     * @param checked pairs checked
     * @param matched pairs whose password matched
     */
    public record Tally(long checked, long matched) {}

    /** {@return the number of pairs checked, over all formats} */
    public long checked() {
      return formats.values().stream().mapToLong(Tally::checked).sum();
    }

    /** {@return the number of pairs whose password matched, over all formats} */
    public long matched() {
      return formats.values().stream().mapToLong(Tally::matched).sum();
    }

    /** {@return matched / checked, or 1.0 when no pair was checked} */
    public double matchRate() {
      long c = checked();
      return c == 0 ? 1.0 : (double) matched() / c;
    }

    /** {@return a readable table, one line per format and a total} */
    public String summary() {
      StringBuilder s = new StringBuilder();
      formats.forEach(
          (k, t) ->
              s.append(
                  String.format(
                      java.util.Locale.ROOT, "  %-40s %6d / %-6d%n", k, t.matched(), t.checked())));
      s.append(
          String.format(
              java.util.Locale.ROOT,
              "  %-40s %6d / %-6d (%.1f%%)%n",
              "total",
              matched(),
              checked(),
              100 * matchRate()));
      return s.toString();
    }
  }
}
