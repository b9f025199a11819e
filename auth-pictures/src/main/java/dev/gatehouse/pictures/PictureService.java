package dev.gatehouse.pictures;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A profile's picture, from {@code gatehouse.feature(PictureService.class)} once {@link
 * ProfilePictures} is installed. Thread-safe.
 */
public interface PictureService {
  /**
   * Sets the picture of one of the caller's profiles: checks the image (a JPEG, PNG, GIF or WebP by
   * its leading bytes, at most {@code gatehouse.profile.picture-max-bytes}), hands it to {@code
   * pictures} and keeps the reference it returns on the profile. An empty image clears the picture.
   * The image is stored before the profile changes: should that change fail, the stored file is
   * left unreferenced, never the profile pointing at nothing.
   *
   * @param userPublicId the caller
   * @param profileId the profile, or {@code null} for the default profile
   * @param image the image bytes (empty to clear)
   * @param pictures where pictures are kept
   * @return the profile after the change
   * @throws RejectedInputException {@code invalid_picture} (not an image of an accepted type) or
   *     {@code picture_too_large}; nothing changes
   * @throws NotFoundException {@code user_not_found} when the caller may not sign in, {@code
   *     profile_not_found} when the caller has no such profile
   */
  ProfileView setPicture(
      UUID userPublicId, @Nullable Long profileId, byte[] image, PictureStore pictures);
}
