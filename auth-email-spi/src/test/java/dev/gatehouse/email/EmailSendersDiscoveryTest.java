package dev.gatehouse.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

class EmailSendersDiscoveryTest {

  /** Test-only provider. */
  public static final class FirstSender implements EmailSender {
    @Override
    public String providerName() {
      return "first";
    }

    @Override
    public EmailReceipt send(EmailMessage message) {
      return new EmailReceipt("first", "1");
    }
  }

  /** Test-only provider. */
  public static final class SecondSender implements EmailSender {
    @Override
    public String providerName() {
      return "second";
    }

    @Override
    public EmailReceipt send(EmailMessage message) {
      return new EmailReceipt("second", "2");
    }
  }

  /** Serves META-INF/services from {@code discovery/<dir>/} of the test resources only. */
  private static ClassLoader servicesFrom(String dir) {
    ClassLoader parent = EmailSendersDiscoveryTest.class.getClassLoader();
    return new ClassLoader(parent) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        if (name.startsWith("META-INF/services/")) {
          return parent.getResources("discovery/" + dir + "/" + name);
        }
        return super.getResources(name);
      }
    };
  }

  @Test
  void discoversTheOnlyRegisteredSender() {
    EmailSender sender = EmailSenders.discover(servicesFrom("one"));

    assertThat(sender).isInstanceOf(FirstSender.class);
    assertThat(sender.providerName()).isEqualTo("first");
  }

  @Test
  void failsLoudlyWhenNoSenderIsRegistered() {
    assertThatThrownBy(() -> EmailSenders.discover(servicesFrom("none")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No dev.gatehouse.email.EmailSender is registered");
  }

  @Test
  void failsLoudlyNamingEveryClassWhenSeveralAreRegistered() {
    assertThatThrownBy(() -> EmailSenders.discover(servicesFrom("two")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Several")
        .hasMessageContaining(FirstSender.class.getName())
        .hasMessageContaining(SecondSender.class.getName());
  }

  @Test
  void failsLoudlyWhenTheRegisteredClassDoesNotExist() {
    assertThatThrownBy(() -> EmailSenders.discover(servicesFrom("broken")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.gatehouse.email.NoSuchSender");
  }

  @Test
  void discoverWithoutArgumentsUsesTheContextClassLoader() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(servicesFrom("one"));
    try {
      assertThat(EmailSenders.discover()).isInstanceOf(FirstSender.class);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
