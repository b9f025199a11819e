package dev.gatehouse.core.migration;

/**
 * Whether the legacy system still serves some of the users during a cut-over in steps: a module
 * that moves users in steps ({@code auth-cohorts}) provides it as a feature ({@code
 * Gatehouse.Builder#feature(LegacyServing.class, ...)}), and {@code auth-legacy} keeps its way back
 * open while it answers {@code true}: the write-back of Gatehouse's changes to the legacy store and
 * the refresh tokens in the legacy format, beyond the end of their window ({@code
 * gatehouse.legacy.write-back.until}). Without such a feature the window alone decides.
 *
 * <p>Called on the path of every account change and refresh: implementations answer from memory and
 * are thread-safe.
 *
 * <pre>{@code
 * builder.feature(LegacyServing.class, context -> () -> cohortsOnLegacy() > 0);
 * }</pre>
 */
@FunctionalInterface
public interface LegacyServing {
  /** {@return whether the legacy system serves at least one user now} */
  boolean servesAnyone();
}
