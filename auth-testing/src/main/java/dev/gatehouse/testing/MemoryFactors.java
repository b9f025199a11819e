package dev.gatehouse.testing;

import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.SocialAccountStore;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Second factors (authenticator apps, recovery codes, remembered devices), passkeys and linked
 * social identities, in memory.
 */
final class MemoryFactors implements SecondFactorStore {
  private final MemoryAccounts accounts;
  private final MemoryTable<UUID, TotpFactor> totp;
  private final MemoryTable<Long, RecoveryRow> recovery;
  private final MemoryTable<Long, RememberedRow> remembered;
  private final MemoryTable<UUID, Instant> policy;
  private final MemoryTable<Long, PasskeyRecord> passkeyRows;
  private final MemoryTable<Long, SocialAccountRecord> socialRows;
  private final AtomicLong ids = new AtomicLong();
  private final Passkeys passkeys = new Passkeys();
  private final SocialAccounts socialAccounts = new SocialAccounts();

  MemoryFactors(InMemoryAuthStore store, MemoryAccounts accounts) {
    this.accounts = accounts;
    this.totp = new MemoryTable<>(store);
    this.recovery = new MemoryTable<>(store);
    this.remembered = new MemoryTable<>(store);
    this.policy = new MemoryTable<>(store);
    this.passkeyRows = new MemoryTable<>(store);
    this.socialRows = new MemoryTable<>(store);
  }

  PasskeyStore passkeys() {
    return passkeys;
  }

  SocialAccountStore socialAccounts() {
    return socialAccounts;
  }

  private record RecoveryRow(long id, UUID userId, String hash, @Nullable Instant usedAt) {}

  private record RememberedRow(String hash, RememberedDevice device) {}

  @Override
  public boolean savePendingTotp(UUID userId, String sealedSecret, Instant now) {
    Optional<TotpFactor> existing = totp.get(userId);
    if (existing.isPresent() && existing.get().confirmedAt() != null) {
      return false;
    }
    totp.put(userId, new TotpFactor(userId, sealedSecret, null, null, now));
    return true;
  }

  @Override
  public Optional<TotpFactor> totp(UUID userId) {
    return totp.get(userId);
  }

  @Override
  public boolean confirmTotp(UUID userId, String sealedSecret, long step, Instant now) {
    Optional<TotpFactor> pending =
        totp.get(userId)
            .filter(f -> f.confirmedAt() == null && f.sealedSecret().equals(sealedSecret));
    pending.ifPresent(
        f -> totp.put(userId, new TotpFactor(userId, sealedSecret, now, step, f.createdAt())));
    return pending.isPresent();
  }

  @Override
  public boolean advanceTotpStep(UUID userId, long step) {
    Optional<TotpFactor> confirmed =
        totp.get(userId)
            .filter(f -> f.confirmedAt() != null && (f.lastStep() == null || f.lastStep() < step));
    confirmed.ifPresent(
        f ->
            totp.put(
                userId,
                new TotpFactor(userId, f.sealedSecret(), f.confirmedAt(), step, f.createdAt())));
    return confirmed.isPresent();
  }

  @Override
  public boolean deleteTotp(UUID userId) {
    return totp.remove(userId);
  }

  @Override
  public void replaceRecoveryCodes(UUID userId, List<String> codeHashes, Instant now) {
    deleteRecoveryCodes(userId);
    for (String hash : codeHashes) {
      if (recovery.first(r -> r.hash().equals(hash)).isPresent()) {
        throw new DuplicateKeyException("a recovery code with that hash exists", null);
      }
      long id = ids.incrementAndGet();
      recovery.put(id, new RecoveryRow(id, userId, hash, null));
    }
  }

  @Override
  public boolean useRecoveryCode(UUID userId, String codeHash, Instant now) {
    Optional<RecoveryRow> unused =
        recovery.first(
            r -> r.userId().equals(userId) && r.hash().equals(codeHash) && r.usedAt() == null);
    unused.ifPresent(r -> recovery.put(r.id(), new RecoveryRow(r.id(), userId, r.hash(), now)));
    return unused.isPresent();
  }

  @Override
  public int unusedRecoveryCodes(UUID userId) {
    return recovery.where(r -> r.userId().equals(userId) && r.usedAt() == null).size();
  }

  @Override
  public int deleteRecoveryCodes(UUID userId) {
    return recovery.removeWhere(r -> r.userId().equals(userId));
  }

  @Override
  public void rememberDevice(
      UUID userId, String tokenHash, @Nullable String label, Instant expiresAt, Instant now) {
    if (rememberedDevice(tokenHash).isPresent()) {
      throw new DuplicateKeyException("a remembered device with that hash exists", null);
    }
    long id = ids.incrementAndGet();
    remembered.put(
        id,
        new RememberedRow(
            tokenHash, new RememberedDevice(id, userId, label, now, null, expiresAt, null)));
  }

  @Override
  public Optional<RememberedDevice> rememberedDevice(String tokenHash) {
    return remembered.first(r -> r.hash().equals(tokenHash)).map(RememberedRow::device);
  }

  @Override
  public List<RememberedDevice> rememberedDevices(UUID userId, Instant now) {
    return remembered
        .where(
            r ->
                r.device().userId().equals(userId)
                    && r.device().revokedAt() == null
                    && r.device().expiresAt().isAfter(now))
        .stream()
        .map(RememberedRow::device)
        .sorted(
            Comparator.comparing(RememberedDevice::createdAt)
                .thenComparing(RememberedDevice::id)
                .reversed())
        .toList();
  }

  @Override
  public void rememberedDeviceUsed(long id, Instant now) {
    remembered
        .get(id)
        .ifPresent(
            r -> {
              RememberedDevice d = r.device();
              remembered.put(
                  id,
                  new RememberedRow(
                      r.hash(),
                      new RememberedDevice(
                          id,
                          d.userId(),
                          d.label(),
                          d.createdAt(),
                          now,
                          d.expiresAt(),
                          d.revokedAt())));
            });
  }

  @Override
  public int revokeRememberedDevices(UUID userId, @Nullable Long id, Instant now) {
    List<RememberedRow> live =
        remembered.where(
            r ->
                r.device().userId().equals(userId)
                    && r.device().revokedAt() == null
                    && (id == null || id == r.device().id()));
    for (RememberedRow r : live) {
      RememberedDevice d = r.device();
      remembered.put(
          d.id(),
          new RememberedRow(
              r.hash(),
              new RememberedDevice(
                  d.id(), userId, d.label(), d.createdAt(), d.lastUsedAt(), d.expiresAt(), now)));
    }
    return live.size();
  }

  @Override
  public Instant secondFactorPolicySince(UUID userId, Instant now) {
    Optional<Instant> since = policy.get(userId);
    if (since.isPresent()) {
      return since.get();
    }
    policy.put(userId, now);
    return now;
  }

  /** Passkeys: one per credential id. */
  private final class Passkeys implements PasskeyStore {
    @Override
    public Optional<PasskeyRecord> find(String credentialId) {
      return passkeyRows.first(p -> p.credentialId().equals(credentialId));
    }

    @Override
    public List<PasskeyRecord> listFor(UUID ownerPublicId) {
      return passkeyRows.where(p -> p.ownerPublicId().equals(ownerPublicId));
    }

    @Override
    public PasskeyRecord create(PasskeyRecord passkey) {
      accounts.requireOwner(passkey.ownerPublicId());
      if (find(passkey.credentialId()).isPresent()) {
        throw new DuplicateKeyException("a passkey with that credential id exists", null);
      }
      PasskeyRecord stored = passkey.withId(ids.incrementAndGet());
      passkeyRows.put(stored.id(), stored);
      return stored;
    }

    @Override
    public boolean recordUse(
        long id, long expectedCount, long newCount, boolean backedUp, Instant now) {
      Optional<PasskeyRecord> found =
          passkeyRows.get(id).filter(p -> p.signCount() == expectedCount);
      found.ifPresent(p -> passkeyRows.put(id, changed(p, newCount, p.name(), backedUp, now)));
      return found.isPresent();
    }

    @Override
    public boolean rename(UUID ownerPublicId, long id, String name) {
      Optional<PasskeyRecord> found =
          passkeyRows.get(id).filter(p -> p.ownerPublicId().equals(ownerPublicId));
      found.ifPresent(
          p -> passkeyRows.put(id, changed(p, p.signCount(), name, p.backedUp(), p.lastUsedAt())));
      return found.isPresent();
    }

    @Override
    public boolean delete(UUID ownerPublicId, long id) {
      return passkeyRows.get(id).filter(p -> p.ownerPublicId().equals(ownerPublicId)).isPresent()
          && passkeyRows.remove(id);
    }
  }

  /** {@code p} with what using and renaming it change. */
  private static PasskeyRecord changed(
      PasskeyRecord p,
      long signCount,
      String name,
      boolean backedUp,
      @Nullable Instant lastUsedAt) {
    return new PasskeyRecord(
        p.id(),
        p.ownerPublicId(),
        p.credentialId(),
        p.publicKeyCose(),
        signCount,
        p.userHandle(),
        p.transports(),
        name,
        p.aaguid(),
        p.attestationFormat(),
        p.backupEligible(),
        backedUp,
        p.uvInitialized(),
        p.createdAt(),
        lastUsedAt);
  }

  /** Social identities: one per provider and subject, one per owner and provider. */
  private final class SocialAccounts implements SocialAccountStore {
    @Override
    public Optional<SocialAccountRecord> find(String provider, String providerUserId) {
      return socialRows.first(
          s -> s.provider().equals(provider) && s.providerUserId().equals(providerUserId));
    }

    @Override
    public List<SocialAccountRecord> listFor(UUID ownerPublicId) {
      return socialRows.where(s -> s.ownerPublicId().equals(ownerPublicId));
    }

    @Override
    public SocialAccountRecord create(SocialAccountRecord account) {
      accounts.requireOwner(account.ownerPublicId());
      if (find(account.provider(), account.providerUserId()).isPresent()
          || listFor(account.ownerPublicId()).stream()
              .anyMatch(s -> s.provider().equals(account.provider()))) {
        throw new DuplicateKeyException("that identity or provider is linked already", null);
      }
      SocialAccountRecord stored = account.withId(ids.incrementAndGet());
      socialRows.put(stored.id(), stored);
      return stored;
    }

    @Override
    public boolean update(SocialAccountRecord a) {
      Optional<SocialAccountRecord> found =
          a.id() == null ? Optional.empty() : socialRows.get(a.id());
      found.ifPresent(
          s ->
              socialRows.put(
                  s.id(),
                  new SocialAccountRecord(
                      s.id(),
                      s.ownerPublicId(),
                      s.provider(),
                      s.providerUserId(),
                      a.email(),
                      a.emailVerified(),
                      a.displayName() != null ? a.displayName() : s.displayName(),
                      a.pictureUrl(),
                      a.accessTokenSealed() != null ? a.accessTokenSealed() : s.accessTokenSealed(),
                      a.refreshTokenSealed() != null
                          ? a.refreshTokenSealed()
                          : s.refreshTokenSealed(),
                      s.linkedAt(),
                      a.lastUsedAt())));
      return found.isPresent();
    }

    @Override
    public boolean delete(UUID ownerPublicId, String provider) {
      return socialRows.removeWhere(
              s -> s.ownerPublicId().equals(ownerPublicId) && s.provider().equals(provider))
          > 0;
    }
  }
}
