package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.EntityClasses;

/** The example host's entity set and changelog. */
public final class AppEntities {
  /** The host's master changelog: the library's, then the host's own changes. */
  public static final String CHANGELOG = "db/changelog/app-master.xml";

  private AppEntities() {}

  /** The six classes, the linked provider identities and the passkeys. */
  public static EntityClasses classes() {
    return EntityClasses.builder()
        .user(User.class)
        .profile(Profile.class)
        .device(Device.class)
        .otpCode(OtpCode.class)
        .smsLog(SmsLog.class)
        .emailLog(EmailLog.class)
        .socialAccount(SocialAccount.class)
        .passkeyCredential(Passkey.class)
        .build();
  }
}
