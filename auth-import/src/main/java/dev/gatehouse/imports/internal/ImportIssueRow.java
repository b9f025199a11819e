package dev.gatehouse.imports.internal;

import java.time.Instant;

/**
 * One decision of a run about a record it did not import as it stood ({@code gh_import_issue}).
 * Internal: not API.
 *
 * @param id the row's id
 * @param runId the run
 * @param batchId the batch, or null
 * @param sourceName the source's name
 * @param legacyId the record's legacy id, or null when it had none
 * @param sourceLine the record's line or position in the source
 * @param outcome what happened to it
 * @param reason why
 * @param detail more of why, or null
 * @param existingUserPublicId the account it collided with, or null
 * @param existingLegacyId that account's legacy id, or null
 * @param createdAt when
 */
public record ImportIssueRow(
    String id,
    String runId,
    String batchId,
    String sourceName,
    String legacyId,
    long sourceLine,
    String outcome,
    String reason,
    String detail,
    String existingUserPublicId,
    String existingLegacyId,
    Instant createdAt) {

  /** {@return the ids and the decision only: the detail may hold personal data} */
  @Override
  public String toString() {
    return "ImportIssueRow[" + id + ", " + outcome + ", " + reason + "]";
  }
}
