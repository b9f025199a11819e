package dev.gatehouse.core.flows;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A test store that lacks or loses something (second factors, social accounts, revocations), made
 * from a real one: every call goes to it, except what the test overrides.
 */
public final class ChangedStores {
  private ChangedStores() {}

  /**
   * {@code store}, each transaction it hands out changed by {@code change}; its other answers are
   * its own.
   */
  public static AuthStore withTransactions(
      AuthStore store, UnaryOperator<StoreTransaction> change) {
    return overriding(
        AuthStore.class,
        store,
        (method, args) -> {
          if (!method.getName().equals("inTransaction")
              && !method.getName().equals("inNewTransaction")) {
            return null;
          }
          @SuppressWarnings("unchecked")
          Function<StoreTransaction, Object> work = (Function<StoreTransaction, Object>) args[0];
          Function<StoreTransaction, Object> changed = tx -> work.apply(change.apply(tx));
          return method.getName().equals("inTransaction")
              ? store.inTransaction(changed)
              : store.inNewTransaction(changed);
        });
  }

  /**
   * A proxy of {@code target} of interface {@code type}: a call answers what {@code override}
   * answers for it, or, where that is {@code null}, what {@code target} answers.
   */
  public static <T> T overriding(
      Class<T> type, T target, BiFunction<Method, Object[], Object> override) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object answer = override.apply(method, args);
              if (answer != null) {
                return answer;
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
