/**
 * Gatehouse's performance budget: JMH benchmarks that set each library path beside the raw call it
 * wraps ({@link dev.gatehouse.bench.HashingBenchmark}, {@link dev.gatehouse.bench.TokenBenchmark}),
 * an end-to-end harness over a real database ({@link dev.gatehouse.bench.Harness}) and the launcher
 * that runs both and prints the ratios ({@link dev.gatehouse.bench.BenchMain}). Not API; run with
 * {@code benchmarks/run.sh quick|full}.
 */
package dev.gatehouse.bench;
