package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.OutboxStore.NewOutboxMessage;
import dev.gatehouse.core.store.OutboxStore.Priority;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Where the services put every email and SMS: recorded in the flow's transaction, sent after it
 * commits by the {@link DeliveryDispatcher}, which is woken at commit. Nothing is sent for a flow
 * that rolls back, and no request waits for a provider. Each message's {@link Priority} is decided
 * here, and only here ({@link #priority}). Thread-safe. Internal: not API.
 */
public final class Outbox {
  /** What the outbox column holds at most (base64 of the sealed payload). */
  private static final int MAX_STORED = 8000;

  private final PayloadSeal seal;
  private final Consumer<Priority> wake;

  /**
   * @param seal encrypts payloads
   * @param wake called after a commit that recorded messages, with the priority of each
   */
  public Outbox(PayloadSeal seal, Consumer<Priority> wake) {
    this.seal = requireNonNull(seal, "seal");
    this.wake = requireNonNull(wake, "wake");
  }

  /**
   * Seals a message and checks that it fits the outbox, before the flow writes anything: a template
   * that renders too large a message fails here, with no side effect.
   *
   * @param message what to send
   * @return the sealed message, to {@link #enqueue} inside the flow's transaction
   * @throws ConfigurationException when the rendered message is too large to record
   */
  public Sealed seal(Message message) {
    byte[] sealed =
        seal.seal(
            PayloadSeal.binding(message.channel(), message.purpose(), message.maskedDestination()),
            message.payload());
    int stored = Base64.getEncoder().encodeToString(sealed).length();
    if (stored > MAX_STORED) {
      throw new ConfigurationException(
          "the rendered "
              + message.purpose()
              + " message is too large for the outbox ("
              + stored
              + " characters sealed, at most "
              + MAX_STORED
              + "); shorten the template");
    }
    return new Sealed(message, sealed);
  }

  /**
   * Records one sealed message in {@code tx} and arranges for the dispatcher to be woken when
   * {@code tx} commits.
   *
   * @param tx the flow's transaction
   * @param sealed what {@link #seal} returned
   * @param otpCodeId the code the message carries, dropped if it fails for good; or {@code null}
   * @param releaseKey a counter to reset if it fails for good (the cooldown claim); or {@code null}
   * @param now the flow's time
   * @return the outbox key
   */
  public long enqueue(
      StoreTransaction tx, Sealed sealed, Long otpCodeId, String releaseKey, Instant now) {
    Message m = sealed.message();
    Priority priority = priority(m);
    long id =
        tx.outbox()
            .enqueue(
                new NewOutboxMessage(
                    m.channel(),
                    m.purpose(),
                    m.maskedDestination(),
                    m.loggedText(),
                    sealed.bytes(),
                    otpCodeId,
                    releaseKey,
                    m.maxAttempts(),
                    now,
                    priority));
    tx.afterCommit(() -> wake.accept(priority));
    return id;
  }

  /**
   * Records an entry of a module's channel ({@code ModuleMail#enqueue}) in {@code tx}: its fields
   * are the sealed payload's, in order, so an entry reads back as it was written.
   *
   * @param tx the flow's transaction
   * @param channel a module's channel
   * @param entry the entry
   * @param maxAttempts attempts before it fails for good
   * @param now the flow's time
   * @return the outbox key
   * @throws IllegalArgumentException when the channel is one of the core's
   */
  public long enqueueModuleEntry(
      StoreTransaction tx,
      String channel,
      dev.gatehouse.core.signin.OutboxChannel.Entry entry,
      int maxAttempts,
      Instant now) {
    requireModuleChannel(channel);
    String[] f = new String[6];
    for (int i = 0; i < entry.fields().size(); i++) {
      f[i] = entry.fields().get(i);
    }
    Payload payload = new Payload(f[0], f[1], f[2], f[3], f[4], f[5]);
    Message m =
        new Message(
            channel, entry.purpose(), entry.key(), entry.loggedText(), payload, maxAttempts);
    return enqueue(tx, seal(m), null, null, now);
  }

  /**
   * @param channel a channel's name
   * @return whether it is a module's, not the core's emails, SMS or deferred requests
   */
  static boolean isModuleChannel(String channel) {
    return !OutboxStore.CORE_CHANNELS.contains(channel);
  }

  /**
   * @param channel a channel a module names
   * @throws IllegalArgumentException when it is one of the core's
   */
  static void requireModuleChannel(String channel) {
    requireNonNull(channel, "channel");
    if (!isModuleChannel(channel) || channel.isBlank()) {
      throw new IllegalArgumentException("the outbox channel " + channel + " is the core's own");
    }
  }

  /**
   * The one rule of which messages go first: a message that carries a secret (a one-time code, or
   * the token of a sign-in, confirmation or reset link) is one its recipient waits for, and so is a
   * deferred request, whose work is to make such a message. A notice carries none ({@link Notices})
   * and a module's entry (a legacy write-back) is nobody's wait: both go after every interactive
   * message that is due.
   *
   * @param m the message
   * @return its priority
   */
  static Priority priority(Message m) {
    if (DeferredRequests.CHANNEL.equals(m.channel())) {
      return Priority.INTERACTIVE;
    }
    if (isModuleChannel(m.channel())) {
      return Priority.BACKGROUND;
    }
    String secret = m.payload().secret();
    return secret == null || secret.isEmpty() ? Priority.BACKGROUND : Priority.INTERACTIVE;
  }

  /**
   * A message sealed for the outbox.
   *
   * @param message what it says of itself (no secret)
   * @param bytes the sealed payload
   */
  public record Sealed(Message message, byte[] bytes) {
    @Override
    public String toString() {
      return "Sealed[" + message + "]";
    }
  }

  /**
   * One message to record.
   *
   * @param channel {@code email} or {@code sms}
   * @param purpose the template purpose
   * @param maskedDestination the destination as logs show it
   * @param loggedText what the delivery log keeps (SMS text or email subject, secret masked)
   * @param payload the message itself
   * @param maxAttempts sending attempts before it fails for good
   */
  public record Message(
      String channel,
      String purpose,
      String maskedDestination,
      String loggedText,
      Payload payload,
      int maxAttempts) {
    @Override
    public String toString() {
      return "Message[" + channel + ", " + purpose + ", " + maskedDestination + "]";
    }
  }
}
