package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The organisation's side of a sign-in over a protocol that another module speaks ({@code
 * auth-saml}'s SAML 2.0): the module proves an address with its protocol, and this service applies
 * the same rules as to the organisation's OpenID Connect provider, through the same code. The
 * connection is the organisation's one connection ({@link SsoConnection}, of the module's {@link
 * SsoConnection#kind}), so registering one replaces the other; its domains must be the
 * organisation's verified ones, a required connection refuses every other sign-in for them (through
 * the same guard) and ends the sessions begun otherwise, and the sign-in checks the address's
 * domain in the sign-in's transaction, applies the policy, creates the account and the membership
 * on a first sign-in, asks the second step, and keeps the audit trail, with the method and {@code
 * amr} {@value OrganizationSignIn#METHOD}. A feature of the organisations module ({@code
 * Gatehouse#feature}, or {@code SignInContext#feature} for a module installed after it).
 * Thread-safe.
 *
 * <pre>{@code
 * OrganizationProtocolSignIn orgs = context.feature(OrganizationProtocolSignIn.class).orElseThrow();
 * orgs.connect(owner, org, new Connection("saml", idpEntityId, spEntityId, Set.of("acme.example"), true));
 * SignInResult in = orgs.signIn(org, "saml", provenAddress, client);
 * }</pre>
 */
public interface OrganizationProtocolSignIn {

  /**
   * What another protocol's module registers for an organisation.
   *
   * @param kind the protocol, as stored ({@code saml}); not {@value SsoConnection#OIDC}
   * @param issuer the provider's identifier (a SAML identity provider's entity id)
   * @param serviceProvider the application's identifier at the provider (a SAML service provider's
   *     entity id), kept as the connection's client id
   * @param domains the organisation's verified domains the provider answers for
   * @param required whether every other way of signing in is refused for those domains
   */
  record Connection(
      String kind, URI issuer, String serviceProvider, Set<String> domains, boolean required) {
    /**
     * Copies the domains.
     *
     * @param kind see the record description
     * @param issuer see the record description
     * @param serviceProvider see the record description
     * @param domains see the record description
     * @param required see the record description
     */
    public Connection {
      requireNonNull(kind, "kind");
      requireNonNull(issuer, "issuer");
      requireNonNull(serviceProvider, "serviceProvider");
      domains = Set.copyOf(requireNonNull(domains, "domains"));
    }
  }

  /**
   * Registers or replaces the organisation's connection, as {@link OrganizationSignIn#configure}
   * does (needs {@link OrganizationRole#SIGN_IN_MANAGE}; audited as {@code provider_configured}).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param connection the connection
   * @return the connection as stored
   * @throws RejectedInputException {@code invalid_settings} for a bad kind, identifier or no
   *     domain; {@code domain_not_verified} when a domain is not one of the organisation's verified
   *     ones
   */
  SsoConnection connect(UUID caller, UUID organization, Connection connection);

  /**
   * {@return the connection of the organisation whose verified sign-in domain is the address's, of
   * any kind, or empty}
   *
   * @param email the address, as typed
   */
  Optional<SsoConnection> connectionFor(String email);

  /**
   * {@return the organisation's connection, read without a caller: for a module answering its
   * provider's callback}
   *
   * @param organization the organisation's id
   */
  Optional<SsoConnection> connection(UUID organization);

  /**
   * Counts a sign-in started with the organisation against the client's network and the
   * organisation's limits, as the OpenID Connect sign-in's start does.
   *
   * @param organization the organisation's id
   * @param client the client, or null
   * @throws RateLimitedException {@code rate_limited} over either limit, kept in the audit trail
   */
  void admitStart(UUID organization, @Nullable ClientInfo client);

  /**
   * Signs in the address the module's protocol proved for the organisation's connection of {@code
   * kind}, through the one sign-in pipeline.
   *
   * @param organization the organisation's id
   * @param kind the protocol that proved the address; the organisation's connection must be of it
   * @param email the proven address
   * @param client the client
   * @return the sign-in's result (a second step when the account needs one)
   * @throws RejectedInputException {@code unknown_provider} when the organisation has no connection
   *     of that kind; {@code invalid_id_token} when the address is not of the organisation's
   *     sign-in domains; {@code organization_policy}, {@code account_disabled}; each kept in the
   *     audit trail, nothing else written
   */
  SignInResult signIn(UUID organization, String kind, String email, ClientInfo client);

  /**
   * Keeps a refusal of the module's own (a response its protocol refused) in the audit trail as a
   * refused sign-in of the organisation's method.
   *
   * @param refusal the refusal
   * @param client the client
   * @return {@code refusal}, to throw
   */
  AuthException refused(AuthException refusal, ClientInfo client);
}
