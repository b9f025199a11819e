package dev.gatehouse.testing;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.store.UserStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Users, their profiles and their devices in memory, with the unique keys the JPA schema has: a
 * canonical email, a phone and a canonical username belong to one user (deleted or not), one
 * default profile per owner, one device per owner and installation token.
 */
final class MemoryAccounts implements UserStore {
  private final MemoryTable<UUID, UserRecord> users;
  private final MemoryTable<Long, ProfileRecord> profiles;
  private final MemoryTable<Long, DeviceRecord> devices;
  private final AtomicLong ids = new AtomicLong();
  private final Profiles profileStore = new Profiles();
  private final Devices deviceStore = new Devices();

  MemoryAccounts(InMemoryAuthStore store) {
    this.users = new MemoryTable<>(store);
    this.profiles = new MemoryTable<>(store);
    this.devices = new MemoryTable<>(store);
  }

  ProfileStore profiles() {
    return profileStore;
  }

  DeviceStore devices() {
    return deviceStore;
  }

  /** Fails as a missing foreign key would when {@code owner} is no user. */
  void requireOwner(UUID owner) {
    if (users.get(requireNonNull(owner, "owner")).isEmpty()) {
      throw new NoSuchElementException("no user with that public id");
    }
  }

  @Override
  public Optional<UserRecord> findByEmail(String canonicalEmail) {
    return users.first(u -> same(canonicalEmail, u.emailCanonical()));
  }

  @Override
  public Optional<UserRecord> findByPhone(String e164) {
    return users.first(u -> same(e164, u.phone()));
  }

  @Override
  public Optional<UserRecord> findByUsername(String canonicalUsername) {
    return users.first(u -> same(canonicalUsername, u.usernameCanonical()));
  }

  @Override
  public Optional<UserRecord> findByPublicId(UUID publicId) {
    return users.get(publicId);
  }

  /** The store's transactions run one at a time: the transaction holds every user already. */
  @Override
  public Optional<UserRecord> lockForUpdate(UUID publicId) {
    return findByPublicId(publicId);
  }

  @Override
  public List<UserRecord> page(UserPage page) {
    requireNonNull(page, "page");
    // As the indexes order them: by the key's value (times by instant), then by public id.
    Comparator<UserRecord> order =
        page.key().byPrefix()
            ? Comparator.comparing((UserRecord u) -> page.valueOf(u))
            : Comparator.comparing((UserRecord u) -> Instant.parse(page.valueOf(u)));
    order = order.thenComparing(u -> u.publicId().toString());
    return users
        .where(u -> u.deletedAt() == null && page.valueOf(u) != null && within(page, u))
        .stream()
        .filter(u -> page.afterValue() == null || afterCursor(page, u))
        .sorted(order)
        .limit(page.limit())
        .toList();
  }

  private static boolean within(UserPage page, UserRecord u) {
    String v = page.valueOf(u);
    if (page.key().byPrefix()) {
      return v.startsWith(page.prefix());
    }
    Instant at = Instant.parse(v);
    return !at.isBefore(page.from()) && at.isBefore(page.to());
  }

  private static boolean afterCursor(UserPage page, UserRecord u) {
    String v = page.valueOf(u);
    int c =
        page.key().byPrefix()
            ? v.compareTo(page.afterValue())
            : Instant.parse(v).compareTo(Instant.parse(page.afterValue()));
    return c > 0 || (c == 0 && u.publicId().toString().compareTo(page.afterId().toString()) > 0);
  }

  @Override
  public UserRecord create(UserRecord user) {
    return insert(user);
  }

  @Override
  public UserRecord insert(UserRecord user) {
    requireNonNull(user, "user");
    if (users.get(user.publicId()).isPresent()) {
      throw new DuplicateKeyException("a user with that public id exists", null);
    }
    requireUnique(user);
    users.put(user.publicId(), user);
    return user;
  }

  private void requireUnique(UserRecord user) {
    for (UserRecord other : users.where(u -> !u.publicId().equals(user.publicId()))) {
      if (same(user.emailCanonical(), other.emailCanonical())
          || same(user.phone(), other.phone())
          || same(user.usernameCanonical(), other.usernameCanonical())) {
        throw new DuplicateKeyException("an identifier of the user belongs to another user", null);
      }
    }
  }

  /** Whether two keys are the same key; no row is found by a missing one, as in SQL. */
  private static boolean same(@Nullable String a, @Nullable String b) {
    return a != null && a.equals(b);
  }

  /** Applies {@code change} to the user, if there is one; answers whether there was. */
  private boolean change(UUID publicId, UnaryOperator<UserRecord.Builder> change) {
    Optional<UserRecord> u = users.get(publicId);
    if (u.isEmpty()) {
      return false;
    }
    UserRecord changed = change.apply(u.get().toBuilder()).build();
    requireUnique(changed);
    users.put(publicId, changed);
    return true;
  }

  @Override
  public boolean replacePasswordHash(
      UUID publicId, @Nullable String expectedHash, String newHash, Instant now) {
    Optional<UserRecord> u = users.get(publicId);
    if (u.isEmpty() || !Objects.equals(u.get().passwordHash(), expectedHash)) {
      return false;
    }
    return change(publicId, b -> b.passwordHash(newHash).modifiedAt(now));
  }

  @Override
  public long countSuperusers() {
    return users.where(u -> u.superuser() && u.deletedAt() == null).size();
  }

  @Override
  public boolean recordLogin(UUID publicId, Instant now) {
    return change(publicId, b -> b.lastLoginAt(now).modifiedAt(now));
  }

  @Override
  public boolean markVerified(UUID publicId, IdentifierKind identifier, Instant now) {
    UnaryOperator<UserRecord.Builder> flag =
        switch (identifier) {
          case EMAIL -> b -> b.emailVerified(true);
          case PHONE -> b -> b.phoneVerified(true);
          default ->
              throw new IllegalArgumentException(
                  "only an email or a phone is verified, not a " + identifier);
        };
    return change(publicId, b -> flag.apply(b).verified(true).modifiedAt(now));
  }

  @Override
  public boolean updateDetails(
      UUID publicId,
      @Nullable String language,
      @Nullable String timeZone,
      @Nullable String username,
      @Nullable String usernameCanonical,
      Instant now) {
    return change(
        publicId,
        b ->
            b.language(language)
                .timeZone(timeZone)
                .username(username, usernameCanonical)
                .modifiedAt(now));
  }

  @Override
  public boolean softDelete(UUID publicId, Instant now) {
    Optional<UserRecord> u = users.get(publicId);
    if (u.isEmpty() || u.get().deletedAt() != null) {
      return false;
    }
    return change(publicId, b -> b.deletedAt(now).modifiedAt(now));
  }

  @Override
  public boolean update(UserRecord user) {
    Optional<UserRecord> stored = users.get(user.publicId());
    if (stored.isEmpty()) {
      return false;
    }
    // Everything but the public id, the creation time and the feature flags.
    UserRecord written =
        user.toBuilder()
            .dateJoined(stored.get().dateJoined())
            .featureFlags(stored.get().featureFlags())
            .build();
    requireUnique(written);
    users.put(user.publicId(), written);
    return true;
  }

  /** The owner's rows of {@code table}, oldest first. */
  private static <V> List<V> ownedBy(
      MemoryTable<Long, V> table, UUID owner, Function<V, UUID> ownerOf) {
    return table.where(row -> ownerOf.apply(row).equals(owner));
  }

  /** Profiles, scoped to their owner; at most one default each. */
  private final class Profiles implements ProfileStore {
    @Override
    public List<ProfileRecord> list(UUID ownerPublicId) {
      return ownedBy(profiles, ownerPublicId, ProfileRecord::ownerPublicId);
    }

    @Override
    public Optional<ProfileRecord> find(UUID ownerPublicId, long profileId) {
      return profiles.get(profileId).filter(p -> p.ownerPublicId().equals(ownerPublicId));
    }

    @Override
    public ProfileRecord create(ProfileRecord profile) {
      requireOwner(profile.ownerPublicId());
      if (profile.defaultProfile() && findDefault(profile.ownerPublicId()).isPresent()) {
        throw new DuplicateKeyException("the owner has a default profile already", null);
      }
      ProfileRecord stored = profile.withId(ids.incrementAndGet());
      profiles.put(stored.id(), stored);
      return stored;
    }

    @Override
    public boolean update(ProfileRecord profile) {
      Optional<ProfileRecord> stored =
          profile.id() == null ? Optional.empty() : find(profile.ownerPublicId(), profile.id());
      if (stored.isEmpty()) {
        return false;
      }
      ProfileRecord s = stored.get();
      profiles.put(
          s.id(),
          new ProfileRecord(
              s.id(),
              s.ownerPublicId(),
              profile.role(),
              profile.label(),
              profile.settingsJson(),
              profile.active(),
              s.defaultProfile(),
              s.createdAt(),
              profile.modifiedAt(),
              profile.person()));
      return true;
    }

    @Override
    public boolean makeDefault(UUID ownerPublicId, long profileId, Instant now) {
      Optional<ProfileRecord> target = find(ownerPublicId, profileId);
      if (target.isEmpty()) {
        return false;
      }
      for (ProfileRecord p : list(ownerPublicId)) {
        if (p.defaultProfile() && p.id() != profileId) {
          profiles.put(p.id(), p.withDefaultProfile(false));
        }
      }
      profiles.put(profileId, target.get().withDefaultProfile(true));
      return true;
    }

    @Override
    public boolean delete(UUID ownerPublicId, long profileId) {
      return find(ownerPublicId, profileId).isPresent() && profiles.remove(profileId);
    }
  }

  /** Devices, scoped to their owner; one per owner and installation token. */
  private final class Devices implements DeviceStore {
    @Override
    public List<DeviceRecord> list(UUID ownerPublicId) {
      return ownedBy(devices, ownerPublicId, DeviceRecord::ownerPublicId);
    }

    @Override
    public Optional<DeviceRecord> findByToken(UUID ownerPublicId, String token) {
      return devices.first(d -> d.ownerPublicId().equals(ownerPublicId) && d.token().equals(token));
    }

    @Override
    public DeviceRecord create(DeviceRecord device) {
      requireOwner(device.ownerPublicId());
      if (findByToken(device.ownerPublicId(), device.token()).isPresent()) {
        throw new DuplicateKeyException("the owner has a device with that token already", null);
      }
      DeviceRecord stored = device.withId(ids.incrementAndGet());
      devices.put(stored.id(), stored);
      return stored;
    }

    @Override
    public boolean update(DeviceRecord device) {
      Optional<DeviceRecord> stored =
          device.id() == null
              ? Optional.empty()
              : devices
                  .get(device.id())
                  .filter(d -> d.ownerPublicId().equals(device.ownerPublicId()));
      if (stored.isEmpty()) {
        return false;
      }
      DeviceRecord s = stored.get();
      devices.put(
          s.id(),
          new DeviceRecord(
              s.id(),
              s.ownerPublicId(),
              s.token(),
              device.platform(),
              device.name(),
              device.notificationToken(),
              s.linkedAt(),
              device.lastSeenAt()));
      return true;
    }

    @Override
    public boolean delete(UUID ownerPublicId, long deviceId) {
      return devices.get(deviceId).filter(d -> d.ownerPublicId().equals(ownerPublicId)).isPresent()
          && devices.remove(deviceId);
    }
  }
}
