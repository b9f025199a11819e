package dev.gatehouse.core.mfa;

/**
 * Which second factors an account has, for a settings page. Carries no secret.
 *
 * @param totpEnabled whether a confirmed authenticator app guards the account's logins
 * @param totpPending whether an enrolment waits for its first code
 * @param recoveryCodesLeft how many unused recovery codes the account has
 */
public record SecondFactorStatus(boolean totpEnabled, boolean totpPending, int recoveryCodesLeft) {}
