package dev.gatehouse.testing;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * Supplies every enabled {@link DatabaseKind} to a parameterised test:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @ArgumentsSource(EnabledDatabases.class)
 * void migratesCleanly(DatabaseKind kind) { ... }
 * }</pre>
 *
 * With {@code GATEHOUSE_REQUIRE_DBS=true} a missing server fails the test instead of skipping.
 */
public final class EnabledDatabases implements ArgumentsProvider {
  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    return TestDatabase.enabledKinds().stream().map(Arguments::of);
  }
}
