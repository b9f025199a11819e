package dev.gatehouse.core.session;

import dev.gatehouse.core.session.ProfileService.ProfileView;
import java.util.List;

/**
 * What {@code GET /auth/me/} answers: the user, their profiles and the profile they are acting as.
 * The HTTP contracts shape it for their clients.
 *
 * @param user the user's public fields
 * @param profiles every profile of the user, oldest first
 * @param currentProfile the profile the access token names, or the default one when it names none
 *     (or one that no longer exists); {@code null} only for a user without profiles
 */
public record Me(UserView user, List<ProfileView> profiles, ProfileView currentProfile) {
  /**
   * Copies the list, so later changes to the caller's list do not show.
   *
   * @param user the user's public fields
   * @param profiles every profile of the user, oldest first; not {@code null} and without {@code
   *     null} elements
   * @param currentProfile the profile the user is acting as, or {@code null} for a user without
   *     profiles
   * @throws NullPointerException if {@code profiles} or one of its elements is {@code null}
   */
  public Me {
    profiles = List.copyOf(profiles);
  }
}
