package dev.gatehouse.redis;

import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.core.store.AuditStore;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.OtpCodeStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SocialAccountStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The database's store with its counters of the keys Redis holds in Redis. Every method of {@link
 * AuthStore} and {@link StoreTransaction} is passed on, the defaults too, so the database's own
 * answers stand (a test checks that none is left to its default).
 */
final class CountingStore implements AuthStore, Counters.Routing {
  /** The Redis part of the transaction this thread works in, when it is one of this store's. */
  private final ThreadLocal<RedisTransaction> current = new ThreadLocal<>();

  private final AuthStore database;
  private final RedisCounters counters;

  CountingStore(AuthStore database, RedisCounters counters) {
    this.database = database;
    this.counters = counters;
  }

  @Override
  public <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work) {
    RedisTransaction open = current.get();
    if (open != null) {
      // Joins the enclosing transaction, as the database's store does.
      return database.inTransaction(tx -> work.apply(new Transaction(tx, open)));
    }
    return run(() -> database.inTransaction(tx -> work.apply(new Transaction(tx, current.get()))));
  }

  @Override
  public <T> T inNewTransaction(Function<? super StoreTransaction, ? extends T> work) {
    return run(
        () -> database.inNewTransaction(tx -> work.apply(new Transaction(tx, current.get()))));
  }

  /**
   * Runs a transaction of the database with a Redis part of its own: its holds end when the
   * database's call returns, its writes undone when it throws (its commit failing included).
   */
  private <T> T run(Supplier<T> transaction) {
    RedisTransaction enclosing = current.get();
    RedisTransaction mine = new RedisTransaction(counters);
    current.set(mine);
    try {
      T result = transaction.get();
      mine.commit();
      return result;
    } catch (RuntimeException | Error e) {
      try {
        mine.rollback();
      } catch (RuntimeException undo) {
        e.addSuppressed(undo);
      }
      throw e;
    } finally {
      if (enclosing == null) {
        current.remove();
      } else {
        current.set(enclosing);
      }
    }
  }

  @Override
  public void catalogue(List<Counters> catalogue) {
    counters.catalogue(catalogue);
  }

  @Override
  public boolean joinsOpenTransaction() {
    return database.joinsOpenTransaction();
  }

  @Override
  public boolean readsBeforeCounting() {
    return database.readsBeforeCounting();
  }

  @Override
  public void afterCommit(Runnable action) {
    database.afterCommit(action);
  }

  @Override
  public Map<String, String> statementPaths() {
    return database.statementPaths();
  }

  @Override
  public String statementPath(String operation) {
    return database.statementPath(operation);
  }

  @Override
  public boolean keepsSocialAccounts() {
    return database.keepsSocialAccounts();
  }

  @Override
  public String toString() {
    return "CountingStore[" + database + ", " + counters + "]";
  }

  /** One transaction of the database, its counters routed. */
  private final class Transaction implements StoreTransaction {
    private final StoreTransaction tx;
    private final RedisTransaction redis;

    Transaction(StoreTransaction tx, RedisTransaction redis) {
      this.tx = tx;
      this.redis = redis;
    }

    @Override
    public CounterStore counters() {
      return new RoutedCounters(counters, redis, tx.counters());
    }

    @Override
    public SessionStore sessions() {
      return tx.sessions();
    }

    @Override
    public dev.gatehouse.core.store.ModuleTables moduleTables() {
      return tx.moduleTables();
    }

    @Override
    public ActionTokenStore actionTokens() {
      return tx.actionTokens();
    }

    @Override
    public UserStore users() {
      return tx.users();
    }

    @Override
    public ProfileStore profiles() {
      return tx.profiles();
    }

    @Override
    public DeviceStore devices() {
      return tx.devices();
    }

    @Override
    public Optional<SessionOwner> sessionOwner(UUID userPublicId, @Nullable Long profileId) {
      return tx.sessionOwner(userPublicId, profileId);
    }

    @Override
    public SocialAccountStore socialAccounts() {
      return tx.socialAccounts();
    }

    @Override
    public PasskeyStore passkeys() {
      return tx.passkeys();
    }

    @Override
    public OutboxStore outbox() {
      return tx.outbox();
    }

    @Override
    public AuditStore audit() {
      return tx.audit();
    }

    @Override
    public void afterCommit(Runnable action) {
      tx.afterCommit(action);
    }

    @Override
    public OtpCodeStore otpCodes() {
      return tx.otpCodes();
    }

    @Override
    public DeliveryLogStore deliveryLogs() {
      return tx.deliveryLogs();
    }

    @Override
    public SecondFactorStore secondFactors() {
      return tx.secondFactors();
    }
  }
}
