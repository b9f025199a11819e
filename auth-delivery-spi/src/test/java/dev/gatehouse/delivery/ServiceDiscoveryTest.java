package dev.gatehouse.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceDiscoveryTest {
  @TempDir Path dir;

  /** Test-only implementation. */
  public static final class Hello implements Supplier<String> {
    @Override
    public String get() {
      return "hello";
    }
  }

  /** Test-only implementation. */
  public static final class Bye implements Supplier<String> {
    @Override
    public String get() {
      return "bye";
    }
  }

  /** A class loader that sees exactly the given registrations for {@link Supplier}. */
  private ClassLoader registering(String... classNames) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(Supplier.class.getName()), String.join("\n", classNames));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @SuppressWarnings("unchecked")
  private static Supplier<String> single(ClassLoader loader) {
    return ServiceDiscovery.single(Supplier.class, loader);
  }

  @Test
  void returnsANewInstanceOfTheOnlyRegistration() throws IOException {
    assertThat(single(registering(Hello.class.getName())).get()).isEqualTo("hello");
  }

  @Test
  void refusesToGuessAmongSeveralNamingThemSorted() throws IOException {
    assertThatThrownBy(() -> single(registering(Hello.class.getName(), Bye.class.getName())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Several java.util.function.Supplier are registered in META-INF/services: ["
                + Bye.class.getName()
                + ", "
                + Hello.class.getName()
                + "]");
  }

  @Test
  void refusesWhenNoneIsRegistered() throws IOException {
    assertThatThrownBy(() -> single(registering()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("No java.util.function.Supplier is registered");
  }

  @Test
  void aMissingClassIsNamed() throws IOException {
    assertThatThrownBy(() -> single(registering("dev.gatehouse.delivery.Missing")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.gatehouse.delivery.Missing");
  }

  @Test
  void theNoArgumentFormUsesTheContextClassLoader() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(registering(Hello.class.getName()));
    try {
      assertThat(ServiceDiscovery.single(Supplier.class)).isInstanceOf(Hello.class);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
