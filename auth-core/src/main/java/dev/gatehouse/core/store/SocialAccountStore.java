package dev.gatehouse.core.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
}
