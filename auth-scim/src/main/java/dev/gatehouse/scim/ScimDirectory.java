package dev.gatehouse.scim;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Each organisation's SCIM 2.0 service provider (RFC 7643/7644) and its directory token. The host
 * serves {@link #handle} under {@code /scim/v2/} (every method, every path below it), passing the
 * request as it came and sending the answer with {@link ScimResponse#CONTENT_TYPE}:
 *
 * <pre>{@code
 * ScimDirectory scim = gatehouse.feature(ScimDirectory.class);
 * IssuedToken token = scim.issueToken(ownerAccessToken, organization); // shown once
 * ScimResponse r = scim.handle(new ScimRequest("GET", "/" + organization + "/Users",
 *     Map.of("filter", "userName eq \"ada@acme.example\""), "Bearer " + token.token(), "", client));
 * }</pre>
 *
 * <p>Per organisation: {@code ServiceProviderConfig}, {@code ResourceTypes}, {@code Schemas} and
 * {@code Users}. A user the directory creates is an account and a membership, or the membership of
 * an existing account whose address is in one of the organisation's verified domains; {@code
 * active: false} or a delete ends the membership and every session of the account, and the
 * account's sign-ins are refused while the directory keeps it so ({@code account_disabled}); a
 * reactivation restores the membership only. Thread-safe.
 */
public interface ScimDirectory {
  /**
   * Answers one SCIM request: the organisation's directory token in {@code Authorization: Bearer}
   * reaches its organisation only (else 401); every change is one transaction.
   *
   * @param request the request
   * @return the answer, SCIM's error on a refusal (400 {@code invalidFilter}, {@code invalidValue},
   *     {@code invalidSyntax}, {@code invalidPath}, {@code mutability}; 401; 404; 409 {@code
   *     uniqueness}; 429)
   */
  ScimResponse handle(ScimRequest request);

  /**
   * Issues the organisation's directory token, replacing the one it had (which stops working at
   * once). Audited ({@link DirectoryEvent#TOKEN_ISSUED}).
   *
   * @param caller an owner of the organisation, or a member of staff
   * @param organization the organisation's id
   * @return the token, shown once: only its keyed hash is kept
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for
   *     anyone else (kept as {@code AdminRefused}), {@code not_found} for no such organisation
   */
  IssuedToken issueToken(VerifiedAccessToken caller, UUID organization);

  /**
   * Revokes the organisation's directory token. Audited ({@link DirectoryEvent#TOKEN_REVOKED}).
   *
   * @param caller an owner of the organisation, or a member of staff
   * @param organization the organisation's id
   * @return whether it had one
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for
   *     anyone else
   */
  boolean revokeToken(VerifiedAccessToken caller, UUID organization);

  /**
   * @param caller an owner of the organisation, or a member of staff
   * @param organization the organisation's id
   * @return the state of the organisation's directory token, if it has one
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for
   *     anyone else
   */
  Optional<TokenState> tokenState(VerifiedAccessToken caller, UUID organization);

  /**
   * A directory token as issued.
   *
   * @param token the token, for the directory's configuration; never stored
   * @param issuedAt when it was issued
   */
  record IssuedToken(String token, Instant issuedAt) {
    /**
     * @param token see the record description
     * @param issuedAt see the record description
     */
    public IssuedToken {
      requireNonNull(token, "token");
      requireNonNull(issuedAt, "issuedAt");
    }

    /** Without the token. */
    @Override
    public String toString() {
      return "IssuedToken[" + issuedAt + "]";
    }
  }

  /**
   * An organisation's directory token, without its secret.
   *
   * @param issuedAt when it was issued
   * @param issuedBy who issued it
   * @param lastUsedAt when the directory last used it (to the minute), or {@code null}
   */
  record TokenState(Instant issuedAt, UUID issuedBy, @Nullable Instant lastUsedAt) {
    /**
     * @param issuedAt see the record description
     * @param issuedBy see the record description
     * @param lastUsedAt see the record description
     */
    public TokenState {
      requireNonNull(issuedAt, "issuedAt");
      requireNonNull(issuedBy, "issuedBy");
    }
  }
}
