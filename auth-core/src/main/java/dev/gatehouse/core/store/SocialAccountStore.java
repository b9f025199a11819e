package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Store operations on linked provider identities, reached through {@link
 * StoreTransaction#socialAccounts()}. Confined to the transaction's thread.
 */
public interface SocialAccountStore {

  /**
   * @param provider the provider's short name
   * @param providerUserId the provider's user id
   * @return the linked identity, if any
   */
  Optional<SocialAccountRecord> find(String provider, String providerUserId);

  /**
   * @param ownerPublicId the user
   * @return the user's linked identities, oldest first
   */
  List<SocialAccountRecord> listFor(UUID ownerPublicId);

  /**
   * Links an identity, written out at once.
   *
   * @param account the new link (its owner exists)
   * @return it, with its key
   * @throws DuplicateKeyException when the identity is already linked, or the owner already has an
   *     identity at that provider
   */
  SocialAccountRecord create(SocialAccountRecord account);

  /**
   * Refreshes what the provider said at a sign-in: email, its verification, name (kept when {@code
   * null}), picture, sealed tokens (kept when {@code null}) and the last-use time.
   *
   * @param account the identity's new values, with its key
   * @return whether the row exists
   */
  boolean update(SocialAccountRecord account);

  /**
   * Unlinks a user's identity at a provider.
   *
   * @param ownerPublicId the user
   * @param provider the provider's short name
   * @return whether a link was removed
   */
  boolean delete(UUID ownerPublicId, String provider);

  /**
   * A linked provider identity as the stores exchange it. The sealed tokens are AES-GCM ciphertexts
   * (never the tokens themselves); neither they nor the email appear in {@link #toString()}.
   *
   * @param id the database key, or {@code null} before it is stored
   * @param ownerPublicId the user's public id
   * @param provider the provider's short name, such as {@code google}
   * @param providerUserId the provider's stable user id
   * @param email the email the provider gave, or {@code null}
   * @param emailVerified whether the provider asserted the email as verified
   * @param displayName the name the provider gave, or {@code null}
   * @param pictureUrl the picture URL, or {@code null}
   * @param accessTokenSealed the sealed provider access token, or {@code null}
   * @param refreshTokenSealed the sealed provider refresh token, or {@code null}
   * @param linkedAt when it was linked
   * @param lastUsedAt when it last signed in, or {@code null}
   */
  public record SocialAccountRecord(
      @Nullable Long id,
      UUID ownerPublicId,
      String provider,
      String providerUserId,
      @Nullable String email,
      boolean emailVerified,
      @Nullable String displayName,
      @Nullable String pictureUrl,
      @Nullable String accessTokenSealed,
      @Nullable String refreshTokenSealed,
      Instant linkedAt,
      @Nullable Instant lastUsedAt) {

    /**
     * Checks the required fields.
     *
     * @param id see the record description
     * @param ownerPublicId see the record description
     * @param provider see the record description
     * @param providerUserId see the record description
     * @param email see the record description
     * @param emailVerified see the record description
     * @param displayName see the record description
     * @param pictureUrl see the record description
     * @param accessTokenSealed see the record description
     * @param refreshTokenSealed see the record description
     * @param linkedAt see the record description
     * @param lastUsedAt see the record description
     */
    public SocialAccountRecord {
      requireNonNull(ownerPublicId, "ownerPublicId");
      requireNonNull(provider, "provider");
      requireNonNull(providerUserId, "providerUserId");
      requireNonNull(linkedAt, "linkedAt");
    }

    /**
     * @param newId the stored key
     * @return this record with its key
     */
    public SocialAccountRecord withId(Long newId) {
      return new SocialAccountRecord(
          newId,
          ownerPublicId,
          provider,
          providerUserId,
          email,
          emailVerified,
          displayName,
          pictureUrl,
          accessTokenSealed,
          refreshTokenSealed,
          linkedAt,
          lastUsedAt);
    }

    @Override
    public String toString() {
      return "SocialAccountRecord[id="
          + id
          + ", owner="
          + ownerPublicId
          + ", provider="
          + provider
          + "]";
    }
  }
}
