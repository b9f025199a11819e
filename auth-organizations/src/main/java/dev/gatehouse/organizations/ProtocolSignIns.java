package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@link OrganizationProtocolSignIn} over the OpenID Connect sign-in's own parts: the connection is
 * kept by {@link SsoConnections}, the start counted by the same limits, and the proven address
 * signed in by the same {@link SsoCheck} through the same pipeline call.
 */
final class ProtocolSignIns implements OrganizationProtocolSignIn {
  private static final int MAX_IDENTIFIER = 255;

  private final SignInContext context;
  private final OrganizationStore store;
  private final DefaultOrganizationSignIn oidc;

  ProtocolSignIns(SignInContext context, OrganizationStore store, DefaultOrganizationSignIn oidc) {
    this.context = context;
    this.store = store;
    this.oidc = oidc;
  }

  @Override
  public SsoConnection connect(UUID caller, UUID organization, Connection connection) {
    requireNonNull(connection, "connection");
    String kind = connection.kind();
    if (!kind.matches("[a-z][a-z0-9_]{0,15}") || kind.equals(SsoConnection.OIDC)) {
      throw invalid("the kind is a lower-case name of another protocol than OpenID Connect");
    }
    String issuer = connection.issuer().toString();
    String sp = connection.serviceProvider().strip();
    if (issuer.isEmpty()
        || issuer.length() > 500
        || !connection.issuer().isAbsolute()
        || sp.isEmpty()
        || sp.length() > MAX_IDENTIFIER) {
      throw invalid("the provider's and the application's identifiers are wrong");
    }
    if (connection.domains().isEmpty()) {
      throw invalid("the provider answers for at least one domain");
    }
    Set<String> domains =
        connection.domains().stream()
            .map(DomainNames::domain)
            .collect(Collectors.toUnmodifiableSet());
    // Another protocol keeps no client secret here: its keys are the module's.
    return oidc.save(
        caller, organization, kind, connection.issuer(), sp, "", domains, connection.required());
  }

  @Override
  public Optional<SsoConnection> connectionFor(String email) {
    String address = EmailAddresses.normalize(requireNonNull(email, "email"));
    String domain = DomainNames.domainOf(address);
    return context
        .store()
        .inTransaction(
            tx ->
                store
                    .verifiedDomain(tx, domain)
                    .filter(OrganizationDomain::signIn)
                    .flatMap(d -> store.connection(tx, d.organization())));
  }

  @Override
  public Optional<SsoConnection> connection(UUID organization) {
    requireNonNull(organization, "organization");
    return context.store().inTransaction(tx -> store.connection(tx, organization));
  }

  @Override
  public void admitStart(UUID organization, @Nullable ClientInfo client) {
    oidc.admitStart(requireNonNull(organization, "organization"), client);
  }

  @Override
  public SignInResult signIn(UUID organization, String kind, String email, ClientInfo client) {
    requireNonNull(organization, "organization");
    requireNonNull(kind, "kind");
    requireNonNull(email, "email");
    ClientInfo who = client == null ? ClientInfo.web() : client;
    boolean connected = connection(organization).filter(c -> c.kind().equals(kind)).isPresent();
    if (!connected) {
      throw refused(OrganizationSignIn.noSignIn(), who);
    }
    return oidc.signIn(
        organization, new VerifiedIdentity(kind, email, email, true, null, null, null, null), who);
  }

  @Override
  public AuthException refused(AuthException refusal, ClientInfo client) {
    return context
        .capability(ModuleAudit.class)
        .refused(OrganizationSignIn.METHOD, null, requireNonNull(refusal, "refusal"), client);
  }

  private static RejectedInputException invalid(String why) {
    return new RejectedInputException(ErrorCode.INVALID_SETTINGS, why);
  }
}
