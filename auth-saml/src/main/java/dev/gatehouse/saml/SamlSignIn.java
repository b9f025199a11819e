package dev.gatehouse.saml;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An organisation's sign-in through its SAML 2.0 identity provider, with the application as the
 * organisation's service provider (web browser SSO: the request by HTTP-Redirect, the response by
 * HTTP-POST). The organisation's owner registers the provider's metadata for some of its verified
 * domains ({@link #configure}); an email-first sign-in ({@link #start}) sends the browser to the
 * provider with a request whose id is remembered; the provider's signed answer, posted to the
 * organisation's assertion consumer service, signs the user in ({@link #complete}) by the same
 * rules as the organisation's OpenID Connect provider: only addresses of the organisation's
 * verified sign-in domains, a member on the first sign-in, the organisation's required sign-in and
 * policy, the second step, the audit trail (method and {@code amr} {@code organization_sso}).
 * Thread-safe.
 *
 * <pre>{@code
 * SamlSignIn saml = gatehouse.feature(SamlSignIn.class);
 * saml.configure(owner, org, new ProviderSettings(metadataXml, Set.of("acme.example"), true, null, false));
 * String spMetadata = saml.serviceProviderMetadata(org);   // for the organisation's IdP
 * SamlRedirect r = saml.start("bob@acme.example", client);  // send the browser to r.redirectUri()
 * SignInResult in = saml.complete(org, samlResponse, r.requestId(), client); // at the ACS
 * }</pre>
 */
public interface SamlSignIn {

  /** The kind an organisation's SAML connection is stored as. */
  String KIND = "saml";

  /**
   * The cookie in which a browser keeps the id of the request it was sent to its provider with
   * ({@link SamlRedirect#requestId()}), read by the assertion consumer service's route. Whoever
   * sends the browser (the pages, a host's page) sets it HttpOnly, Secure, {@code SameSite=None}
   * (the provider's form post is another site's), for {@link SamlSettings#REQUEST_TTL}.
   */
  String REQUEST_COOKIE = "gatehouse_saml_request";

  /**
   * What an organisation's owner registers.
   *
   * @param metadata the identity provider's SAML metadata document (its {@code EntityDescriptor}):
   *     entity id, single sign-on address (HTTP-Redirect) and signing certificates, which are the
   *     only keys its answers are checked with
   * @param domains the organisation's verified domains the provider answers for
   * @param required whether every other way of signing in is refused for those domains
   * @param emailAttribute the name of the attribute that carries the address, or {@code null} to
   *     read the subject's {@code NameID}
   * @param idpInitiated whether the provider may sign in without a request of the application's (an
   *     unsolicited response); off unless the organisation needs it
   */
  record ProviderSettings(
      String metadata,
      Set<String> domains,
      boolean required,
      @Nullable String emailAttribute,
      boolean idpInitiated) {
    /**
     * Copies the domains.
     *
     * @param metadata see the record description
     * @param domains see the record description
     * @param required see the record description
     * @param emailAttribute see the record description
     * @param idpInitiated see the record description
     */
    public ProviderSettings {
      requireNonNull(metadata, "metadata");
      domains = Set.copyOf(requireNonNull(domains, "domains"));
    }

    /** Without the metadata document. */
    @Override
    public String toString() {
      return "ProviderSettings[domains=" + domains + ", required=" + required + "]";
    }
  }

  /**
   * An organisation's identity provider, as stored.
   *
   * @param organization the organisation's id
   * @param entityId the provider's entity id
   * @param singleSignOnUrl where the browser is sent with the request
   * @param certificates the SHA-256 fingerprints (hex) of the provider's signing certificates
   * @param emailAttribute the attribute that carries the address, or {@code null} for the {@code
   *     NameID}
   * @param idpInitiated whether unsolicited responses are accepted
   * @param required whether the organisation requires this sign-in for its domains
   * @param modifiedAt when it last changed
   */
  record ProviderConnection(
      UUID organization,
      String entityId,
      URI singleSignOnUrl,
      List<String> certificates,
      @Nullable String emailAttribute,
      boolean idpInitiated,
      boolean required,
      Instant modifiedAt) {
    /**
     * Copies the certificates' fingerprints.
     *
     * @param organization see the record description
     * @param entityId see the record description
     * @param singleSignOnUrl see the record description
     * @param certificates see the record description
     * @param emailAttribute see the record description
     * @param idpInitiated see the record description
     * @param required see the record description
     * @param modifiedAt see the record description
     */
    public ProviderConnection {
      requireNonNull(organization, "organization");
      requireNonNull(entityId, "entityId");
      requireNonNull(singleSignOnUrl, "singleSignOnUrl");
      certificates = List.copyOf(requireNonNull(certificates, "certificates"));
      requireNonNull(modifiedAt, "modifiedAt");
    }
  }

  /**
   * Where to send the browser.
   *
   * @param redirectUri the provider's single sign-on address with the request
   * @param requestId the request's id: keep it with the browser (a cookie) and give it back to
   *     {@link #complete}, so that an answer reaches only the browser that asked
   * @param organization the organisation whose provider answers
   */
  record SamlRedirect(URI redirectUri, String requestId, UUID organization) {
    /**
     * @param redirectUri see the record description
     * @param requestId see the record description
     * @param organization see the record description
     */
    public SamlRedirect {
      requireNonNull(redirectUri, "redirectUri");
      requireNonNull(requestId, "requestId");
      requireNonNull(organization, "organization");
    }

    /** Without the request id, which binds the answer to the browser. */
    @Override
    public String toString() {
      return "SamlRedirect[organization=" + organization + "]";
    }
  }

  /**
   * Registers or replaces the organisation's SAML identity provider (it replaces an OpenID Connect
   * provider: an organisation has one). Needs {@code organization.sign_in}; audited as {@code
   * provider_configured}.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param settings the provider
   * @return the provider as stored
   * @throws RejectedInputException {@code invalid_settings} for metadata that is not one
   *     provider's, has no HTTP-Redirect single sign-on address or no signing certificate, or has a
   *     document type declaration; {@code domain_not_verified} for a domain the organisation has
   *     not verified
   */
  ProviderConnection configure(UUID caller, UUID organization, ProviderSettings settings);

  /**
   * {@return the organisation's SAML identity provider, or empty} Needs {@code
   * organization.sign_in}.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  Optional<ProviderConnection> connection(UUID caller, UUID organization);

  /**
   * {@return the organisation's service provider metadata (entity id, assertion consumer service,
   * the encryption certificate when the module has a key), for the organisation's identity
   * provider} Public: it says nothing secret.
   *
   * @param organization the organisation's id
   * @throws RejectedInputException {@code unknown_provider} when the organisation has no SAML
   *     provider
   */
  String serviceProviderMetadata(UUID organization);

  /**
   * Starts an email-first sign-in: finds the organisation whose SAML provider answers for the
   * address's domain, counts the start as every organisation's sign-in start is counted, and
   * remembers the request's id for {@link SamlSettings#REQUEST_TTL}.
   *
   * @param email the address, as typed
   * @param client the client, or null
   * @return where to send the browser
   * @throws RejectedInputException {@code unknown_provider} when no organisation's SAML provider
   *     answers for the domain
   * @throws RateLimitedException {@code rate_limited} over the organisations' start limits
   */
  SamlRedirect start(String email, @Nullable ClientInfo client);

  /**
   * Completes a sign-in with the provider's response, posted to the organisation's assertion
   * consumer service. The response must be a SAML 2.0 response without a document type declaration,
   * whose assertion is signed (or encrypted to the module's key and then signed) by one of the
   * organisation's configured certificates, issued by its provider, for this service provider
   * (audience, destination, recipient), within its times by the injected clock, in answer to a
   * request of this organisation that is remembered and unused (or unsolicited where the
   * organisation allows it), and whose assertion was not used before; its address, from a {@code
   * NameID} or attribute value without comments, is then signed in by the organisation's rules.
   *
   * @param organization the organisation of the assertion consumer service's address
   * @param samlResponse the form's {@code SAMLResponse}, base64
   * @param requestId the request id the browser kept from {@link #start} ({@link #REQUEST_COOKIE}),
   *     which a response to a request must name, or {@code null} (an unsolicited response only)
   * @param client the client
   * @return the sign-in's result
   * @throws RejectedInputException {@code saml_response_invalid} when the response is refused;
   *     {@code unknown_provider} when the organisation has no SAML provider; the organisation's own
   *     refusals ({@code invalid_id_token} for an address outside its domains, {@code
   *     organization_policy}); each kept in the audit trail, nothing of the sign-in written
   * @throws RateLimitedException {@code rate_limited} over the network's response limit
   */
  SignInResult complete(
      UUID organization, String samlResponse, @Nullable String requestId, ClientInfo client);

  /**
   * The provider's single logout (HTTP-Redirect binding, at {@code
   * <service-provider-url>/saml/<organisation>/slo/}): the logout request must be signed (its
   * {@code Signature} over the query, by one of the organisation's configured certificates), issued
   * by the organisation's provider, for this address and unexpired; the Gatehouse sessions its
   * sign-ins began for the request's {@code NameID} (those of its {@code SessionIndex} values when
   * it names any) are ended, in one transaction.
   *
   * @param organization the organisation of the single logout address
   * @param query the request's query: {@code SAMLRequest}, {@code RelayState}, {@code SigAlg},
   *     {@code Signature}
   * @param client the client
   * @return where to send the browser: the provider's single logout address with the logout
   *     response
   * @throws RejectedInputException {@code saml_response_invalid} for an unsigned, forged, expired
   *     or foreign request, or when the provider offers no single logout (nothing ended); {@code
   *     unknown_provider} when the organisation has no SAML provider
   */
  URI logout(UUID organization, Map<String, String> query, ClientInfo client);
}
