package dev.gatehouse.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmailFailoverTest {
  private static final EmailMessage MESSAGE =
      new EmailMessage("alice@example.com", "no-reply@acme.example", "Code", "123456", null);

  /** Answers from a script: each entry is an exception to throw; an empty script accepts. */
  private static final class ScriptedSender implements EmailSender {
    private final String name;
    private final Deque<EmailDeliveryException> script;
    final AtomicInteger calls = new AtomicInteger();

    ScriptedSender(String name, EmailDeliveryException... script) {
      this.name = name;
      this.script = new ArrayDeque<>(List.of(script));
    }

    @Override
    public String providerName() {
      return name;
    }

    @Override
    public synchronized EmailReceipt send(EmailMessage message) {
      calls.incrementAndGet();
      if (!script.isEmpty()) {
        throw script.poll();
      }
      return new EmailReceipt(name, "<" + name + "@id>");
    }
  }

  private static EmailDeliveryException retryable(String what) {
    return new EmailDeliveryException(what, true, null);
  }

  private static EmailDeliveryException permanent(String what) {
    return new EmailDeliveryException(what, false, null);
  }

  @Test
  void retryableFailuresAreRetriedThenTheNextProviderSends() {
    ScriptedSender primary = new ScriptedSender("smtp", retryable("421"), retryable("451"));
    ScriptedSender backup = new ScriptedSender("api");
    EmailSender chain = EmailSenders.failover(List.of(primary, backup), 2);

    EmailReceipt receipt = chain.send(MESSAGE);

    assertThat(primary.calls).hasValue(2);
    assertThat(receipt.provider()).isEqualTo("api");
    assertThat(chain.providerName()).isEqualTo("failover(smtp,api)");
  }

  @Test
  void aRetrySucceedsAtThePrimary() {
    ScriptedSender primary = new ScriptedSender("smtp", retryable("421"));
    ScriptedSender backup = new ScriptedSender("api");

    assertThat(EmailSenders.failover(List.of(primary, backup), 2).send(MESSAGE).provider())
        .isEqualTo("smtp");
    assertThat(backup.calls).hasValue(0);
  }

  @Test
  void aPermanentFailureIsNotRetriedButFallsThrough() {
    ScriptedSender primary = new ScriptedSender("smtp", permanent("535"));
    ScriptedSender backup = new ScriptedSender("api");

    assertThat(EmailSenders.failover(List.of(primary, backup), 3).send(MESSAGE).provider())
        .isEqualTo("api");
    assertThat(primary.calls).hasValue(1);
  }

  @Test
  void whenAllFailTheLastFailureIsThrown() {
    EmailDeliveryException first = retryable("421");
    EmailDeliveryException last = permanent("550");

    EmailDeliveryException thrown =
        catchThrowableOfType(
            EmailDeliveryException.class,
            () ->
                EmailSenders.failover(
                        List.of(new ScriptedSender("smtp", first), new ScriptedSender("api", last)),
                        1)
                    .send(MESSAGE));

    assertThat(thrown).isSameAs(last);
    assertThat(thrown.getSuppressed()).containsExactly(first);
  }

  @Test
  void theBackoffIsAskedBeforeEachRetry() {
    List<Integer> pauses = new ArrayList<>();
    ScriptedSender primary = new ScriptedSender("smtp", retryable("a"), retryable("b"));

    EmailSenders.failover(List.of(primary), 3, (p, n, f) -> pauses.add(n)).send(MESSAGE);

    assertThat(pauses).containsExactly(1, 2);
  }

  @Test
  void theChainIsDevelopmentOnlyWhenAnyMemberIs() {
    assertThat(
            EmailSenders.failover(List.of(new ScriptedSender("a"), EmailSender.logging()), 1)
                .developmentOnly())
        .isTrue();
    assertThat(EmailSenders.failover(List.of(new ScriptedSender("a")), 1).developmentOnly())
        .isFalse();
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> EmailSenders.failover(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailSenders.failover(List.of(new ScriptedSender("a")), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
