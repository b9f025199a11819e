package dev.gatehouse.cohorts.proxy;

import dev.gatehouse.cohorts.CohortMember;
import java.util.Optional;
import java.util.UUID;

/**
 * The host's look-up of legacy accounts, which {@link CohortForwarding} asks who a request is of:
 * by the identifier a sign-in names, by the legacy id a legacy token carries, and by the Gatehouse
 * account a Gatehouse token names (the account a legacy user became, e.g. through the importer's
 * mapping). Called on the request's thread for every request the filter decides, so it must be
 * thread-safe and quick (an indexed read); it must take the same time for an identifier it does not
 * know as for one it does, as far as the host can make it.
 */
public interface LegacyDirectory {
  /**
   * The legacy account a sign-in names.
   *
   * @param identifier the identifier as the client sent it (an email, a username, a phone)
   * @return the account, or empty when the legacy system has none
   */
  Optional<CohortMember> byIdentifier(String identifier);

  /**
   * The legacy account of a legacy id (the user id claim of a legacy token).
   *
   * @param legacyId the legacy id
   * @return the account, or empty when the legacy system has none
   */
  Optional<CohortMember> byLegacyId(String legacyId);

  /**
   * The legacy account a Gatehouse account was, for a Gatehouse token.
   *
   * @param account the Gatehouse account's public id (the token's subject)
   * @return the legacy account, or empty for an account that was never a legacy one
   */
  Optional<CohortMember> byAccount(UUID account);
}
