package dev.gatehouse.core.account;

import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * A read-only snapshot of an account, safe to return to its owner (no password hash, no key).
 *
 * @param publicId the public id tokens carry
 * @param email the email as stored, or {@code null}
 * @param phone the phone in E.164, or {@code null}
 * @param username the username as stored, or {@code null}
 * @param verified whether the account is verified
 * @param emailVerified whether the email is verified
 * @param phoneVerified whether the phone is verified
 * @param language the BCP 47 language tag, or {@code null}
 * @param timeZone the IANA zone id, or {@code null}
 * @param staff whether the user is staff
 * @param superuser whether the user is a superuser
 * @param createdAt when the account was created
 * @param lastLoginAt the last login, or {@code null}
 */
public record Account(
    UUID publicId,
    String email,
    String phone,
    String username,
    boolean verified,
    boolean emailVerified,
    boolean phoneVerified,
    String language,
    String timeZone,
    boolean staff,
    boolean superuser,
    Instant createdAt,
    Instant lastLoginAt) {

  static Account of(UserRecord u) {
    return new Account(
        u.publicId(),
        u.email(),
        u.phone(),
        u.username(),
        u.verified(),
        u.emailVerified(),
        u.phoneVerified(),
        u.language(),
        u.timeZone(),
        u.staff(),
        u.superuser(),
        u.dateJoined(),
        u.lastLoginAt());
  }
}
