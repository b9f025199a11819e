package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.organizations.OrganizationService.ConfigurationChanged;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps an organisation's one connection, of any protocol: its domains must be the organisation's
 * verified ones, the change is audited, and a required connection ends the sessions begun
 * otherwise. One path for OpenID Connect ({@link DefaultOrganizationSignIn#configure}) and another
 * module's protocol ({@link OrganizationProtocolSignIn#connect}).
 */
final class SsoConnections {
  private final SignInContext context;
  private final OrganizationStore store;
  private final DefaultOrganizationService orgs;

  SsoConnections(SignInContext context, OrganizationStore store, DefaultOrganizationService orgs) {
    this.context = context;
    this.store = store;
    this.orgs = orgs;
  }

  /** Saves the connection in {@code tx}, after the caller's permission and the domains' check. */
  SsoConnection save(
      StoreTransaction tx,
      UUID caller,
      UUID organization,
      String kind,
      URI issuer,
      String clientId,
      String sealedSecret,
      Set<String> domains,
      boolean required) {
    orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
    Set<String> verified =
        store.domains(tx, organization).stream()
            .filter(OrganizationDomain::verified)
            .map(OrganizationDomain::domain)
            .collect(Collectors.toSet());
    if (!verified.containsAll(domains)) {
      throw new RejectedInputException(
          OrganizationErrors.DOMAIN_NOT_VERIFIED,
          "the provider may answer only for the organisation's verified domains");
    }
    Instant now = context.clock().instant();
    Instant created = store.connection(tx, organization).map(SsoConnection::createdAt).orElse(now);
    SsoConnection c =
        new SsoConnection(
            organization, kind, issuer, clientId, sealedSecret, required, created, now);
    store.saveConnection(tx, c);
    store.setSignInDomains(tx, organization, domains);
    orgs.configured(
        tx,
        caller,
        organization,
        ConfigurationChanged.PROVIDER_CONFIGURED,
        (kind.equals(SsoConnection.OIDC) ? "" : kind + " ")
            + "issuer "
            + issuer
            + " required "
            + c.required()
            + " domains "
            + String.join(",", new TreeSet<>(domains)));
    if (c.required()) {
      endSessionsBeforeTheRequirement(tx, organization, domains, now);
    }
    return c;
  }

  /**
   * Ends, in the requirement's transaction, the live sessions of the organisation's members whose
   * address is of the required domains and that were not started through the organisation's own
   * sign-in ({@code amr} without {@value OrganizationSignIn#METHOD}), each as its logout does
   * ({@code SessionRevoked} with the reason {@value DefaultOrganizationSignIn#REQUIRED_REASON}, its
   * audit row). A refresh costs nothing more: the sessions are ended once, here, not checked at
   * each refresh. Bounded by the organisation's members; an account of the domain that is not a
   * member keeps its session, which cannot act for the organisation, until it ends (its next
   * sign-in is the organisation's).
   */
  private void endSessionsBeforeTheRequirement(
      StoreTransaction tx, UUID organization, Set<String> domains, Instant now) {
    for (Membership m : store.members(tx, organization)) {
      Optional<UserRecord> account = tx.users().findByPublicId(m.user());
      if (account.isEmpty()
          || account.get().email() == null
          || !domains.contains(DomainNames.domainOf(account.get().email()))) {
        continue;
      }
      for (SessionState session : tx.sessions().liveSessionsOf(m.user(), now)) {
        if (!session.amr().contains(OrganizationSignIn.METHOD)) {
          context
              .capability(ModuleSessions.class)
              .endSession(tx, m.user(), session.id(), DefaultOrganizationSignIn.REQUIRED_REASON);
        }
      }
    }
  }
}
