package dev.gatehouse.core.session;

import java.util.List;

/**
 * What {@code GET /auth/me/} answers: the user, their profiles and the profile they are acting as.
 * Turn it into jb-drf-auth's web or mobile shape with {@link ClientResponse}.
 *
 * @param user the user's public fields
 * @param profiles every profile of the user, oldest first
 * @param currentProfile the profile the access token names, or the default one when it names none
 *     (or one that no longer exists); {@code null} only for a user without profiles
 */
public record Me(UserView user, List<ProfileView> profiles, ProfileView currentProfile) {
  /** Copies the list. */
  public Me {
    profiles = List.copyOf(profiles);
  }
}
