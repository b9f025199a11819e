package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How {@code Gatehouse} builds the services although none of them has a public constructor (they
 * take the internal {@link GatehouseContext}). Each service class registers its package-private
 * constructor here from its own static initializer, and the facade asks for instances by class: the
 * JDK's "shared secrets" pattern. Internal: not API.
 *
 * <p>Thread-safe. A class registers once; a second registration for the same class fails, so
 * nothing can replace a service after its class was initialised.
 */
public final class ServiceAccess {

  /**
   * A service's package-private constructor.
   *
   * @param <S> the service type
   */
  @FunctionalInterface
  public interface Constructor<S> {
    /**
     * @param ctx the shared wiring
     * @param sessions the session starter the account and code services use, or {@code null}; typed
     *     {@code Object} so this package does not depend on the session package (no cycle)
     * @return the service
     */
    S create(GatehouseContext ctx, Object sessions);
  }

  private static final ConcurrentMap<Class<?>, Constructor<?>> CONSTRUCTORS =
      new ConcurrentHashMap<>();

  private ServiceAccess() {}

  /**
   * Registers a service's constructor; called from the service's static initializer.
   *
   * @param type the service class
   * @param constructor builds one
   * @param <S> the service type
   * @throws IllegalStateException when the class already registered one
   */
  public static <S> void register(Class<S> type, Constructor<? extends S> constructor) {
    requireNonNull(type, "type");
    requireNonNull(constructor, "constructor");
    if (CONSTRUCTORS.putIfAbsent(type, constructor) != null) {
      throw new IllegalStateException(type.getName() + " already registered its constructor");
    }
  }

  /**
   * Builds a service, first initialising its class so that it has registered.
   *
   * @param type the service class
   * @param ctx the shared wiring
   * @param sessions the session starter, or {@code null} for the session package's services
   * @param <S> the service type
   * @return a new service
   * @throws IllegalStateException when the class registers no constructor
   */
  public static <S> S create(Class<S> type, GatehouseContext ctx, Object sessions) {
    requireNonNull(type, "type");
    Constructor<?> constructor = CONSTRUCTORS.get(type);
    if (constructor == null) {
      initialize(type);
      constructor = CONSTRUCTORS.get(type);
      if (constructor == null) {
        throw new IllegalStateException(type.getName() + " registers no constructor");
      }
    }
    return type.cast(constructor.create(ctx, sessions));
  }

  private static void initialize(Class<?> type) {
    try {
      // A class literal does not run the static initializer; this does (once, thread-safely).
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot initialise " + type.getName(), e);
    }
  }
}
