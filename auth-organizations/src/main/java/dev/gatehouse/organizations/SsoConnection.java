package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * An organisation's own identity provider, as stored: the organisation's members of its verified
 * domains that have {@link OrganizationDomain#signIn} sign in there. The client secret is kept
 * sealed with the core's {@link dev.gatehouse.core.secret.Sealer} and never appears in {@link
 * #toString()}.
 *
 * @param organization the organisation's id
 * @param kind the protocol: {@code oidc} (OpenID Connect, the only one shipped)
 * @param issuer the provider's issuer URL
 * @param clientId the client id the provider gave the application
 * @param sealedSecret the client secret, sealed
 * @param required whether every other way of signing in is refused for the organisation's sign-in
 *     domains
 * @param createdAt when it was registered
 * @param modifiedAt when it last changed
 */
public record SsoConnection(
    UUID organization,
    String kind,
    URI issuer,
    String clientId,
    String sealedSecret,
    boolean required,
    Instant createdAt,
    Instant modifiedAt) {
  /** The kind of an OpenID Connect provider. */
  public static final String OIDC = "oidc";

  /**
   * @param organization see the record description
   * @param kind see the record description
   * @param issuer see the record description
   * @param clientId see the record description
   * @param sealedSecret see the record description
   * @param required see the record description
   * @param createdAt see the record description
   * @param modifiedAt see the record description
   */
  public SsoConnection {
    requireNonNull(organization, "organization");
    requireNonNull(kind, "kind");
    requireNonNull(issuer, "issuer");
    requireNonNull(clientId, "clientId");
    requireNonNull(sealedSecret, "sealedSecret");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(modifiedAt, "modifiedAt");
  }

  /** Without the secret. */
  @Override
  public String toString() {
    return "SsoConnection[organization="
        + organization
        + ", kind="
        + kind
        + ", issuer="
        + issuer
        + ", required="
        + required
        + "]";
  }
}
