package dev.gatehouse.core.session;

import java.util.UUID;

/**
 * Where profile pictures are kept (an object store, a CDN, a directory the host serves): the SPI
 * behind {@link ProfileService#setPicture}. Gatehouse checks the image first (a JPEG, PNG, GIF or
 * WebP within {@code gatehouse.profile.picture-max-bytes}) and stores only the reference this
 * returns on the profile. Implementations must be thread-safe.
 *
 * <pre>{@code
 * PictureStore pictures = new DirectoryPictureStore(Path.of("/srv/media/pictures"),
 *     URI.create("https://media.example.com/pictures/"));
 * gatehouse.profiles().setPicture(me, null, bytes, pictures);
 * }</pre>
 */
public interface PictureStore {
  /**
   * Stores a checked image and returns where it can be found.
   *
   * @param owner the profile owner's public id
   * @param profileId the profile
   * @param image the image bytes
   * @param mediaType its type: {@code image/jpeg}, {@code image/png}, {@code image/gif} or {@code
   *     image/webp}
   * @return the reference kept on the profile (a URL or a storage key, at most 500 characters)
   * @throws dev.gatehouse.core.error.AuthInfrastructureException when the picture cannot be stored
   */
  String store(UUID owner, long profileId, byte[] image, String mediaType);

  /**
   * Removes a picture a profile no longer references (replaced or cleared), after the change
   * committed, so a removed picture stops being reachable. Best effort: a failure is not the
   * profile change's. The default keeps every picture.
   *
   * @param reference a reference {@link #store} returned
   */
  default void delete(String reference) {}
}
