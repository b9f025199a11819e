package dev.gatehouse.testing;

import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.core.store.AuditStore;
import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.ModuleTables;
import dev.gatehouse.core.store.OtpCodeStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SocialAccountStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserStore;

/**
 * The in-memory store's transaction: its tables, reached only by the thread that holds the store's
 * lock. One instance serves every transaction, since one runs at a time.
 */
final class MemoryTransaction implements StoreTransaction {
  private final InMemoryAuthStore store;
  private final MemoryAccounts accounts;
  private final MemorySessions sessions;
  private final MemoryCodes codes;
  private final MemoryOutbox outbox;
  private final MemoryFactors factors;
  private final MemoryModuleTables moduleTables;

  MemoryTransaction(InMemoryAuthStore store) {
    this.store = store;
    this.accounts = new MemoryAccounts(store);
    this.sessions = new MemorySessions(store);
    this.codes = new MemoryCodes(store);
    this.outbox = new MemoryOutbox(store);
    this.factors = new MemoryFactors(store, accounts);
    this.moduleTables = new MemoryModuleTables(store);
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public ActionTokenStore actionTokens() {
    return sessions.actionTokens();
  }

  @Override
  public UserStore users() {
    return accounts;
  }

  @Override
  public ProfileStore profiles() {
    return accounts.profiles();
  }

  @Override
  public DeviceStore devices() {
    return accounts.devices();
  }

  @Override
  public SocialAccountStore socialAccounts() {
    return factors.socialAccounts();
  }

  @Override
  public PasskeyStore passkeys() {
    return factors.passkeys();
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public AuditStore audit() {
    return outbox.audit();
  }

  @Override
  public void afterCommit(Runnable action) {
    store.afterThisCommit(action);
  }

  @Override
  public OtpCodeStore otpCodes() {
    return codes;
  }

  /** The outbox table itself, for the store's read-back methods. */
  MemoryOutbox outboxTable() {
    return outbox;
  }

  /** The codes table itself, for the store's read-back methods. */
  MemoryCodes codeTable() {
    return codes;
  }

  @Override
  public DeliveryLogStore deliveryLogs() {
    return codes.deliveryLogs();
  }

  @Override
  public SecondFactorStore secondFactors() {
    return factors;
  }

  @Override
  public ModuleTables moduleTables() {
    return moduleTables;
  }

  @Override
  public CounterStore counters() {
    return codes.counters();
  }
}
