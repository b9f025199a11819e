package dev.gatehouse.imports.internal;

import java.time.Instant;

/**
 * One import run of a source ({@code gh_import_run}). Internal: not API.
 *
 * @param id the run's id
 * @param sourceName the source's name
 * @param status {@code RUNNING}, {@code FAILED}, {@code STOPPED}, {@code COMPLETED} or {@code
 *     ROLLED_BACK}
 * @param options the run's options as recorded, or null
 * @param startedAt when it started
 * @param finishedAt when it ended for good, or null while it can be resumed
 * @param error why it stopped, or null
 */
public record ImportRunRow(
    String id,
    String sourceName,
    String status,
    String options,
    Instant startedAt,
    Instant finishedAt,
    String error) {}
