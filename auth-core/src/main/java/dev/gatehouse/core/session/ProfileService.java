package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.session.SessionTokens.NewRefreshToken;
import dev.gatehouse.core.store.Person;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class ProfileService {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);

  private static final int LABEL_MAX = 100;
  private static final int SETTINGS_MAX = 4000;

  private final GatehouseContext ctx;

  static {
    ServiceAccess.register(ProfileService.class, (ctx, sessions) -> new ProfileService(ctx));
  }

  /**
   * Built by {@code Gatehouse} through {@link ServiceAccess}.
   *
   * @param ctx the shared wiring (internal)
   */
  ProfileService(GatehouseContext ctx) {
    this.ctx = requireNonNull(ctx, "ctx");
  }

  /**
   * The caller's profiles, oldest first.
   *
   * @param userPublicId the caller ({@code sub})
   * @return the profiles
   * @throws NotFoundException {@code user_not_found} when the user no longer exists
   */
  public List<ProfileView> list(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return ctx.store()
        .inTransaction(
            tx -> {
              owner(tx, userPublicId);
              return tx.profiles().list(userPublicId).stream().map(ProfileView::of).toList();
            });
  }

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
  public ProfileView create(UUID userPublicId, ProfileInput input) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(input, "input");
    String role =
        input.role() == null
            ? ctx.config().get(ProfileSettings.DEFAULT_PROFILE_ROLE)
            : input.role();
    validate(new ProfileInput(role, input.label(), input.settingsJson(), null, false));
    Instant now = ctx.clock().instant();
    return ctx.store()
        .inTransaction(
            tx -> {
              owner(tx, userPublicId);
              ProfileStore profiles = tx.profiles();
              int existing = profiles.list(userPublicId).size();
              if (existing >= ctx.config().get(ProfileSettings.PROFILE_MAX_PER_USER)) {
                throw new RejectedInputException(
                    ErrorCode.TOO_MANY_PROFILES,
                    "this account has as many profiles as it may have; delete one first");
              }
              boolean first = existing == 0;
              ProfileRecord p =
                  profiles.create(
                      new ProfileRecord(
                          null,
                          userPublicId,
                          role,
                          label(input.label()),
                          input.settingsJson(),
                          input.active() == null || input.active(),
                          first,
                          now,
                          now,
                          input.person()));
              if (!first && input.makeDefault()) {
                profiles.makeDefault(userPublicId, p.id(), now);
                p = p.withDefaultProfile(true);
              }
              return ProfileView.of(p);
            });
  }

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
  public ProfileView update(UUID userPublicId, long profileId, ProfileInput input) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(input, "input");
    validate(input);
    Instant now = ctx.clock().instant();
    return ctx.store()
        .inTransaction(
            tx -> {
              ProfileRecord p = profile(tx, userPublicId, profileId);
              boolean willBeDefault = p.defaultProfile() || input.makeDefault();
              if (willBeDefault && Boolean.FALSE.equals(input.active())) {
                throw new RejectedInputException(
                    ErrorCode.DEFAULT_PROFILE_INACTIVE,
                    "the default profile cannot be deactivated");
              }
              if (input.makeDefault() && !p.active() && !Boolean.TRUE.equals(input.active())) {
                throw new RejectedInputException(
                    ErrorCode.DEFAULT_PROFILE_INACTIVE,
                    "an inactive profile cannot be the default");
              }
              ProfileRecord changed =
                  new ProfileRecord(
                      p.id(),
                      userPublicId,
                      input.role() != null ? input.role() : p.role(),
                      input.label() != null ? label(input.label()) : p.label(),
                      input.settingsJson() != null ? input.settingsJson() : p.settingsJson(),
                      input.active() != null ? input.active() : p.active(),
                      willBeDefault,
                      p.createdAt(),
                      now,
                      input.person() != null ? input.person() : p.person());
              tx.profiles().update(changed);
              if (input.makeDefault() && !p.defaultProfile()) {
                tx.profiles().makeDefault(userPublicId, p.id(), now);
              }
              return ProfileView.of(changed);
            });
  }

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
  public void delete(UUID userPublicId, long profileId) {
    requireNonNull(userPublicId, "userPublicId");
    ctx.store()
        .inTransaction(
            tx -> {
              ProfileRecord p = profile(tx, userPublicId, profileId);
              if (p.defaultProfile()) {
                throw new RejectedInputException(
                    ErrorCode.DEFAULT_PROFILE,
                    "the default profile cannot be deleted; make another profile the default first");
              }
              tx.profiles().delete(userPublicId, p.id());
              return null;
            });
  }

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
  public TokenPair switchProfile(UUID userPublicId, long profileId, String sessionId) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(sessionId, "sessionId");
    Instant now = ctx.clock().instant();
    NewRefreshToken next = SessionTokens.newRefreshToken(ctx);
    return ctx.store()
        .inTransaction(
            tx -> {
              ProfileRecord p = profile(tx, userPublicId, profileId);
              if (!p.active()) {
                throw new RejectedInputException(
                    ErrorCode.PROFILE_INACTIVE, "the profile is inactive");
              }
              SessionStore store = tx.sessions();
              SessionState s =
                  store
                      .findSession(sessionId)
                      .filter(x -> x.userPublicId().equals(userPublicId) && x.liveAt(now))
                      .orElseThrow(() -> new NotFoundException(ErrorCode.SESSION_NOT_FOUND));
              if (!store.replaceRefreshToken(sessionId, next.hash(), now)) {
                throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND);
              }
              store.setSessionProfile(sessionId, p.id());
              return SessionTokens.pair(
                  ctx,
                  tx,
                  userPublicId,
                  null,
                  null,
                  sessionId,
                  s.amr(),
                  p.id(),
                  s.createdAt(),
                  next.token());
            });
  }

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
   * @throws NotFoundException {@code profile_not_found} when the caller has no such profile
   */
  public ProfileView setPicture(
      UUID userPublicId, @Nullable Long profileId, byte[] image, PictureStore pictures) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(image, "image");
    requireNonNull(pictures, "pictures");
    String mediaType = null;
    if (image.length > 0) {
      int max = ctx.config().get(ProfileSettings.PROFILE_PICTURE_MAX_BYTES);
      if (image.length > max) {
        throw new RejectedInputException(
            ErrorCode.PICTURE_TOO_LARGE, "the picture must be at most " + max + " bytes");
      }
      mediaType =
          PictureTypes.of(image)
              .orElseThrow(
                  () ->
                      new RejectedInputException(
                          ErrorCode.INVALID_PICTURE,
                          "the picture must be a JPEG, PNG, GIF or WebP image"));
    }
    ProfileRecord target =
        ctx.store()
            .inTransaction(
                tx ->
                    profileId == null
                        ? SessionTokens.defaultProfile(tx, owner(tx, userPublicId).publicId())
                            .orElseThrow(() -> new NotFoundException(ErrorCode.PROFILE_NOT_FOUND))
                        : profile(tx, userPublicId, profileId));
    String reference =
        mediaType == null ? null : pictures.store(userPublicId, target.id(), image, mediaType);
    if (reference != null && reference.length() > Person.MAX_PICTURE) {
      pictures.delete(reference);
      throw new IllegalStateException(
          "the picture store answered a reference longer than " + Person.MAX_PICTURE);
    }
    Instant now = ctx.clock().instant();
    return ctx.store()
        .inTransaction(
            tx -> {
              ProfileRecord p = profile(tx, userPublicId, target.id());
              Person person = p.person();
              ProfileRecord changed =
                  new ProfileRecord(
                      p.id(),
                      userPublicId,
                      p.role(),
                      p.label(),
                      p.settingsJson(),
                      p.active(),
                      p.defaultProfile(),
                      p.createdAt(),
                      now,
                      new Person(
                          person.firstName(),
                          person.lastName1(),
                          person.lastName2(),
                          person.birthday(),
                          person.gender(),
                          reference));
              tx.profiles().update(changed);
              String replaced = person.picture();
              if (replaced != null && !replaced.equals(reference)) {
                // After commit only: a rolled-back change keeps pointing at its picture.
                tx.afterCommit(() -> forget(pictures, replaced));
              }
              return ProfileView.of(changed);
            });
  }

  /** Deletes a picture no profile references any more; a failure is logged, never raised. */
  private static void forget(PictureStore pictures, String reference) {
    try {
      pictures.delete(reference);
    } catch (RuntimeException e) {
      LOG.warn("a replaced profile picture could not be deleted: {}", e.toString());
    }
  }

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
  public Me me(UUID userPublicId, @Nullable String profileClaim) {
    requireNonNull(userPublicId, "userPublicId");
    return ctx.store()
        .inTransaction(
            tx -> {
              UserRecord user = owner(tx, userPublicId);
              return Me.of(user, tx.profiles().list(userPublicId), profileClaim);
            });
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static UserRecord owner(StoreTransaction tx, UUID userPublicId) {
    return tx.users()
        .findByPublicId(userPublicId)
        .filter(SessionTokens::maySignIn)
        .orElseThrow(() -> new NotFoundException(ErrorCode.USER_NOT_FOUND));
  }

  private static ProfileRecord profile(StoreTransaction tx, UUID userPublicId, long profileId) {
    owner(tx, userPublicId);
    return tx.profiles()
        .find(userPublicId, profileId)
        .orElseThrow(() -> new NotFoundException(ErrorCode.PROFILE_NOT_FOUND));
  }

  private void validate(ProfileInput input) {
    if (input.role() != null
        && !ctx.config().get(ProfileSettings.PROFILE_ROLES).contains(input.role())) {
      throw new RejectedInputException(
          ErrorCode.INVALID_ROLE,
          "role must be one of " + ctx.config().get(ProfileSettings.PROFILE_ROLES));
    }
    if (input.label() != null && input.label().strip().length() > LABEL_MAX) {
      throw new RejectedInputException(
          ErrorCode.INVALID_LABEL, "label must be at most " + LABEL_MAX + " characters");
    }
    if (input.settingsJson() != null) {
      boolean ok = input.settingsJson().length() <= SETTINGS_MAX;
      if (ok) {
        try {
          JSONObjectUtils.parse(input.settingsJson());
        } catch (ParseException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new RejectedInputException(
            ErrorCode.INVALID_SETTINGS,
            "settings must be a JSON object of at most " + SETTINGS_MAX + " characters");
      }
    }
  }

  private static String label(String label) {
    if (label == null) {
      return null;
    }
    String s = label.strip();
    return s.isEmpty() ? null : s;
  }

  /** {@return a profile id claim as a number, or empty when it is not one} */
  static Optional<Long> parseId(String claim) {
    if (claim == null || claim.isEmpty() || claim.length() > 19) {
      return Optional.empty();
    }
    for (int i = 0; i < claim.length(); i++) {
      if (!Character.isDigit(claim.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(claim));
  }
}
