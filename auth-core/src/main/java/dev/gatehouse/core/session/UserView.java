package dev.gatehouse.core.session;

import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user's public fields, as {@code /auth/me/} shows them to the user themself. Never the password
 * hash, never the database key.
 *
 * @param id the public id (what {@code sub} carries)
 * @param email the email, or {@code null}
 * @param phone the phone in E.164 form, or {@code null}
 * @param username the username, or {@code null}
 * @param active whether the account may sign in
 * @param verified whether an identifier was confirmed
 * @param emailVerified whether the email was proven
 * @param phoneVerified whether the phone was proven
 * @param staff staff flag
 * @param superuser superuser flag
 * @param language preferred language tag, or {@code null}
 * @param timeZone preferred time zone, or {@code null}
 * @param featureFlags feature flags turned on
 * @param termsAcceptedAt when the terms were accepted, or {@code null}
 * @param createdAt when the account was created
 * @param lastLoginAt the last login, or {@code null}
 */
public record UserView(
    UUID id,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String username,
    boolean active,
    boolean verified,
    boolean emailVerified,
    boolean phoneVerified,
    boolean staff,
    boolean superuser,
    @Nullable String language,
    @Nullable String timeZone,
    Set<String> featureFlags,
    @Nullable Instant termsAcceptedAt,
    Instant createdAt,
    @Nullable Instant lastLoginAt) {

  /**
   * Copies the set, so later changes to the caller's set do not show.
   *
   * @param id the public id (what {@code sub} carries)
   * @param email the email, or {@code null}
   * @param phone the phone in E.164 form, or {@code null}
   * @param username the username, or {@code null}
   * @param active whether the account may sign in
   * @param verified whether an identifier was confirmed
   * @param emailVerified whether the email was proven
   * @param phoneVerified whether the phone was proven
   * @param staff staff flag
   * @param superuser superuser flag
   * @param language preferred language tag, or {@code null}
   * @param timeZone preferred time zone, or {@code null}
   * @param featureFlags feature flags turned on; not {@code null} and without {@code null} elements
   * @param termsAcceptedAt when the terms were accepted, or {@code null}
   * @param createdAt when the account was created
   * @param lastLoginAt the last login, or {@code null}
   * @throws NullPointerException if {@code featureFlags} or one of its elements is {@code null}
   */
  public UserView {
    featureFlags = Set.copyOf(featureFlags);
  }

  /**
   * The view of a stored user: what its owner may see of it.
   *
   * @param u the stored user
   * @return its view
   */
  public static UserView of(UserRecord u) {
    return new UserView(
        u.publicId(),
        u.email(),
        u.phone(),
        u.username(),
        u.active(),
        u.verified(),
        u.emailVerified(),
        u.phoneVerified(),
        u.staff(),
        u.superuser(),
        u.language(),
        u.timeZone(),
        u.featureFlags(),
        u.termsAcceptedAt(),
        u.dateJoined(),
        u.lastLoginAt());
  }
}
