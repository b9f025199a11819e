package dev.gatehouse.imports.api;

/**
 * What to do when an incoming user's email or phone (after case-folding and E.164) already belongs
 * to another account, in the target database or earlier in the same import. Every decision is
 * recorded with both ids (the incoming legacy id and the existing account's public id).
 */
public enum ConflictPolicy {
  /** Keep the existing account and leave the incoming user out (counted as skipped). */
  SKIP,
  /**
   * Map the incoming legacy id onto the account that is verified: if the existing account is
   * verified it is kept as it is (missing phone or email filled in); if only the incoming user is
   * verified, the existing account takes over its password hash and verification; if neither is
   * verified the incoming user is quarantined. Counted as updated.
   */
  MERGE,
  /** Put the incoming user aside in the quarantine for a person to decide (counted as such). */
  QUARANTINE
}
