package dev.gatehouse.core.config;

/**
 * Which accounts must have a second factor ({@code gatehouse.mfa.required}). An account the policy
 * covers that has none may still sign in during {@code gatehouse.mfa.enrolment-grace}, counted from
 * the first sign-in the policy covered; after it, its sign-in answers {@code
 * mfa_enrolment_required}, whose challenge only enrols an authenticator app.
 */
public enum SecondFactorRequirement {
  /** No account must have a second factor (the default). */
  NONE,
  /** Every account must have a second factor. */
  EVERYONE,
  /**
   * An account must have a second factor when one of its profiles has one of the roles in {@code
   * gatehouse.mfa.required-roles}.
   */
  ROLES
}
