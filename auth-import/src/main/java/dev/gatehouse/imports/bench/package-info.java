/**
 * The import throughput harness ({@link dev.gatehouse.imports.bench.ImportThroughput}); not API.
 */
package dev.gatehouse.imports.bench;
