/**
 * What a feature module declares it brings, read once at {@code Gatehouse.Builder#build()}: its
 * {@link dev.gatehouse.core.module.ModuleManifest}. Each kind of entry joins the one catalogue of
 * its kind (error codes, counters and limits, templates, changelogs, events, and contributions a
 * layer above the core reads, such as the web module's routes), so a module written in a team's own
 * repository owns its codes, limits, tables and routes without an edit of Gatehouse.
 */
@NullMarked
package dev.gatehouse.core.module;

import org.jspecify.annotations.NullMarked;
