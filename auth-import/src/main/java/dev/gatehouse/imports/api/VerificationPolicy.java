package dev.gatehouse.imports.api;

/** How the verification status of imported emails and phones is decided. */
public enum VerificationPolicy {
  /** Carry over what the legacy system recorded; what it did not record is unverified. */
  CARRY_OVER,
  /**
   * Treat every imported email and phone as verified, for a legacy system that only let verified
   * users in (an explicit decision of the operator, never a default).
   */
  ASSUME_VERIFIED
}
