package dev.gatehouse.delivery;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * {@link ServiceLoader} discovery that refuses to guess: exactly one implementation must be
 * registered. Shared mechanism behind {@code SmsSenders.discover} and {@code
 * EmailSenders.discover}; not an API for hosts.
 *
 * <pre>{@code
 * SmsSender sender = ServiceDiscovery.single(SmsSender.class, classLoader);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ServiceDiscovery {
  private ServiceDiscovery() {}

  /**
   * Returns a new instance of the single implementation of {@code service} registered in {@code
   * META-INF/services} and visible to the thread's context class loader, or to the service's own
   * class loader when the thread has none.
   *
   * @param service the service interface
   * @param <S> the service type
   * @return a new instance of the only registered implementation
   * @throws IllegalStateException when no implementation or several are registered (the message
   *     names the classes found), or when the registered class cannot be loaded or instantiated
   */
  public static <S> S single(Class<S> service) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return single(service, loader != null ? loader : service.getClassLoader());
  }

  /**
   * Same as {@link #single(Class)}, looking through the given class loader.
   *
   * @param service the service interface
   * @param classLoader where to look for {@code META-INF/services/<service name>}
   * @param <S> the service type
   * @return a new instance of the only registered implementation
   * @throws IllegalStateException when no implementation or several are registered, or the
   *     registered class cannot be loaded or instantiated
   */
  public static <S> S single(Class<S> service, ClassLoader classLoader) {
    requireNonNull(service, "service");
    requireNonNull(classLoader, "classLoader");
    List<ServiceLoader.Provider<S>> found;
    try {
      found = ServiceLoader.load(service, classLoader).stream().collect(Collectors.toList());
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "A registered " + service.getName() + " could not be loaded: " + e.getMessage(), e);
    }
    if (found.size() != 1) {
      String names =
          found.stream().map(p -> p.type().getName()).sorted().collect(Collectors.joining(", "));
      throw new IllegalStateException(
          (found.isEmpty()
                  ? "No " + service.getName() + " is registered in META-INF/services"
                  : "Several "
                      + service.getName()
                      + " are registered in META-INF/services: ["
                      + names
                      + "]")
              + "; register the sender explicitly instead");
    }
    try {
      return found.get(0).get();
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "Could not instantiate " + found.get(0).type().getName() + ": " + e.getMessage(), e);
    }
  }
}
