package dev.gatehouse.imports.internal;

import java.time.Instant;

/**
 * Which account one legacy id of a source became ({@code gh_import_mapping}). Internal: not API.
 *
 * @param id the row's id
 * @param sourceName the source's name
 * @param legacyId the legacy id
 * @param userPublicId the account's public id
 * @param action {@code CREATED} or {@code MERGED}
 * @param batchId the batch that wrote it
 * @param createdAt when
 */
public record ImportMappingRow(
    String id,
    String sourceName,
    String legacyId,
    String userPublicId,
    String action,
    String batchId,
    Instant createdAt) {

  /** {@return the ids only: a legacy id may be personal data} */
  @Override
  public String toString() {
    return "ImportMappingRow[" + id + ", " + userPublicId + "]";
  }
}
