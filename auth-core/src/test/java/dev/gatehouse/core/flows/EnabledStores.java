package dev.gatehouse.core.flows;

import dev.gatehouse.testing.OneDatabase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * The kinds of store a flow test runs on, for {@code @ArgumentsSource}: see {@link TestStores}; the
 * first kind only for a class marked {@link OneDatabase}, and in a module whose flow tests run on
 * the first kind ({@value #FLOW_STORES} is {@code first}) for every test not marked {@link
 * EveryStore}.
 */
public final class EnabledStores implements ArgumentsProvider {
  /**
   * The system property (set from the module's {@code pom.xml}) that says which store kinds the
   * module's flow tests run on: {@code every} (the default) or {@code first}.
   */
  public static final String FLOW_STORES = "gatehouse.test.flow-stores";

  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    List<StoreKind> kinds = TestStores.provider().kinds();
    return (OneDatabase.Marks.marked(context) || firstOnly(context) ? kinds.subList(0, 1) : kinds)
        .stream().map(Arguments::of);
  }

  private static boolean firstOnly(ExtensionContext context) {
    String stores = System.getProperty(FLOW_STORES, "every");
    boolean everyStore =
        context.getTestMethod().map(m -> m.isAnnotationPresent(EveryStore.class)).orElse(false);
    return switch (stores) {
      case "every" -> false;
      case "first" -> !everyStore;
      default ->
          throw new IllegalStateException(
              FLOW_STORES + " is '" + stores + "'; expected 'every' or 'first'");
    };
  }
}
