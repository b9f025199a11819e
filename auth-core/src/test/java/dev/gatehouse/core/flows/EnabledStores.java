package dev.gatehouse.core.flows;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/** The kinds of store a flow test runs on, for {@code @ArgumentsSource}: see {@link TestStores}. */
public final class EnabledStores implements ArgumentsProvider {
  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    return TestStores.provider().kinds().stream().map(Arguments::of);
  }
}
