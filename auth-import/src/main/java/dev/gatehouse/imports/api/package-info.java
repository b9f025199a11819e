/**
 * What the importer is given and what it answers, shared by its entry points in {@code
 * dev.gatehouse.imports} and its implementation: the legacy-source SPI ({@link
 * dev.gatehouse.imports.api.LegacySource}, {@link
 * dev.gatehouse.imports.api.LegacySource.LegacyRecord}, {@link
 * dev.gatehouse.imports.api.LegacyUser}), the options and policies of a run and a rollback, their
 * reports and their errors. Kept apart from the entry points so that the implementation, which
 * needs these types, does not depend back on the package that starts it.
 */
@NullMarked
package dev.gatehouse.imports.api;

import org.jspecify.annotations.NullMarked;
