package dev.gatehouse.spring.boot.actuate;

/**
 * The status of the host's sync from the legacy system ({@code auth-import}'s {@code LegacySync})
 * as the gauges and health read it: a type of this package, so that neither loads {@code
 * auth-import} when it is not on the class path.
 *
 * @param backlog changes written on the legacy side and not read yet
 * @param delaySeconds how long the oldest of them has waited
 * @param conflicts conflicts counted since the sync began
 */
record LegacySyncReading(long backlog, long delaySeconds, long conflicts) {}
