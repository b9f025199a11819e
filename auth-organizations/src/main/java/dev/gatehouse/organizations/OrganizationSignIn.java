package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An organisation's email domains and its own sign-in (enterprise single sign-on over OpenID
 * Connect): the organisation proves it holds a domain, registers its identity provider for some of
 * its verified domains, and may require it. An email-first sign-in ({@link #start}) finds the
 * organisation from the address's domain and sends the browser to its provider; the callback
 * ({@link #complete}) signs the user in, creating the account and the membership on a first
 * sign-in. The management calls need {@link OrganizationRole#SIGN_IN_MANAGE} (the owner's), and
 * answer as {@link OrganizationService}'s do for a non-member. Thread-safe.
 *
 * <pre>{@code
 * OrganizationSignIn sso = gatehouse.feature(OrganizationSignIn.class);
 * OrganizationDomain d = sso.addDomain(alice, acme.id(), "acme.example");
 * // publish d.challenge() as a TXT record at d.recordName(), then:
 * sso.verifyDomain(alice, acme.id(), "acme.example");
 * sso.configure(alice, acme.id(), new SsoSettings(issuer, "client", secret, Set.of("acme.example"), true));
 * Redirect r = sso.start("bob@acme.example", callback, client);   // send the browser to r.authorizationUri()
 * SignInResult in = sso.complete(state, code, client);    // at the callback
 * }</pre>
 */
public interface OrganizationSignIn {

  /** The sign-in method this sign-in is named by in events and {@code amr}. */
  String METHOD = "organization_sso";

  /**
   * Claims a domain for the organisation, not yet verified; claiming it again answers the claim as
   * it stands.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param domain the domain ({@code acme.example}), any case
   * @return the claim, with the challenge to publish
   * @throws RejectedInputException {@code invalid_name} for a malformed domain
   */
  OrganizationDomain addDomain(UUID caller, UUID organization, String domain);

  /**
   * Verifies a claimed domain: asks the {@link DomainVerifier} (outside any transaction) whether
   * the challenge is published there.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param domain the domain
   * @return the domain, verified
   * @throws RejectedInputException {@code domain_not_verified} when the challenge is not found;
   *     {@code duplicate} when another organisation verified the domain first
   */
  OrganizationDomain verifyDomain(UUID caller, UUID organization, String domain);

  /**
   * {@return the organisation's domains, verified or not}
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  List<OrganizationDomain> domains(UUID caller, UUID organization);

  /**
   * Gives up a domain: its addresses no longer sign in through the organisation.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param domain the domain
   */
  void removeDomain(UUID caller, UUID organization, String domain);

  /**
   * Lets accounts whose verified address is of one of the organisation's verified domains join it
   * by themselves as members ({@link #joinByDomain}), or stops it (members who joined so stay).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param domain the domain
   * @param allowed whether accounts of the domain may join
   * @return the domain as changed
   * @throws RejectedInputException {@code domain_not_verified} when the organisation has not
   *     claimed the domain, or has not verified it and {@code allowed} is true
   */
  OrganizationDomain allowDomainJoin(
      UUID caller, UUID organization, String domain, boolean allowed);

  /**
   * {@return the organisation the caller may join by its address's domain ({@link #joinByDomain})
   * and is not a member of yet, or empty} Empty too when the caller's address is not verified.
   *
   * @param caller the acting account
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code user_not_found} when
   *     the caller is not an active account
   */
  Optional<Organization> joinable(UUID caller);

  /**
   * Joins an organisation by the domain of the caller's verified address: the domain must be one
   * the organisation verified and lets accounts join by ({@link #allowDomainJoin}). The caller
   * becomes a member (role {@code member}, {@code MembershipChanged} {@code joined}, invited by
   * nobody); a member already keeps its membership and role.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @return the membership
   * @throws RejectedInputException {@code account_not_verified} when the caller's address is not
   *     verified (asked before any organisation)
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code organization_not_found}
   *     when the organisation does not exist, its domains do not include the address's, the domain
   *     is not verified, or the organisation does not let accounts join by it (one answer, as for a
   *     non-member: nothing is told apart); nothing changed
   */
  Membership joinByDomain(UUID caller, UUID organization);

  /**
   * Registers (or replaces) the organisation's identity provider.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param settings the provider and the domains it answers for
   * @return the connection as stored
   * @throws RejectedInputException {@code domain_not_verified} when a domain is not a verified
   *     domain of this organisation; {@code invalid_settings} for a malformed issuer or client
   */
  SsoConnection configure(UUID caller, UUID organization, SsoSettings settings);

  /**
   * {@return the organisation's identity provider, if it registered one}
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  Optional<SsoConnection> connection(UUID caller, UUID organization);

  /**
   * Removes the organisation's identity provider: its domains sign in the ordinary ways again.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  void removeConnection(UUID caller, UUID organization);

  /**
   * Starts an email-first sign-in: finds the organisation whose own sign-in answers for the
   * address's domain, and the authorization request to send the browser to (authorization code with
   * PKCE, a sealed single-use state and a nonce). Counted, in Gatehouse's own transaction, against
   * {@code gatehouse.throttle.organization-sign-in.per-ip-hourly} for the client's network and
   * {@code gatehouse.throttle.organization-sign-in.per-organization-hourly} for the organisation,
   * since each start may make the server call the organisation's provider; writes nothing else.
   *
   * @param email the address the user typed
   * @param redirectUri the callback address registered at the provider
   * @param client who is calling (its address decides the network counted), or {@code null} when
   *     unknown (the organisation's limit still counts)
   * @return where to send the browser
   * @throws RejectedInputException {@code unknown_provider} when no organisation's sign-in answers
   *     for the domain; {@code invalid_email} for a malformed address; {@code provider_refused} (a
   *     {@link dev.gatehouse.social.SocialService.ProviderAddressException}) when the provider's
   *     address or discovery document is refused
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException {@code rate_limited} over
   *     either limit
   */
  Redirect start(String email, URI redirectUri, @Nullable ClientInfo client);

  /**
   * Completes the sign-in at the callback: spends the state (a replay is refused), exchanges the
   * code at the organisation's provider, which verifies the id token (signature, issuer, audience,
   * expiry, nonce), and signs in the account of the token's email when its domain is a verified
   * sign-in domain of that same organisation, creating the account and the membership (role {@code
   * member}) when there are none.
   *
   * @param state the callback's {@code state}
   * @param code the callback's {@code code}
   * @param client who is calling
   * @return signed in, or the second step the account needs
   * @throws RejectedInputException {@code invalid_state} for a bad, expired or used state; {@code
   *     invalid_id_token} when the provider's answer is refused or names an address outside the
   *     organisation's sign-in domains
   */
  SignInResult complete(String state, String code, ClientInfo client);

  /**
   * An organisation's identity provider as given.
   *
   * @param issuer the issuer URL ({@code https}, or {@code http} on a loopback address)
   * @param clientId the client id
   * @param clientSecret the client secret (sealed when stored, never logged)
   * @param domains the verified domains of the organisation it answers for, not empty
   * @param required whether every other way of signing in is refused for these domains
   */
  record SsoSettings(
      URI issuer, String clientId, String clientSecret, Set<String> domains, boolean required) {
    /**
     * Copies the domains.
     *
     * @param issuer see the record description
     * @param clientId see the record description
     * @param clientSecret see the record description
     * @param domains see the record description
     * @param required see the record description
     */
    public SsoSettings {
      requireNonNull(issuer, "issuer");
      requireNonNull(clientId, "clientId");
      requireNonNull(clientSecret, "clientSecret");
      domains = Set.copyOf(requireNonNull(domains, "domains"));
    }

    /** Without the secret. */
    @Override
    public String toString() {
      return "SsoSettings[issuer=" + issuer + ", domains=" + domains + "]";
    }
  }

  /**
   * Where to send the browser.
   *
   * @param authorizationUri the provider's authorization request
   * @param state the sealed state the callback brings back
   * @param organization the organisation whose sign-in it is
   */
  record Redirect(URI authorizationUri, String state, UUID organization) {
    /** Without the state. */
    @Override
    public String toString() {
      return "Redirect[" + authorizationUri.getHost() + "]";
    }
  }

  /**
   * The refusal of an address without an organisation's sign-in.
   *
   * @return the error {@code unknown_provider}
   */
  static RejectedInputException noSignIn() {
    return new RejectedInputException(
        ErrorCode.UNKNOWN_PROVIDER, "no organisation's sign-in answers for this address");
  }
}
