package dev.gatehouse.testing;

import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gate in front of senders, for proving without timing anything that a request never waits for
 * delivery: while the gate is shut, every send blocks until the test opens it. Counts the sends
 * that started and finished, and waits for them with a timeout. Thread-safe.
 *
 * <pre>{@code
 * DeliveryGate gate = DeliveryGate.shut();
 * builder.emailSender(gate.guard(capturing));
 * gatehouse.accounts().requestPasswordReset(...); // returns while the send is blocked
 * assertThat(gate.awaitStarted(1, Duration.ofSeconds(10))).isTrue();
 * gate.open();
 * assertThat(gate.awaitFinished(1, Duration.ofSeconds(10))).isTrue();
 * }</pre>
 */
public final class DeliveryGate {
  /** How long a blocked send waits at most, so a forgotten gate fails a test instead of hanging. */
  private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

  private final CountDownLatch opened = new CountDownLatch(1);
  private final Object lock = new Object();
  private int started;
  private int finished;

  private DeliveryGate() {}

  /**
   * A gate that blocks every send until {@link #open()}.
   *
   * @return a shut gate
   */
  public static DeliveryGate shut() {
    return new DeliveryGate();
  }

  /** Lets every blocked and every later send through. */
  public void open() {
    opened.countDown();
  }

  /**
   * @param sender the sender to put behind the gate
   * @return a sender that waits at the gate, then delegates
   */
  public EmailSender guard(EmailSender sender) {
    return new EmailSender() {
      @Override
      public String providerName() {
        return sender.providerName();
      }

      @Override
      public EmailReceipt send(EmailMessage message) {
        pass();
        try {
          return sender.send(message);
        } finally {
          done();
        }
      }
    };
  }

  /**
   * @param sender the sender to put behind the gate
   * @return a sender that waits at the gate, then delegates
   */
  public SmsSender guard(SmsSender sender) {
    return new SmsSender() {
      @Override
      public String providerName() {
        return sender.providerName();
      }

      @Override
      public SmsReceipt send(SmsMessage message) {
        pass();
        try {
          return sender.send(message);
        } finally {
          done();
        }
      }
    };
  }

  /**
   * Waits until at least {@code n} sends have reached the gate.
   *
   * @param n how many sends to wait for
   * @param timeout how long to wait at most
   * @return whether they did within {@code timeout}
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitStarted(int n, Duration timeout) throws InterruptedException {
    return await(() -> started >= n, timeout);
  }

  /**
   * Waits until at least {@code n} sends have finished (delivered or failed).
   *
   * @param n how many sends to wait for
   * @param timeout how long to wait at most
   * @return whether they did within {@code timeout}
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitFinished(int n, Duration timeout) throws InterruptedException {
    return await(() -> finished >= n, timeout);
  }

  /**
   * How many sends have reached the gate so far.
   *
   * @return the number of sends started
   */
  public int started() {
    synchronized (lock) {
      return started;
    }
  }

  private void pass() {
    synchronized (lock) {
      started++;
      lock.notifyAll();
    }
    try {
      if (!opened.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the delivery gate was never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the delivery gate", e);
    }
  }

  private void done() {
    synchronized (lock) {
      finished++;
      lock.notifyAll();
    }
  }

  private boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }
}
