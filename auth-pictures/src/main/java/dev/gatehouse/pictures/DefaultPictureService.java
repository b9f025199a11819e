package dev.gatehouse.pictures;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PictureService} the module installs. */
final class DefaultPictureService implements PictureService {
  private static final Logger LOG = LoggerFactory.getLogger(PictureService.class);

  private final SignInContext context;

  DefaultPictureService(SignInContext context) {
    this.context = context;
  }

  @Override
  public ProfileView setPicture(
      UUID userPublicId, @Nullable Long profileId, byte[] image, PictureStore pictures) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(image, "image");
    requireNonNull(pictures, "pictures");
    String mediaType = null;
    if (image.length > 0) {
      int max = context.config().get(ProfileSettings.PROFILE_PICTURE_MAX_BYTES);
      if (image.length > max) {
        throw new RejectedInputException(
            PictureErrors.PICTURE_TOO_LARGE, "the picture must be at most " + max + " bytes");
      }
      mediaType =
          PictureTypes.of(image)
              .orElseThrow(
                  () ->
                      new RejectedInputException(
                          PictureErrors.INVALID_PICTURE,
                          "the picture must be a JPEG, PNG, GIF or WebP image"));
    }
    ProfileRecord target =
        context
            .store()
            .inTransaction(
                tx ->
                    profileId == null
                        ? tx.profiles()
                            .findDefault(owner(tx, userPublicId).publicId())
                            .orElseThrow(() -> new NotFoundException(ErrorCode.PROFILE_NOT_FOUND))
                        : profile(tx, userPublicId, profileId));
    String reference =
        mediaType == null ? null : pictures.store(userPublicId, target.id(), image, mediaType);
    if (reference != null && reference.length() > Person.MAX_PICTURE) {
      pictures.delete(reference);
      throw new IllegalStateException(
          "the picture store answered a reference longer than " + Person.MAX_PICTURE);
    }
    Instant now = context.clock().instant();
    return context
        .store()
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
              return new ProfileView(
                  changed.id(),
                  changed.role(),
                  changed.label(),
                  changed.settingsJson(),
                  changed.active(),
                  changed.defaultProfile(),
                  changed.createdAt(),
                  changed.modifiedAt(),
                  changed.person());
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

  /** The caller's account, which must be one that may hold sessions. */
  private static UserRecord owner(StoreTransaction tx, UUID userPublicId) {
    return tx.users()
        .findByPublicId(userPublicId)
        .filter(u -> new SessionOwner(u.active(), u.deleted(), false).maySignIn())
        .orElseThrow(() -> new NotFoundException(ErrorCode.USER_NOT_FOUND));
  }

  private static ProfileRecord profile(StoreTransaction tx, UUID userPublicId, long profileId) {
    owner(tx, userPublicId);
    return tx.profiles()
        .find(userPublicId, profileId)
        .orElseThrow(() -> new NotFoundException(ErrorCode.PROFILE_NOT_FOUND));
  }
}
