package dev.gatehouse.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Store operations for profiles, reached through {@link StoreTransaction#profiles()}. Takes and
 * returns {@link ProfileRecord} values and owners' public ids; every lookup and change is scoped to
 * the owner, so a profile of another user is never found, changed or deleted. Confined to the
 * transaction's thread.
 *
 * <p>"At most one default per owner" is the database's to enforce (a unique marker on the default
 * row): a change that would leave two defaults fails with {@link DuplicateKeyException}.
 *
 * <pre>{@code
 * ProfileStore profiles = tx.profiles();
 * ProfileRecord shop = profiles.create(ProfileRecord.of(owner, "provider", now));
 * profiles.makeDefault(owner, shop.id(), now);
 * }</pre>
 */
public interface ProfileStore {

  /**
   * @param ownerPublicId the owner
   * @return the owner's profiles, oldest first; empty for an unknown owner
   */
  List<ProfileRecord> list(UUID ownerPublicId);

  /**
   * @param ownerPublicId the owner; a profile of another user is never returned
   * @param profileId the profile's key
   * @return the profile
   */
  Optional<ProfileRecord> find(UUID ownerPublicId, long profileId);

  /**
   * @param ownerPublicId the owner
   * @return the owner's default profile, if they have one
   */
  default Optional<ProfileRecord> findDefault(UUID ownerPublicId) {
    return list(ownerPublicId).stream().filter(ProfileRecord::defaultProfile).findFirst();
  }

  /**
   * Stores a new profile, as its owner's default if {@code profile.defaultProfile()} (the owner
   * must not have one yet; use {@link #makeDefault} to switch).
   *
   * @param profile the profile; its {@code id} is ignored
   * @return the stored profile, with its key
   * @throws java.util.NoSuchElementException when the owner does not exist
   * @throws DuplicateKeyException when it would be a second default
   */
  ProfileRecord create(ProfileRecord profile);

  /**
   * Writes a profile's role, label, settings, active flag and modification time. The default flag
   * is not written here (see {@link #makeDefault}), nor the creation time.
   *
   * @param profile the profile, identified by its {@code id} and owner
   * @return whether the owner has that profile (and it was written)
   */
  boolean update(ProfileRecord profile);

  /**
   * Makes a profile its owner's only default: clears the previous default and sets this one, in
   * this transaction. A concurrent switch that would leave two defaults fails on the unique index
   * instead.
   *
   * @param ownerPublicId the owner
   * @param profileId the profile's key
   * @param now modification time
   * @return whether the owner has that profile (when not, nothing changes)
   * @throws DuplicateKeyException when a concurrent change made another default
   */
  boolean makeDefault(UUID ownerPublicId, long profileId, Instant now);

  /**
   * Deletes one profile of the owner; a profile of another user is left alone. Sessions acting as
   * it are not touched (they fall back to the default profile at their next refresh).
   *
   * @param ownerPublicId the owner
   * @param profileId the profile's key
   * @return whether a profile was deleted
   */
  boolean delete(UUID ownerPublicId, long profileId);
}
