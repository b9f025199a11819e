package dev.gatehouse.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmsFailoverTest {
  private static final SmsMessage MESSAGE = new SmsMessage("+14155550123", "123456", null);

  /** Answers from a script: each entry is an exception to throw, or null to accept. */
  private static final class ScriptedSender implements SmsSender {
    private final String name;
    private final Deque<SmsDeliveryException> script;
    final AtomicInteger calls = new AtomicInteger();

    ScriptedSender(String name, SmsDeliveryException... script) {
      this.name = name;
      this.script = new ArrayDeque<>();
      for (SmsDeliveryException e : script) {
        this.script.add(e == null ? ACCEPT : e);
      }
    }

    @Override
    public String providerName() {
      return name;
    }

    @Override
    public synchronized SmsReceipt send(SmsMessage message) {
      calls.incrementAndGet();
      SmsDeliveryException next = script.isEmpty() ? ACCEPT : script.poll();
      if (next != ACCEPT) {
        throw next;
      }
      return new SmsReceipt(name, name + "-id", "queued");
    }
  }

  private static final SmsDeliveryException ACCEPT =
      new SmsDeliveryException("accept", false, null, null);

  private static SmsDeliveryException retryable(String code) {
    return new SmsDeliveryException("temporary " + code, true, code, null);
  }

  private static SmsDeliveryException permanent(String code) {
    return new SmsDeliveryException("permanent " + code, false, code, null);
  }

  @Test
  void thePrimaryThatAcceptsIsTheOnlyOneCalled() {
    ScriptedSender primary = new ScriptedSender("primary");
    ScriptedSender backup = new ScriptedSender("backup");

    SmsReceipt receipt = SmsSenders.failover(List.of(primary, backup), 3).send(MESSAGE);

    assertThat(receipt.provider()).isEqualTo("primary");
    assertThat(backup.calls).hasValue(0);
  }

  @Test
  void retryableFailuresAreRetriedAtTheSameProviderUpToTheBound() {
    ScriptedSender primary = new ScriptedSender("primary", retryable("429"), retryable("500"));
    ScriptedSender backup = new ScriptedSender("backup");

    SmsReceipt receipt = SmsSenders.failover(List.of(primary, backup), 3).send(MESSAGE);

    assertThat(receipt.provider()).isEqualTo("primary");
    assertThat(primary.calls).hasValue(3);
    assertThat(backup.calls).hasValue(0);
  }

  @Test
  void exhaustingTheRetriesMovesToTheNextProviderWhoseNameIsInTheReceipt() {
    ScriptedSender primary =
        new ScriptedSender("primary", retryable("500"), retryable("500"), retryable("500"));
    ScriptedSender backup = new ScriptedSender("backup");
    SmsSender chain = SmsSenders.failover(List.of(primary, backup), 2);

    SmsReceipt receipt = chain.send(MESSAGE);

    assertThat(primary.calls).hasValue(2);
    assertThat(receipt.provider()).isEqualTo("backup");
    assertThat(receipt.providerMessageId()).isEqualTo("backup-id");
    assertThat(chain.providerName()).isEqualTo("failover(primary,backup)");
  }

  @Test
  void aPermanentFailureIsNotRetriedButFallsThroughToTheNextProvider() {
    ScriptedSender primary = new ScriptedSender("primary", permanent("20003"));
    ScriptedSender backup = new ScriptedSender("backup");

    SmsReceipt receipt = SmsSenders.failover(List.of(primary, backup), 5).send(MESSAGE);

    assertThat(primary.calls).hasValue(1);
    assertThat(receipt.provider()).isEqualTo("backup");
  }

  @Test
  void whenAllFailTheLastFailureIsThrownWithTheEarlierOnesSuppressed() {
    SmsDeliveryException first = retryable("500");
    SmsDeliveryException last = permanent("21211");
    ScriptedSender primary = new ScriptedSender("primary", first);
    ScriptedSender backup = new ScriptedSender("backup", last);

    SmsDeliveryException thrown =
        catchThrowableOfType(
            SmsDeliveryException.class,
            () -> SmsSenders.failover(List.of(primary, backup), 1).send(MESSAGE));

    assertThat(thrown).isSameAs(last);
    assertThat(thrown.providerErrorCode()).isEqualTo("21211");
    assertThat(thrown.getSuppressed()).containsExactly(first);
  }

  @Test
  void theBackoffIsAskedBeforeEachRetryOnly() {
    List<String> pauses = new ArrayList<>();
    ScriptedSender primary =
        new ScriptedSender("primary", retryable("a"), retryable("b"), retryable("c"));
    ScriptedSender backup = new ScriptedSender("backup");

    SmsSenders.failover(
            List.of(primary, backup),
            3,
            (provider, failed, failure) ->
                pauses.add(provider + "#" + failed + ":" + failure.providerErrorCode()))
        .send(MESSAGE);

    assertThat(pauses).containsExactly("primary#1:a", "primary#2:b");
  }

  @Test
  void anInterruptedBackoffStopsTheChain() {
    ScriptedSender primary = new ScriptedSender("primary", retryable("500"));
    ScriptedSender backup = new ScriptedSender("backup");
    try {
      assertThatThrownBy(
              () ->
                  SmsSenders.failover(
                          List.of(primary, backup),
                          3,
                          (p, n, f) -> {
                            throw new InterruptedException();
                          })
                      .send(MESSAGE))
          .isInstanceOf(SmsDeliveryException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(backup.calls).hasValue(0);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void programmingErrorsPropagateWithoutFailover() {
    SmsSender broken =
        new SmsSender() {
          @Override
          public String providerName() {
            return "broken";
          }

          @Override
          public SmsReceipt send(SmsMessage message) {
            throw new IllegalStateException("bug");
          }
        };
    ScriptedSender backup = new ScriptedSender("backup");

    assertThatThrownBy(() -> SmsSenders.failover(List.of(broken, backup), 2).send(MESSAGE))
        .isInstanceOf(IllegalStateException.class);
    assertThat(backup.calls).hasValue(0);
  }

  @Test
  void theChainIsDevelopmentOnlyWhenAnyMemberIs() {
    assertThat(SmsSenders.failover(List.of(new ScriptedSender("a")), 1).developmentOnly())
        .isFalse();
    assertThat(
            SmsSenders.failover(List.of(new ScriptedSender("a"), SmsSender.logging()), 1)
                .developmentOnly())
        .isTrue();
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> SmsSenders.failover(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("senders");
    assertThatThrownBy(() -> SmsSenders.failover(List.of(new ScriptedSender("a")), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  @Test
  void oneChainServesConcurrentCallers() throws Exception {
    SmsSender primary =
        new SmsSender() {
          private final AtomicInteger n = new AtomicInteger();

          @Override
          public String providerName() {
            return "primary";
          }

          @Override
          public SmsReceipt send(SmsMessage message) {
            if (n.incrementAndGet() % 2 == 0) {
              throw retryable("500");
            }
            return new SmsReceipt("primary", "p", "queued");
          }
        };
    SmsSender chain = SmsSenders.failover(List.of(primary, new ScriptedSender("backup")), 1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SmsReceipt>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> chain.send(MESSAGE)));
      }
      int primaryCount = 0;
      for (Future<SmsReceipt> f : results) {
        if (f.get().provider().equals("primary")) {
          primaryCount++;
        }
      }
      assertThat(primaryCount).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }
}
