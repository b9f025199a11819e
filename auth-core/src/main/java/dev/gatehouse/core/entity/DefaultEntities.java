package dev.gatehouse.core.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * Concrete entities on the library's default {@code gh_*} table names, one line each: what a fresh
 * host with no columns of its own writes. The one default set: tests use it, and the importer's
 * command line uses it for a host on the default tables. Use one set per persistence unit; a host
 * that lists these classes in its persistence unit adds nothing else of Gatehouse's to it.
 */
public final class DefaultEntities {
  private DefaultEntities() {}

  /** User. */
  @Entity
  @Table(name = "gh_user")
  public static class User extends AbstractAuthUser {}

  /** Profile. */
  @Entity
  @Table(name = "gh_profile")
  public static class Profile extends AbstractAuthProfile<User> {}

  /** Device. */
  @Entity
  @Table(name = "gh_device")
  public static class Device extends AbstractAuthDevice<User> {}

  /** OTP code. */
  @Entity
  @Table(name = "gh_otp_code")
  public static class OtpCode extends AbstractOtpCode<User> {}

  /** SMS log. */
  @Entity
  @Table(name = "gh_sms_log")
  public static class SmsLog extends AbstractSmsLog {}

  /** Email log. */
  @Entity
  @Table(name = "gh_email_log")
  public static class EmailLog extends AbstractEmailLog {}

  /** Social account. */
  @Entity
  @Table(name = "gh_social_account")
  public static class SocialAccount extends AbstractSocialAccount<User> {}

  /** Passkey. */
  @Entity
  @Table(name = "gh_passkey")
  public static class PasskeyCredential extends AbstractPasskeyCredential<User> {}

  /**
   * The set.
   *
   * @return the default entity classes
   */
  public static EntityClasses classes() {
    return EntityClasses.builder()
        .user(User.class)
        .profile(Profile.class)
        .device(Device.class)
        .otpCode(OtpCode.class)
        .smsLog(SmsLog.class)
        .emailLog(EmailLog.class)
        .socialAccount(SocialAccount.class)
        .passkeyCredential(PasskeyCredential.class)
        .build();
  }
}
