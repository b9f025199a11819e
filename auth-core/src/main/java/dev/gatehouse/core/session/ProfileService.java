package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.ProfileStore.Person;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user's profiles (personas such as "client" or "provider"): list, create, update and delete,
 * always scoped to the owner; the profile switch that issues tokens carrying the new profile claim;
 * and the {@code /auth/me/} model. Obtained from {@code Gatehouse.profiles()}; thread-safe.
 *
 * <p>Every user has exactly one default profile once they have any; the database enforces it (a
 * unique marker on the default row), so concurrent changes cannot leave two. The default profile
 * cannot be deleted: make another one the default first. A profile of another user is answered
 * exactly like one that does not exist ({@code profile_not_found}).
 *
 * <pre>{@code
 * UUID me = caller.userPublicId();
 * ProfileView shop = gatehouse.profiles().create(me, ProfileInput.ofRole("provider"));
 * TokenPair pair = gatehouse.profiles().switchProfile(me, shop.id(), caller.sessionId());
 * }</pre>
 */
public interface ProfileService {
  /**
   * The caller's profiles, oldest first.
   *
   * @param userPublicId the caller ({@code sub})
   * @return the profiles
   * @throws NotFoundException {@code user_not_found} when the user no longer exists
   */
  List<ProfileView> list(UUID userPublicId);

  /**
   * Creates a profile for the caller. Their first profile always becomes the default.
   *
   * @param userPublicId the caller
   * @param input role (default: the configured default role), label, settings, active flag, and
   *     whether to make it the default
   * @return the new profile
   * @throws RejectedInputException {@code invalid_role}, {@code invalid_label} or {@code
   *     invalid_settings}, or {@code too_many_profiles} at {@code gatehouse.profile.max-per-user};
   *     nothing is created
   * @throws NotFoundException {@code user_not_found} when the user no longer exists
   */
  ProfileView create(UUID userPublicId, ProfileInput input);

  /**
   * Changes one of the caller's profiles; {@code null} components of {@code input} are left as they
   * are. {@code makeDefault} makes it the default (clearing the previous default atomically).
   *
   * @param userPublicId the caller
   * @param profileId the profile
   * @param input the changes
   * @return the profile after the change
   * @throws NotFoundException {@code profile_not_found} when the caller has no such profile
   * @throws RejectedInputException {@code invalid_role}, {@code invalid_label}, {@code
   *     invalid_settings}, or {@code default_profile_inactive} when deactivating the default;
   *     nothing changes
   */
  ProfileView update(UUID userPublicId, long profileId, ProfileInput input);

  /**
   * Deletes one of the caller's profiles. Sessions acting as it fall back to the default profile at
   * their next refresh.
   *
   * @param userPublicId the caller
   * @param profileId the profile
   * @throws NotFoundException {@code profile_not_found} when the caller has no such profile
   * @throws RejectedInputException {@code default_profile} when it is the default: make another
   *     profile the default first (so a user never silently loses their default)
   */
  void delete(UUID userPublicId, long profileId);

  /**
   * Switches the caller's session to another of their profiles and answers a new token pair for the
   * same session, whose access token carries the profile under the configured claim. The session's
   * refresh token is rotated: the one the client held before stops working (presenting it later
   * counts as reuse, subject to the grace window), and later refreshes keep the profile. The
   * default profile is not changed.
   *
   * @param userPublicId the caller ({@code sub})
   * @param profileId the profile to act as
   * @param sessionId the caller's session ({@code sid})
   * @return the new pair
   * @throws NotFoundException {@code profile_not_found} when the caller has no such profile, {@code
   *     session_not_found} when the session is not a live session of the caller
   * @throws RejectedInputException {@code profile_inactive} when the profile is deactivated
   */
  TokenPair switchProfile(UUID userPublicId, long profileId, String sessionId);

  /**
   * The {@code /auth/me/} model: the user, their profiles and the profile they act as.
   *
   * @param userPublicId the caller ({@code sub})
   * @param profileClaim the access token's profile claim ({@code caller.profileId()}), or {@code
   *     null}; a claim naming no profile of the caller falls back to the default profile
   * @return the model
   * @throws NotFoundException {@code user_not_found} when the user no longer exists or may not sign
   *     in
   */
  Me me(UUID userPublicId, @Nullable String profileClaim);

  /**
   * The integer a client of the legacy system knows the user by, with {@code
   * gatehouse.token.integer-user-ids} on: an imported user's legacy key, else the user table's
   * numeric primary key. For answers only (the jb-drf-auth contract's user {@code id}); no route
   * finds an account by it.
   *
   * @param userPublicId the user
   * @return the integer, or empty when the setting is off or the user has none to show (the
   *     default)
   */
  default OptionalLong integerId(UUID userPublicId) {
    return OptionalLong.empty();
  }

  /**
   * A profile as its owner sees it.
   *
   * @param id the profile's key (what the profile claim of an access token carries, as a string)
   * @param role one of the configured roles
   * @param label a human label, or {@code null}
   * @param settingsJson the host's settings document (a JSON object), or {@code null}
   * @param active whether it can be used
   * @param defaultProfile whether it is the owner's default
   * @param createdAt when it was created
   * @param modifiedAt when it was last changed
   * @param person the person the profile describes ({@link Person#NONE} when nothing is known)
   */
  public record ProfileView(
      long id,
      String role,
      @Nullable String label,
      @Nullable String settingsJson,
      boolean active,
      boolean defaultProfile,
      Instant createdAt,
      Instant modifiedAt,
      Person person) {

    /**
     * Replaces a {@code null} person with {@link Person#NONE}.
     *
     * @param id the profile's key
     * @param role one of the configured roles
     * @param label a human label, or {@code null}
     * @param settingsJson the host's settings document, or {@code null}
     * @param active whether it can be used
     * @param defaultProfile whether it is the owner's default
     * @param createdAt when it was created
     * @param modifiedAt when it was last changed
     * @param person the person, or {@code null}
     */
    public ProfileView {
      person = person == null ? Person.NONE : person;
    }

    /**
     * A profile without person fields.
     *
     * @param id the profile's key
     * @param role one of the configured roles
     * @param label a human label, or {@code null}
     * @param settingsJson the host's settings document, or {@code null}
     * @param active whether it can be used
     * @param defaultProfile whether it is the owner's default
     * @param createdAt when it was created
     * @param modifiedAt when it was last changed
     */
    public ProfileView(
        long id,
        String role,
        @Nullable String label,
        @Nullable String settingsJson,
        boolean active,
        boolean defaultProfile,
        Instant createdAt,
        Instant modifiedAt) {
      this(
          id,
          role,
          label,
          settingsJson,
          active,
          defaultProfile,
          createdAt,
          modifiedAt,
          Person.NONE);
    }
  }

  /**
   * What a caller sends to create or change a profile. On update, a {@code null} component leaves
   * the field as it is; on create, a {@code null} role means the configured default role.
   *
   * <pre>{@code
   * gatehouse.profiles().create(me, ProfileInput.ofRole("provider").withLabel("My shop"));
   * gatehouse.profiles().update(me, id, ProfileInput.asDefault());
   * }</pre>
   *
   * @param role one of {@code gatehouse.profile.roles}, or {@code null}
   * @param label a human label of at most 100 characters (empty clears it), or {@code null}
   * @param settingsJson a JSON object of at most 4000 characters, or {@code null}
   * @param active whether the profile can be used, or {@code null}
   * @param makeDefault whether to make it the owner's default ({@code false} never unsets a
   *     default: make another profile the default instead)
   * @param person the person fields, replacing all of them, or {@code null} to leave them as they
   *     are
   */
  public record ProfileInput(
      @Nullable String role,
      @Nullable String label,
      @Nullable String settingsJson,
      @Nullable Boolean active,
      boolean makeDefault,
      @Nullable Person person) {

    /**
     * Input without person fields (they stay as they are).
     *
     * @param role one of {@code gatehouse.profile.roles}, or {@code null}
     * @param label a human label, or {@code null}
     * @param settingsJson a JSON object, or {@code null}
     * @param active whether the profile can be used, or {@code null}
     * @param makeDefault whether to make it the owner's default
     */
    public ProfileInput(
        @Nullable String role,
        @Nullable String label,
        @Nullable String settingsJson,
        @Nullable Boolean active,
        boolean makeDefault) {
      this(role, label, settingsJson, active, makeDefault, null);
    }

    /**
     * @param role the role
     * @return input setting only the role
     */
    public static ProfileInput ofRole(String role) {
      return new ProfileInput(role, null, null, null, false);
    }

    /** {@return input that only makes the profile the default, changing nothing else} */
    public static ProfileInput asDefault() {
      return new ProfileInput(null, null, null, null, true);
    }

    /**
     * @param label the label
     * @return a copy with the label
     */
    public ProfileInput withLabel(String label) {
      return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
    }

    /**
     * @param settingsJson a JSON object
     * @return a copy with the settings
     */
    public ProfileInput withSettings(String settingsJson) {
      return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
    }

    /**
     * @param active whether the profile can be used
     * @return a copy with the flag
     */
    public ProfileInput withActive(boolean active) {
      return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
    }

    /**
     * @param makeDefault whether to make it the default
     * @return a copy with the flag
     */
    public ProfileInput withMakeDefault(boolean makeDefault) {
      return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
    }

    /**
     * @param person the person fields (all of them), or {@code null} to leave them as they are
     * @return a copy with the person
     */
    public ProfileInput withPerson(@Nullable Person person) {
      return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
    }
  }

  /**
   * What {@code GET /auth/me/} answers: the user, their profiles and the profile they are acting
   * as. The HTTP contracts shape it for their clients.
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
}
