/**
 * Taking over an existing auth system: {@link dev.gatehouse.imports.Importer} plans, runs (in
 * resumable batches), rolls back and resolves imports of {@link
 * dev.gatehouse.imports.api.LegacySource}s.
 */
@NullMarked
package dev.gatehouse.imports;

import org.jspecify.annotations.NullMarked;
