package dev.gatehouse.core.flows;

import dev.gatehouse.testing.OneDatabase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * The kinds of store a flow test runs on, for {@code @ArgumentsSource}: see {@link TestStores}; the
 * first kind only for a class marked {@link OneDatabase}.
 */
public final class EnabledStores implements ArgumentsProvider {
  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    List<StoreKind> kinds = TestStores.provider().kinds();
    return (OneDatabase.Marks.marked(context) ? kinds.subList(0, 1) : kinds)
        .stream().map(Arguments::of);
  }
}
