package dev.gatehouse.core.entity;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import jakarta.persistence.Entity;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The host's concrete entity classes, one per abstract entity. Immutable and thread-safe.
 *
 * <pre>{@code
 * EntityClasses entities = EntityClasses.builder()
 *     .user(User.class).profile(Profile.class).device(Device.class)
 *     .otpCode(OtpCode.class).smsLog(SmsLog.class).emailLog(EmailLog.class)
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks each class: concrete, annotated {@code @Entity}, a no-argument
 * constructor, and — for profile, device, OTP code and social account — parameterised with the same
 * user class. A mismatch fails with a {@link ConfigurationException} naming the class.
 *
 * <p>The social-account entity is optional: only a host that turns social sign-in on declares one
 * ({@link Builder#socialAccount}); so is the passkey entity ({@link Builder#passkeyCredential}).
 */
public final class EntityClasses {
  private final Class<? extends AuthUserBase> user;
  private final Class<? extends AbstractAuthProfile<?>> profile;
  private final Class<? extends AbstractAuthDevice<?>> device;
  private final Class<? extends AbstractOtpCode<?>> otpCode;
  private final Class<? extends AbstractSmsLog> smsLog;
  private final Class<? extends AbstractEmailLog> emailLog;
  private final Class<? extends AbstractSocialAccount<?>> socialAccount;
  private final Class<? extends AbstractPasskeyCredential<?>> passkeyCredential;

  private EntityClasses(Builder b) {
    this.user = b.user;
    this.profile = b.profile;
    this.device = b.device;
    this.otpCode = b.otpCode;
    this.smsLog = b.smsLog;
    this.emailLog = b.emailLog;
    this.socialAccount = b.socialAccount;
    this.passkeyCredential = b.passkeyCredential;
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the host's user entity} */
  public Class<? extends AuthUserBase> user() {
    return user;
  }

  /** {@return the host's profile entity} */
  public Class<? extends AbstractAuthProfile<?>> profile() {
    return profile;
  }

  /** {@return the host's device entity} */
  public Class<? extends AbstractAuthDevice<?>> device() {
    return device;
  }

  /** {@return the host's OTP code entity} */
  public Class<? extends AbstractOtpCode<?>> otpCode() {
    return otpCode;
  }

  /** {@return the host's SMS log entity} */
  public Class<? extends AbstractSmsLog> smsLog() {
    return smsLog;
  }

  /** {@return the host's email log entity} */
  public Class<? extends AbstractEmailLog> emailLog() {
    return emailLog;
  }

  /** {@return the host's social-account entity, when it declared one} */
  public Optional<Class<? extends AbstractSocialAccount<?>>> socialAccount() {
    return Optional.ofNullable(socialAccount);
  }

  /** {@return the host's passkey entity, when it declared one} */
  public Optional<Class<? extends AbstractPasskeyCredential<?>>> passkeyCredential() {
    return Optional.ofNullable(passkeyCredential);
  }

  /**
   * {@return every class of the set, user first (the six required ones, then the optional ones)}
   */
  public List<Class<?>> all() {
    List<Class<?>> all = new ArrayList<>(List.of(user, profile, device, otpCode, smsLog, emailLog));
    if (socialAccount != null) {
      all.add(socialAccount);
    }
    if (passkeyCredential != null) {
      all.add(passkeyCredential);
    }
    return List.copyOf(all);
  }

  /**
   * Finds the host's entity for each of Gatehouse's base classes among the classes of a persistence
   * unit (or of a jar): exactly one concrete subclass of each of the six required bases, and at
   * most one of {@link AbstractSocialAccount} and {@link AbstractPasskeyCredential}. A host's
   * entity that is itself extended (single-table inheritance) is the one that maps the base.
   *
   * @param candidates the classes to look among (any class that extends none of the bases is
   *     ignored)
   * @param whereToLook what the error adds about where entities are found and how else to name them
   *     (the starter's entity scan, the import tool's jar)
   * @return the entity classes
   * @throws ConfigurationException naming every base class that no class, or more than one, extends
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static EntityClasses find(Collection<Class<?>> candidates, String whereToLook) {
    requireNonNull(whereToLook, "whereToLook");
    List<Class<?>> managed = List.copyOf(candidates);
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
              + " AbstractEmailLog "
              + whereToLook);
    }
    Builder b =
        builder()
            .user(user)
            .profile(profile)
            .device(device)
            .otpCode(otp)
            .smsLog(sms)
            .emailLog(email);
    // Optional: only a host with social sign-in, or with passkeys, declares one.
    if (managed.stream().anyMatch(AbstractSocialAccount.class::isAssignableFrom)) {
      b.socialAccount(optional(managed, AbstractSocialAccount.class, "AbstractSocialAccount"));
    }
    if (managed.stream().anyMatch(AbstractPasskeyCredential.class::isAssignableFrom)) {
      b.passkeyCredential(
          optional(managed, AbstractPasskeyCredential.class, "AbstractPasskeyCredential"));
    }
    return b.build();
  }

  @SuppressWarnings("rawtypes")
  private static Class optional(List<Class<?>> managed, Class<?> base, String baseName) {
    List<String> problems = new ArrayList<>();
    Class<?> found = one(managed, base, baseName, problems);
    if (found == null) {
      throw new ConfigurationException(String.join("; ", problems));
    }
    return found;
  }

  private static Class<?> one(
      List<Class<?>> managed, Class<?> base, String baseName, List<String> problems) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> c : managed) {
      if (base.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
        found.add(c);
      }
    }
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

  /**
   * Creates a new, unsaved instance of one of the host's classes.
   *
   * @param type one of the classes of this set
   * @param <T> its type
   * @return a new instance
   */
  public static <T> T instantiate(Class<T> type) {
    try {
      Constructor<T> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ConfigurationException("cannot instantiate entity " + type.getName(), e);
    }
  }

  /**
   * Fail-fast builder; every setter is required except {@link #socialAccount} and {@link
   * #passkeyCredential}. Not thread-safe.
   */
  public static final class Builder {
    private Class<? extends AuthUserBase> user;
    private Class<? extends AbstractAuthProfile<?>> profile;
    private Class<? extends AbstractAuthDevice<?>> device;
    private Class<? extends AbstractOtpCode<?>> otpCode;
    private Class<? extends AbstractSmsLog> smsLog;
    private Class<? extends AbstractEmailLog> emailLog;
    private Class<? extends AbstractSocialAccount<?>> socialAccount;
    private Class<? extends AbstractPasskeyCredential<?>> passkeyCredential;

    private Builder() {}

    /**
     * @param user the host's user entity
     * @return this builder
     */
    public Builder user(Class<? extends AuthUserBase> user) {
      this.user = requireNonNull(user, "user");
      return this;
    }

    /**
     * @param profile the host's profile entity
     * @return this builder
     */
    public Builder profile(Class<? extends AbstractAuthProfile<?>> profile) {
      this.profile = requireNonNull(profile, "profile");
      return this;
    }

    /**
     * @param device the host's device entity
     * @return this builder
     */
    public Builder device(Class<? extends AbstractAuthDevice<?>> device) {
      this.device = requireNonNull(device, "device");
      return this;
    }

    /**
     * @param otpCode the host's OTP code entity
     * @return this builder
     */
    public Builder otpCode(Class<? extends AbstractOtpCode<?>> otpCode) {
      this.otpCode = requireNonNull(otpCode, "otpCode");
      return this;
    }

    /**
     * @param smsLog the host's SMS log entity
     * @return this builder
     */
    public Builder smsLog(Class<? extends AbstractSmsLog> smsLog) {
      this.smsLog = requireNonNull(smsLog, "smsLog");
      return this;
    }

    /**
     * @param emailLog the host's email log entity
     * @return this builder
     */
    public Builder emailLog(Class<? extends AbstractEmailLog> emailLog) {
      this.emailLog = requireNonNull(emailLog, "emailLog");
      return this;
    }

    /**
     * Optional: only for social sign-in.
     *
     * @param socialAccount the host's social-account entity
     * @return this builder
     */
    public Builder socialAccount(Class<? extends AbstractSocialAccount<?>> socialAccount) {
      this.socialAccount = requireNonNull(socialAccount, "socialAccount");
      return this;
    }

    /**
     * Optional: only for passkeys.
     *
     * @param passkeyCredential the host's passkey entity
     * @return this builder
     */
    public Builder passkeyCredential(
        Class<? extends AbstractPasskeyCredential<?>> passkeyCredential) {
      this.passkeyCredential = requireNonNull(passkeyCredential, "passkeyCredential");
      return this;
    }

    /**
     * Checks and freezes the set.
     *
     * @return the entity classes
     * @throws ConfigurationException naming the first class that does not fit
     */
    public EntityClasses build() {
      require("entities.user", user);
      require("entities.profile", profile);
      require("entities.device", device);
      require("entities.otpCode", otpCode);
      require("entities.smsLog", smsLog);
      require("entities.emailLog", emailLog);
      ownerMustBeUser("entities.profile", profile, AbstractAuthProfile.class);
      ownerMustBeUser("entities.device", device, AbstractAuthDevice.class);
      ownerMustBeUser("entities.otpCode", otpCode, AbstractOtpCode.class);
      if (socialAccount != null) {
        require("entities.socialAccount", socialAccount);
        ownerMustBeUser("entities.socialAccount", socialAccount, AbstractSocialAccount.class);
      }
      if (passkeyCredential != null) {
        require("entities.passkeyCredential", passkeyCredential);
        ownerMustBeUser(
            "entities.passkeyCredential", passkeyCredential, AbstractPasskeyCredential.class);
      }
      return new EntityClasses(this);
    }

    private static void require(String key, Class<?> type) {
      if (type == null) {
        throw new ConfigurationException(key + " is required but was not set");
      }
      if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
        throw new ConfigurationException(key + ": " + type.getName() + " must be concrete");
      }
      if (!type.isAnnotationPresent(Entity.class)) {
        throw new ConfigurationException(
            key + ": " + type.getName() + " must be annotated @jakarta.persistence.Entity");
      }
      try {
        type.getDeclaredConstructor();
      } catch (NoSuchMethodException e) {
        throw new ConfigurationException(
            key + ": " + type.getName() + " needs a no-argument constructor", e);
      }
    }

    private void ownerMustBeUser(String key, Class<?> type, Class<?> base) {
      Type owner = ownerTypeArgument(type, base);
      if (owner != user) {
        throw new ConfigurationException(
            key
                + ": "
                + type.getName()
                + " extends "
                + base.getSimpleName()
                + "<"
                + (owner == null ? "?" : owner.getTypeName())
                + "> but the user entity is "
                + user.getName());
      }
    }

    private static Type ownerTypeArgument(Class<?> type, Class<?> base) {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        Type sup = c.getGenericSuperclass();
        if (sup instanceof ParameterizedType p && p.getRawType() == base) {
          return p.getActualTypeArguments()[0];
        }
      }
      return null;
    }
  }
}
