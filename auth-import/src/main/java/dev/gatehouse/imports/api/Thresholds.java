package dev.gatehouse.imports.api;

/**
 * Limits that make a plan fail, each a percentage of the source's records; {@code null} means no
 * limit. A failed plan is a signal to fix the source or the options before running.
 *
 * @param maxUnsupportedHashesPercent users whose hash no login could verify
 * @param maxInvalidPhonesPercent users whose phone is not a valid number
 * @param maxQuarantinedPercent users that would be quarantined
 * @param maxUnreadablePercent rows that could not be read at all
 */
public record Thresholds(
    Double maxUnsupportedHashesPercent,
    Double maxInvalidPhonesPercent,
    Double maxQuarantinedPercent,
    Double maxUnreadablePercent) {

  /**
   * {@return the default limits: 1% unsupported hashes, 1% unreadable rows, no limit on the rest}
   */
  public static Thresholds defaults() {
    return new Thresholds(1.0, null, null, 1.0);
  }

  /** {@return thresholds with no limit at all, so a plan never fails on them} */
  public static Thresholds none() {
    return new Thresholds(null, null, null, null);
  }
}
