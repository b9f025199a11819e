package dev.gatehouse.saml;

import static java.util.Objects.requireNonNull;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.settings.Metadata;
import com.onelogin.saml2.settings.Saml2Settings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.organizations.OrganizationProtocolSignIn;
import dev.gatehouse.organizations.OrganizationProtocolSignIn.Connection;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.organizations.SsoConnection;
import dev.gatehouse.saml.ResponseCheck.Verified;
import dev.gatehouse.saml.SamlTables.Provider;
import dev.gatehouse.saml.SamlTables.ReplayMemory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link SamlSignIn} over the organisations module's {@link OrganizationProtocolSignIn} (the
 * connection, its domains and requirement, the start's limits, the sign-in's rules and audit) and
 * the module's own tables (the provider's metadata, the requests waiting an answer, the assertions
 * used and the logout requests obeyed, the sessions its sign-ins began).
 */
final class DefaultSamlSignIn implements SamlSignIn {
  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9:._/-]{1,255}");

  private final SignInContext context;
  private final OrganizationProtocolSignIn orgs;
  private final OrganizationSignIn signIn;
  private final ModuleLimits limits;
  private final ModuleSessions sessions;
  private final ServiceProvider.@Nullable Key key;

  DefaultSamlSignIn(SignInContext context, ServiceProvider.@Nullable Key key) {
    this.context = context;
    // The manifest requires the organisations module: its features are built before this one.
    this.orgs = context.feature(OrganizationProtocolSignIn.class).orElseThrow();
    this.signIn = context.feature(OrganizationSignIn.class).orElseThrow();
    this.limits = context.capability(ModuleLimits.class);
    this.sessions = context.capability(ModuleSessions.class);
    this.key = key;
  }

  private <T> T inTransaction(Function<StoreTransaction, T> work) {
    return context.store().inTransaction(work::apply);
  }

  private Instant now() {
    return context.clock().instant();
  }

  private URI base() {
    URI base = context.config().get(SamlSettings.SERVICE_PROVIDER_URL);
    if (base == null) {
      throw new ConfigurationException(
          "set "
              + SamlSettings.SERVICE_PROVIDER_URL.key()
              + " to the public address of the module's routes");
    }
    return base;
  }

  // ---- the organisation's provider ----------------------------------------------------------

  @Override
  public ProviderConnection configure(UUID caller, UUID organization, ProviderSettings settings) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    requireNonNull(settings, "settings");
    IdpMetadata metadata = IdpMetadata.parse(settings.metadata());
    String attribute = settings.emailAttribute();
    if (attribute != null && !ATTRIBUTE.matcher(attribute).matches()) {
      throw invalidSettings("the email attribute's name is not a SAML attribute name");
    }
    URI issuer;
    try {
      issuer = new URI(metadata.entityId());
    } catch (URISyntaxException e) {
      throw invalidSettings("the provider's entity id is not a URI");
    }
    String sp = ServiceProvider.entityId(base(), organization);
    return inTransaction(
        tx -> {
          // The organisation's rules first (permission, verified domains, audit, requirement), in
          // this same transaction: the connection and the provider's metadata commit together.
          SsoConnection c =
              orgs.connect(
                  caller,
                  organization,
                  new Connection(KIND, issuer, sp, settings.domains(), settings.required()));
          Instant now = now();
          Instant created =
              SamlTables.provider(tx, organization).map(Provider::createdAt).orElse(now);
          Provider p =
              new Provider(
                  organization, metadata, attribute, settings.idpInitiated(), created, now);
          SamlTables.saveProvider(tx, p);
          return view(p, c);
        });
  }

  @Override
  public Optional<ProviderConnection> connection(UUID caller, UUID organization) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    // Read through the organisations module, whose permission check answers a non-member.
    return signIn
        .connection(caller, organization)
        .filter(c -> c.kind().equals(KIND))
        .flatMap(
            c -> inTransaction(tx -> SamlTables.provider(tx, organization)).map(p -> view(p, c)));
  }

  private static ProviderConnection view(Provider p, SsoConnection c) {
    return new ProviderConnection(
        p.organization(),
        p.metadata().entityId(),
        p.metadata().singleSignOnUrl(),
        p.metadata().certificates().stream().map(IdpMetadata::fingerprint).toList(),
        p.emailAttribute(),
        p.idpInitiated(),
        c.required(),
        p.modifiedAt());
  }

  /** The organisation's provider, when its connection is this module's. */
  private Provider provider(UUID organization) {
    return orgs.connection(organization)
        .filter(c -> c.kind().equals(KIND))
        .flatMap(c -> inTransaction(tx -> SamlTables.provider(tx, organization)))
        .orElseThrow(DefaultSamlSignIn::noSignIn);
  }

  @Override
  public String serviceProviderMetadata(UUID organization) {
    requireNonNull(organization, "organization");
    provider(organization);
    try {
      return new Metadata(ServiceProvider.settings(base(), organization, null, key))
          .getMetadataString();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the module's certificate cannot be encoded", e);
    }
  }

  // ---- the sign-in ---------------------------------------------------------------------------

  @Override
  public SamlRedirect start(String email, @Nullable ClientInfo client) {
    requireNonNull(email, "email");
    SsoConnection c =
        orgs.connectionFor(email)
            .filter(x -> x.kind().equals(KIND))
            .orElseThrow(DefaultSamlSignIn::noSignIn);
    UUID organization = c.organization();
    orgs.admitStart(organization, client);
    Provider p = provider(organization);
    Saml2Settings settings = ServiceProvider.settings(base(), organization, p.metadata(), key);
    AuthnRequest request = new AuthnRequest(settings, new AuthnRequestParams(false, false, true));
    String id = request.getId();
    Duration ttl = context.config().get(SamlSettings.REQUEST_TTL);
    inTransaction(
        tx -> {
          SamlTables.rememberRequest(tx, id, organization, now().plus(ttl));
          return null;
        });
    String encoded;
    try {
      encoded = request.getEncodedAuthnRequest(true);
    } catch (IOException e) {
      throw new IllegalStateException("the request cannot be deflated", e);
    }
    String sso = p.metadata().singleSignOnUrl().toString();
    URI uri =
        URI.create(
            sso
                + (sso.contains("?") ? "&" : "?")
                + "SAMLRequest="
                + URLEncoder.encode(encoded, StandardCharsets.UTF_8));
    return new SamlRedirect(uri, id, organization);
  }

  @Override
  public SignInResult complete(
      UUID organization, String samlResponse, @Nullable String requestId, ClientInfo client) {
    requireNonNull(organization, "organization");
    ClientInfo who = client == null ? ClientInfo.web() : client;
    Verified verified;
    try {
      admitResponse(who);
      Provider p = provider(organization);
      String inResponseTo = ResponseCheck.inResponseTo(samlResponse);
      if (inResponseTo == null && !p.idpInitiated()) {
        throw ResponseCheck.refused(
            "an unsolicited response, which this organisation's sign-in does not accept");
      }
      if (inResponseTo != null && !inResponseTo.equals(requestId)) {
        // Bound to the browser: another browser's answer posted into this one signs nobody in.
        throw ResponseCheck.refused("the response answers another browser's request");
      }
      URI base = base();
      verified =
          ResponseCheck.verify(
              ServiceProvider.settings(base, organization, p.metadata(), key),
              ServiceProvider.acs(base, organization),
              samlResponse,
              inResponseTo,
              p.emailAttribute(),
              context.clock());
      spend(organization, verified);
    } catch (RejectedInputException e) {
      throw orgs.refused(e, who);
    }
    SignInResult result = orgs.signIn(organization, KIND, verified.email(), who);
    if (result instanceof SignInResult.SignedIn in) {
      // Kept for the provider's single logout, after the sign-in's transaction: a failure here
      // leaves a session that logout at the provider does not end, never a refused sign-in.
      inTransaction(
          tx -> {
            SamlTables.rememberSession(
                tx,
                organization,
                verified.nameId(),
                verified.sessionIndex(),
                in.tokens().userId(),
                in.tokens().sessionId(),
                now().plus(context.config().get(TokenSettings.REFRESH_TOKEN_TTL)));
            return null;
          });
    }
    return result;
  }

  @Override
  public URI logout(UUID organization, Map<String, String> query, ClientInfo client) {
    requireNonNull(organization, "organization");
    requireNonNull(query, "query");
    ClientInfo who = client == null ? ClientInfo.web() : client;
    try {
      admitResponse(who);
      Provider p = provider(organization);
      URI providerLogout = p.metadata().singleLogoutUrl();
      if (providerLogout == null) {
        throw ResponseCheck.refused("the organisation's provider offers no single logout");
      }
      URI base = base();
      Saml2Settings settings = ServiceProvider.settings(base, organization, p.metadata(), key);
      // A logout ends sessions: its request must carry the provider's signature.
      settings.setWantMessagesSigned(true);
      LogoutCheck.Verified request =
          LogoutCheck.verify(
              settings, ServiceProvider.slo(base, organization), query, key, context.clock());
      endSessions(organization, request);
      return LogoutCheck.answer(settings, providerLogout, request, query.get("RelayState"));
    } catch (RejectedInputException e) {
      throw orgs.refused(e, who);
    }
  }

  /**
   * Ends the sessions the logout request names, in one transaction with the request's use: a
   * request works once, and of two at the same moment one ends the sessions and the other is
   * refused.
   */
  private void endSessions(UUID organization, LogoutCheck.Verified request) {
    try {
      inTransaction(
          tx -> {
            if (!SamlTables.useOnce(
                tx,
                ReplayMemory.LOGOUT_REQUEST,
                request.replayKey(),
                organization,
                request.expires())) {
              throw ResponseCheck.refused("the logout request was used before");
            }
            for (SamlTables.SignedInSession s :
                SamlTables.sessions(tx, organization, request.nameId())) {
              if (request.sessionIndexes().isEmpty()
                  || request.sessionIndexes().contains(s.sessionIndex())) {
                sessions.endSession(tx, s.account(), s.sessionId(), "saml_logout");
                SamlTables.forgetSession(tx, s.sessionId());
              }
            }
            return null;
          });
    } catch (DuplicateKeyException e) {
      throw ResponseCheck.refused("the logout request was used before");
    }
  }

  /**
   * Spends the request the response answers and remembers its assertion, in one transaction of
   * their own before the sign-in: a response works once, even when the sign-in then refuses.
   */
  private void spend(UUID organization, Verified v) {
    Instant now = now();
    try {
      inTransaction(
          tx -> {
            if (v.inResponseTo() != null
                && !SamlTables.spendRequest(tx, v.inResponseTo(), organization, now)) {
              throw ResponseCheck.refused(
                  "the response answers no request of this organisation's that is waiting");
            }
            SamlTables.forgetExpired(
                tx,
                now,
                context.config().get(dev.gatehouse.core.config.GatehouseConfig.CLEANUP_BATCH_SIZE));
            if (!SamlTables.useOnce(
                tx, ReplayMemory.ASSERTION, v.assertionKey(), organization, v.expires())) {
              throw ResponseCheck.refused("the assertion was used before");
            }
            return null;
          });
    } catch (DuplicateKeyException e) {
      throw ResponseCheck.refused("the assertion was used before");
    }
  }

  /**
   * Counts a posted response against its network's hourly limit, in Gatehouse's own transaction.
   *
   * @throws RateLimitedException over it, kept in the audit trail
   */
  private void admitResponse(ClientInfo client) {
    Instant now = now();
    Optional<Duration> over =
        limits.counting(
            List.of(),
            now,
            tx ->
                limits.countNetwork(
                    tx, SamlCounters.NETWORK_SAML_RESPONSE, client.ipAddress(), now));
    if (over.isPresent()) {
      throw orgs.refused(
          new RateLimitedException(
              ErrorCode.RATE_LIMITED,
              "too many identity provider responses from this network; try again later",
              over.get()),
          client);
    }
  }

  static RejectedInputException noSignIn() {
    return new RejectedInputException(
        ErrorCode.UNKNOWN_PROVIDER, "no organisation's SAML sign-in answers here");
  }

  private static RejectedInputException invalidSettings(String why) {
    return new RejectedInputException(ErrorCode.INVALID_SETTINGS, why);
  }
}
