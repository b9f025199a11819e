package dev.gatehouse.spring.boot;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractPasskeyCredential;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.AbstractSocialAccount;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.core.store.EntityClasses;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.util.ClassUtils;

/**
 * The persistence unit's side of the starter: finds the host's six subclasses among the types
 * Spring Boot's entity scan found (the library's own tables are not entities).
 */
final class GatehouseEntities {
  private GatehouseEntities() {}

  /**
   * Finds the host's entity for each of Gatehouse's six base classes among the managed types.
   *
   * @param types the persistence unit's managed types
   * @param loader where to load them from
   * @return the entity classes
   * @throws ConfigurationException naming every base class that no entity, or more than one,
   *     extends
   */
  static EntityClasses find(PersistenceManagedTypes types, ClassLoader loader) {
    List<Class<?>> managed = new ArrayList<>();
    for (String name : types.getManagedClassNames()) {
      managed.add(ClassUtils.resolveClassName(name, loader));
    }
    return find(managed);
  }

  /**
   * As {@link #find(PersistenceManagedTypes, ClassLoader)}, over loaded classes.
   *
   * @param managed the managed entity classes
   * @return the entity classes
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static EntityClasses find(List<Class<?>> managed) {
    List<String> problems = new ArrayList<>();
    Class user = one(managed, AuthUserBase.class, "AbstractAuthUser (or AuthUserBase)", problems);
    Class profile = one(managed, AbstractAuthProfile.class, "AbstractAuthProfile", problems);
    Class device = one(managed, AbstractAuthDevice.class, "AbstractAuthDevice", problems);
    Class otp = one(managed, AbstractOtpCode.class, "AbstractOtpCode", problems);
    Class sms = one(managed, AbstractSmsLog.class, "AbstractSmsLog", problems);
    Class email = one(managed, AbstractEmailLog.class, "AbstractEmailLog", problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(
          String.join("; ", problems)
              + ". Gatehouse needs exactly one @Entity subclass of each of AbstractAuthUser,"
              + " AbstractAuthProfile, AbstractAuthDevice, AbstractOtpCode, AbstractSmsLog and"
              + " AbstractEmailLog in a package Spring Boot scans for entities (the package of the"
              + " @SpringBootApplication class and below, or the @EntityScan packages); or declare"
              + " an EntityClasses bean");
    }
    EntityClasses.Builder b =
        EntityClasses.builder()
            .user(user)
            .profile(profile)
            .device(device)
            .otpCode(otp)
            .smsLog(sms)
            .emailLog(email);
    // Optional: only a host with social sign-in declares one.
    List<String> socialProblems = new ArrayList<>();
    List<Class<?>> social =
        managed.stream().filter(c -> AbstractSocialAccount.class.isAssignableFrom(c)).toList();
    if (!social.isEmpty()) {
      Class found =
          one(managed, AbstractSocialAccount.class, "AbstractSocialAccount", socialProblems);
      if (found == null) {
        throw new ConfigurationException(String.join("; ", socialProblems));
      }
      b.socialAccount(found);
    }
    // Optional too: only a host with passkeys declares one.
    if (managed.stream().anyMatch(c -> AbstractPasskeyCredential.class.isAssignableFrom(c))) {
      List<String> passkeyProblems = new ArrayList<>();
      Class found =
          one(
              managed,
              AbstractPasskeyCredential.class,
              "AbstractPasskeyCredential",
              passkeyProblems);
      if (found == null) {
        throw new ConfigurationException(String.join("; ", passkeyProblems));
      }
      b.passkeyCredential(found);
    }
    return b.build();
  }

  private static Class<?> one(
      List<Class<?>> managed, Class<?> base, String baseName, List<String> problems) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> c : managed) {
      if (base.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
        found.add(c);
      }
    }
    // A host's entity may itself be extended (single-table inheritance); the topmost one maps it.
    found.removeIf(c -> found.stream().anyMatch(o -> o != c && o.isAssignableFrom(c)));
    if (found.isEmpty()) {
      problems.add("no entity extends " + baseName);
      return null;
    }
    if (found.size() > 1) {
      problems.add(
          "more than one entity extends "
              + baseName
              + ": "
              + found.stream().map(Class::getName).toList());
      return null;
    }
    return found.get(0);
  }
}
