package dev.gatehouse.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class FailoverChainTest {

  /** A failure that says in its message whether it is retryable: {@code retry:...} or not. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }

    boolean retryable() {
      return getMessage().startsWith("retry:");
    }
  }

  /** Senders are names; each answers from its own queue of failures, then accepts. */
  private final Map<String, Queue<RuntimeException>> scripts = new HashMap<>();

  private final List<String> log = new ArrayList<>();

  private void script(String sender, RuntimeException... failures) {
    scripts.put(sender, new ConcurrentLinkedQueue<>(List.of(failures)));
  }

  private String send(String sender, String message) {
    log.add(sender);
    RuntimeException next = scripts.getOrDefault(sender, new ConcurrentLinkedQueue<>()).poll();
    if (next != null) {
      throw next;
    }
    return sender + " sent " + message;
  }

  private FailoverChain<String, String, String, Failure> chain(
      List<String> senders, int maxAttempts, FailoverChain.Backoff<Failure> backoff) {
    return FailoverChain.of(
        senders,
        maxAttempts,
        s -> s,
        this::send,
        Failure.class,
        Failure::retryable,
        backoff,
        (sender, message, attempt, max, failure) ->
            log.add("failed " + sender + " " + attempt + "/" + max));
  }

  @Test
  void retryableFailuresAreRetriedUpToTheBoundThenTheNextSenderIsTried() {
    script("a", new Failure("retry:1"), new Failure("retry:2"), new Failure("retry:3"));

    String receipt = chain(List.of("a", "b"), 2, (p, n, f) -> log.add("pause " + p + n)).send("m");

    assertThat(receipt).isEqualTo("b sent m");
    assertThat(log).containsExactly("a", "failed a 1/2", "pause a1", "a", "failed a 2/2", "b");
  }

  @Test
  void aNonRetryableFailureMovesOnWithoutRetryOrPause() {
    script("a", new Failure("no"));

    String receipt = chain(List.of("a", "b"), 3, (p, n, f) -> log.add("pause")).send("m");

    assertThat(receipt).isEqualTo("b sent m");
    assertThat(log).containsExactly("a", "failed a 1/3", "b");
  }

  @Test
  void theLastFailureIsThrownWithTheEarlierOnesSuppressed() {
    Failure first = new Failure("retry:first");
    Failure last = new Failure("last");
    script("a", first);
    script("b", last);

    Failure thrown =
        catchThrowableOfType(
            Failure.class, () -> chain(List.of("a", "b"), 1, (p, n, f) -> {}).send("m"));

    assertThat(thrown).isSameAs(last);
    assertThat(thrown.getSuppressed()).containsExactly(first);
  }

  @Test
  void otherExceptionsPropagateAtOnce() {
    script("a", new IllegalStateException("bug"));

    assertThatThrownBy(() -> chain(List.of("a", "b"), 2, (p, n, f) -> {}).send("m"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(log).containsExactly("a");
  }

  @Test
  void anInterruptedBackoffStopsTheChainAndKeepsTheInterruptFlag() {
    Failure failure = new Failure("retry:x");
    script("a", failure);
    try {
      assertThatThrownBy(
              () ->
                  chain(
                          List.of("a", "b"),
                          3,
                          (p, n, f) -> {
                            throw new InterruptedException();
                          })
                      .send("m"))
          .isSameAs(failure);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(log).doesNotContain("b");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theNameListsTheSendersAndTheSendersAreCopied() {
    List<String> senders = new ArrayList<>(List.of("a", "b"));
    FailoverChain<String, String, String, Failure> chain = chain(senders, 1, (p, n, f) -> {});
    senders.add("c");

    assertThat(chain.name()).isEqualTo("failover(a,b)");
    assertThat(chain.senders()).containsExactly("a", "b");
  }

  @Test
  void invalidArgumentsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> chain(List.of(), 1, (p, n, f) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("senders must not be empty");
    assertThatThrownBy(() -> chain(List.of("a"), 0, (p, n, f) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttemptsPerSender must be at least 1 but was 0");
    assertThatThrownBy(() -> chain(List.of("a"), 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("backoff");
  }
}
