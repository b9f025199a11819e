package dev.gatehouse.spring.boot;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractPasskeyCredential;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.AbstractSocialAccount;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.DeliveryLogBase;
import java.util.List;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image of a host needs of Gatehouse that static analysis cannot see: the Liquibase
 * changelogs (read as resources, their custom change classes instantiated by name), the email
 * templates, the configuration metadata (the keys a start-up checks against), and the entity base
 * classes Hibernate reads by reflection (their private fields and accessors). The host's own
 * subclasses are added at build time by {@link GatehouseEntitiesAotProcessor}.
 */
final class GatehouseRuntimeHints implements RuntimeHintsRegistrar {
  /** The entity bases every host subclass inherits its mapped fields from. */
  static final List<Class<?>> ENTITY_BASES =
      List.of(
          AuthUserBase.class,
          AbstractAuthUser.class,
          AbstractAuthProfile.class,
          AbstractAuthDevice.class,
          AbstractOtpCode.class,
          DeliveryLogBase.class,
          AbstractSmsLog.class,
          AbstractEmailLog.class,
          AbstractSocialAccount.class,
          AbstractPasskeyCredential.class);

  static final MemberCategory[] ENTITY_MEMBERS = {
    MemberCategory.ACCESS_DECLARED_FIELDS,
    MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
    MemberCategory.INVOKE_DECLARED_METHODS
  };

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints.resources().registerPattern("dev/gatehouse/jpa/changelog/*.xml");
    hints.resources().registerPattern("dev/gatehouse/imports/changelog/*.xml");
    hints.resources().registerPattern("templates/gatehouse/email/*");
    // The keys the starter's properties classes bind, which the start-up checks keys against.
    hints.resources().registerPattern(StarterKeys.METADATA);
    for (Class<?> base : ENTITY_BASES) {
      hints.reflection().registerType(base, ENTITY_MEMBERS);
    }
    // Liquibase creates the changelogs' custom changes by class name and sets their parameters.
    hints
        .reflection()
        .registerType(
            TypeReference.of("dev.gatehouse.jpa.changes.BackfillNormalizedEmails"),
            MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
            MemberCategory.INVOKE_PUBLIC_METHODS);
  }
}
