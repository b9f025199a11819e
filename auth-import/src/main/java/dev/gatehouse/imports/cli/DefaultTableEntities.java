package dev.gatehouse.imports.cli;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.store.EntityClasses;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.function.Supplier;

/**
 * The command-line tool's entities for a host on the library's default tables ({@code gh_user},
 * {@code gh_profile}, ...) with no columns of its own. A host with its own entities passes {@code
 * --entities com.example.MyEntities} (a {@code Supplier<EntityClasses>} with a public no-argument
 * constructor) and puts its jar on the class path.
 */
public final class DefaultTableEntities implements Supplier<EntityClasses> {

  /** Creates the supplier. */
  public DefaultTableEntities() {}

  /** The user on {@code gh_user}. */
  @Entity(name = "CliUser")
  @Table(name = "gh_user")
  public static class User extends AbstractAuthUser {}

  /** The profile on {@code gh_profile}. */
  @Entity(name = "CliProfile")
  @Table(name = "gh_profile")
  public static class Profile extends AbstractAuthProfile<User> {}

  /** The device on {@code gh_device}. */
  @Entity(name = "CliDevice")
  @Table(name = "gh_device")
  public static class Device extends AbstractAuthDevice<User> {}

  /** The OTP code on {@code gh_otp_code}. */
  @Entity(name = "CliOtpCode")
  @Table(name = "gh_otp_code")
  public static class OtpCode extends AbstractOtpCode<User> {}

  /** The SMS log on {@code gh_sms_log}. */
  @Entity(name = "CliSmsLog")
  @Table(name = "gh_sms_log")
  public static class SmsLog extends AbstractSmsLog {}

  /** The email log on {@code gh_email_log}. */
  @Entity(name = "CliEmailLog")
  @Table(name = "gh_email_log")
  public static class EmailLog extends AbstractEmailLog {}

  @Override
  public EntityClasses get() {
    return EntityClasses.builder()
        .user(User.class)
        .profile(Profile.class)
        .device(Device.class)
        .otpCode(OtpCode.class)
        .smsLog(SmsLog.class)
        .emailLog(EmailLog.class)
        .build();
  }
}
