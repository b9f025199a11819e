package dev.gatehouse.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

class SmsSendersDiscoveryTest {

  /** Test-only provider. */
  public static final class FirstSender implements SmsSender {
    @Override
    public String providerName() {
      return "first";
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
      return new SmsReceipt("first", "1", "sent");
    }
  }

  /** Test-only provider. */
  public static final class SecondSender implements SmsSender {
    @Override
    public String providerName() {
      return "second";
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
      return new SmsReceipt("second", "2", "sent");
    }
  }

  /** Serves META-INF/services from {@code discovery/<dir>/} of the test resources only. */
  private static ClassLoader servicesFrom(String dir) {
    ClassLoader parent = SmsSendersDiscoveryTest.class.getClassLoader();
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
    SmsSender sender = SmsSenders.discover(servicesFrom("one"));

    assertThat(sender).isInstanceOf(FirstSender.class);
    assertThat(sender.providerName()).isEqualTo("first");
  }

  @Test
  void failsLoudlyWhenNoSenderIsRegistered() {
    assertThatThrownBy(() -> SmsSenders.discover(servicesFrom("none")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No dev.gatehouse.sms.SmsSender is registered");
  }

  @Test
  void failsLoudlyNamingEveryClassWhenSeveralAreRegistered() {
    assertThatThrownBy(() -> SmsSenders.discover(servicesFrom("two")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Several")
        .hasMessageContaining(FirstSender.class.getName())
        .hasMessageContaining(SecondSender.class.getName());
  }

  @Test
  void failsLoudlyWhenTheRegisteredClassDoesNotExist() {
    assertThatThrownBy(() -> SmsSenders.discover(servicesFrom("broken")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.gatehouse.sms.NoSuchSender");
  }

  @Test
  void discoverWithoutArgumentsUsesTheContextClassLoader() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(servicesFrom("one"));
    try {
      assertThat(SmsSenders.discover()).isInstanceOf(FirstSender.class);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
