package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.EntityClasses;

/** The Django host's entity set and changelogs. */
public final class DjangoEntities {
  /** The host's master changelog: Django's history, the adoption, the library's. */
  public static final String CHANGELOG = "db/changelog/django-master.xml";

  /** Django's own history alone, as the database stood before adopting Gatehouse. */
  public static final String HISTORY = "db/changelog/django/0001-django-auth.xml";

  private DjangoEntities() {}

  /** The six classes. */
  public static EntityClasses classes() {
    return EntityClasses.builder()
        .user(DjangoUser.class)
        .profile(DjangoProfile.class)
        .device(DjangoDevice.class)
        .otpCode(DjangoOtpCode.class)
        .smsLog(DjangoSmsLog.class)
        .emailLog(DjangoEmailLog.class)
        .build();
  }
}
