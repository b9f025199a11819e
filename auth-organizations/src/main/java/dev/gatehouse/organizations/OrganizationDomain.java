package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An email domain an organisation claims. It is the organisation's once verified: the organisation
 * proved that it holds the domain by publishing {@code challenge} ({@link DomainVerifier}). A
 * domain is verified for one organisation at most.
 *
 * @param organization the organisation's id
 * @param domain the domain, lower-case ({@code example.com})
 * @param challenge the value the organisation publishes to prove it holds the domain (not a secret:
 *     it is published)
 * @param createdAt when the domain was claimed
 * @param verifiedAt when the domain was verified, or {@code null} while it is not
 * @param signIn whether the organisation's own sign-in answers for addresses of the domain
 * @param joinAllowed whether an account whose verified address is of the domain may join the
 *     organisation by itself ({@link OrganizationSignIn#joinByDomain}) while the domain is verified
 */
public record OrganizationDomain(
    UUID organization,
    String domain,
    String challenge,
    Instant createdAt,
    @Nullable Instant verifiedAt,
    boolean signIn,
    boolean joinAllowed) {
  /**
   * @param organization see the record description
   * @param domain see the record description
   * @param challenge see the record description
   * @param createdAt see the record description
   * @param verifiedAt see the record description
   * @param signIn see the record description
   * @param joinAllowed see the record description
   */
  public OrganizationDomain {
    requireNonNull(organization, "organization");
    requireNonNull(domain, "domain");
    requireNonNull(challenge, "challenge");
    requireNonNull(createdAt, "createdAt");
  }

  /**
   * A claim whose domain does not let accounts join by themselves.
   *
   * @param organization see the record description
   * @param domain see the record description
   * @param challenge see the record description
   * @param createdAt see the record description
   * @param verifiedAt see the record description
   * @param signIn see the record description
   */
  public OrganizationDomain(
      UUID organization,
      String domain,
      String challenge,
      Instant createdAt,
      @Nullable Instant verifiedAt,
      boolean signIn) {
    this(organization, domain, challenge, createdAt, verifiedAt, signIn, false);
  }

  /** {@return whether the organisation proved that it holds the domain} */
  public boolean verified() {
    return verifiedAt != null;
  }

  /**
   * {@return the DNS name of the TXT record that proves the domain: {@code
   * _gatehouse-challenge.<domain>}}
   */
  public String recordName() {
    return DomainVerifier.RECORD_PREFIX + domain;
  }
}
