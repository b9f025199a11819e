/**
 * The import throughput harness ({@link dev.gatehouse.imports.bench.ImportThroughput}); not API.
 */
@NullMarked
package dev.gatehouse.imports.bench;

import org.jspecify.annotations.NullMarked;
