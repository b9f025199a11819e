package dev.gatehouse.core.flows;

import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the flow tests get their stores. In auth-core the in-memory store; a module that runs the
 * same tests on its own stores (auth-jpa: H2, and PostgreSQL and MariaDB when configured) names its
 * implementation in {@code META-INF/services}.
 */
public interface TestStores {
  /** {@return the kinds of store to run each test on} */
  List<StoreKind> kinds();

  /**
   * @param kind one of {@link #kinds()}
   * @return a fresh store of that kind
   */
  StoreFixture open(StoreKind kind);

  /** {@return the one implementation on the class path, or the in-memory store's} */
  static TestStores provider() {
    List<TestStores> found =
        ServiceLoader.load(TestStores.class).stream().map(p -> p.get()).toList();
    if (found.size() > 1) {
      throw new IllegalStateException("more than one TestStores on the class path: " + found);
    }
    return found.isEmpty() ? new InMemory() : found.get(0);
  }

  /** The in-memory store: core's own. */
  final class InMemory implements TestStores {
    private static final StoreKind MEMORY = new StoreKind("memory");

    @Override
    public List<StoreKind> kinds() {
      return List.of(MEMORY);
    }

    @Override
    public StoreFixture open(StoreKind kind) {
      return new StoreFixture(new InMemoryAuthStore());
    }
  }
}
