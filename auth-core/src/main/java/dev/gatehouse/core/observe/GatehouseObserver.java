package dev.gatehouse.core.observe;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Receives measurements that {@link dev.gatehouse.core.event.AuthEvent}s do not carry. Every method
 * has a no-op default, so an observer overrides only what it records, and new methods can be added
 * without breaking it. Logins by outcome, lockouts and refresh-token reuse are events ({@code
 * LoggedIn}, {@code LoginFailed}, {@code Locked}, {@code TokenReuseDetected}): listen for those
 * with an {@link dev.gatehouse.core.event.AuthEvent.AuthEventListener}.
 *
 * <p><b>No secrets, no personal data.</b> Nothing passed to an observer names a user, an address, a
 * phone number, a code or a password; every value is a bounded set (channel, purpose, provider
 * name, outcome) or a duration, so each can become a metric tag.
 *
 * <p><b>Threads.</b> Methods are called synchronously, on the thread that did the work: request
 * threads for hashing, the delivery workers (or the thread that committed, with {@code
 * deliveryExecutor(Runnable::run)}) for deliveries, concurrently from many threads. An observer
 * must be thread-safe, must not block and should return quickly: hashing calls happen while a login
 * waits. An exception an observer throws is logged and swallowed; it never fails the work observed.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .observer(new GatehouseObserver() {
 *       @Override
 *       public void passwordHashed(Duration permitWait, Duration computation) {
 *         hashTimer.record(computation);
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface GatehouseObserver {

  /** {@return an observer that records nothing} */
  static GatehouseObserver none() {
    return Observers.NONE;
  }

  /**
   * One observer that calls each of the given ones in order, isolating each: an exception one
   * throws is logged and the next is still called.
   *
   * @param observers the observers
   * @return the combination ({@link #none()} for an empty list)
   * @throws NullPointerException when the list or an element is null
   */
  static GatehouseObserver allOf(List<? extends GatehouseObserver> observers) {
    return Observers.allOf(observers);
  }

  /**
   * A password hash was computed (hashing a new password, verifying one, or the dummy verification
   * that makes a login for an unknown account cost the same; they are not told apart, so the
   * measurement reveals nothing about which accounts exist).
   *
   * @param permitWait how long the computation waited for one of the {@code
   *     gatehouse.password.max-concurrent-hashes} permits
   * @param computation how long the computation itself took, permit held
   */
  default void passwordHashed(Duration permitWait, Duration computation) {}

  /**
   * The outbox tried to hand one message to a provider.
   *
   * @param attempt the channel, purpose, provider, outcome and duration; no destination, no text
   */
  default void deliveryAttempted(DeliveryAttempt attempt) {}

  /**
   * A message carrying a one-time code was accepted by a provider (called after {@link
   * #deliveryAttempted} for the same send). A code whose every attempt failed is not counted.
   *
   * @param channel {@code sms} or {@code email}
   * @param purpose the template purpose, e.g. {@code login} or {@code verify}
   * @param provider the provider that accepted it, e.g. {@code twilio}
   */
  default void codeSent(String channel, String purpose, String provider) {}

  /**
   * A flow starts an operation worth a trace span: {@link ObservedOperation#SIGN_IN}, {@link
   * ObservedOperation#REFRESH}, {@link ObservedOperation#CODE_REQUEST}, {@link
   * ObservedOperation#DELIVERY} or {@link ObservedOperation#IMPORT_BATCH}. The observer answers the
   * handle the flow tags and stops; the default observes nothing. Called on the flow's thread,
   * which also stops it, so an observer may open a tracing scope here (the database calls of the
   * flow then nest under it).
   *
   * @param name the operation's name
   * @param tags its low-cardinality tags known at the start
   * @return the handle; never null
   */
  default ObservedOperation start(String name, Map<String, String> tags) {
    return ObservedOperation.NONE;
  }

  /**
   * One attempt of the outbox to hand a message to a provider. Carries no destination and no text.
   *
   * @param channel {@code sms} or {@code email}
   * @param purpose the template purpose, e.g. {@code login}, {@code verify}, {@code reset}
   * @param provider the provider's name ({@code SmsSender.providerName()} or the provider that
   *     accepted the message, for a failover chain the one that answered)
   * @param outcome how it went
   * @param oneTimeCode whether the message carries a one-time code
   * @param duration how long the provider call took ({@link Duration#ZERO} when none was made)
   */
  public record DeliveryAttempt(
      String channel,
      String purpose,
      String provider,
      Outcome outcome,
      boolean oneTimeCode,
      Duration duration) {

    /**
     * Checks that nothing is null.
     *
     * @param channel {@code sms} or {@code email}
     * @param purpose the template purpose
     * @param provider the provider's name
     * @param outcome how it went
     * @param oneTimeCode whether the message carries a one-time code
     * @param duration how long the provider call took
     * @throws NullPointerException when a component is null
     */
    public DeliveryAttempt {
      requireNonNull(channel, "channel");
      requireNonNull(purpose, "purpose");
      requireNonNull(provider, "provider");
      requireNonNull(outcome, "outcome");
      requireNonNull(duration, "duration");
    }

    /** How a delivery attempt ended. */
    public enum Outcome {
      /** The provider accepted the message. */
      SENT,
      /** The attempt failed and the message will be tried again later. */
      RETRYING,
      /** The attempt failed and the message was given up (attempts exhausted or not retryable). */
      FAILED;

      /**
       * {@return the lower-case name, as used in metric tags: {@code sent}, {@code retrying}, ...}
       */
      public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

  /**
   * One operation of a flow being observed for tracing, from {@link GatehouseObserver#start}: a
   * sign-in, a refresh, a code request, a delivery, an import batch. The flow adds the outcome when
   * it knows it and stops the operation once, on the thread that started it. Tag values come from
   * bounded sets (methods, channels, purposes, outcomes, error codes); never a user, an address or
   * a secret.
   *
   * <pre>{@code
   * ObservedOperation op = observer.start(ObservedOperation.REFRESH, Map.of());
   * try {
   *   TokenPair pair = rotate();
   *   op.tag("outcome", "success");
   *   return pair;
   * } catch (AuthException e) {
   *   op.failed(e.code());
   *   throw e;
   * } finally {
   *   op.stop();
   * }
   * }</pre>
   */
  public interface ObservedOperation {
    /**
     * A sign-in by any method (tag {@code method}: {@code pwd}, {@code otp}, {@code social}, ...).
     * Gatehouse adds the tag {@code path} to it and to {@link #REFRESH}: how the store runs their
     * statements on the host's tables ({@code AuthStore#statementPath}: {@code plain}, {@code
     * jpql}, {@code memory}).
     */
    String SIGN_IN = "gatehouse.sign-in";

    /** A refresh of an access token with a refresh token. */
    String REFRESH = "gatehouse.refresh";

    /** A request for a one-time code (tags {@code channel}, {@code purpose}). */
    String CODE_REQUEST = "gatehouse.code.request";

    /** One attempt to hand a message to a provider (tags {@code channel}, {@code provider}). */
    String DELIVERY = "gatehouse.delivery";

    /** One batch of an import run (tag {@code source}). */
    String IMPORT_BATCH = "gatehouse.import.batch";

    /** The operation that observes nothing. */
    ObservedOperation NONE = new ObservedOperation() {};

    /**
     * Adds a tag known only during the operation, such as its {@code outcome}.
     *
     * @param key the tag's name
     * @param value its value, from a bounded set
     */
    default void tag(String key, String value) {}

    /**
     * Marks the operation failed with a stable error code: the observer tags it {@code
     * outcome=failure} and {@code reason=<code>} (a success is tagged {@code reason=none}, so both
     * have the same keys).
     *
     * @param code the refusal's code, such as {@code invalid_credentials}
     */
    default void failed(String code) {}

    /** Ends the operation; called once. */
    default void stop() {}

    /**
     * The tags of a {@link #SIGN_IN}: the same three keys for every method (and the {@code path}
     * Gatehouse adds), so that a metrics backend that wants one key set per name (Prometheus) takes
     * them all.
     *
     * @param method {@code pwd}, {@code otp}, {@code social}, {@code webauthn}, {@code totp} or
     *     {@code recovery_code}
     * @param secondStep whether this completes a sign-in that asked for a second factor
     * @param provider the social provider's configured name, or {@code none}
     * @return the tags
     */
    static Map<String, String> signInTags(String method, boolean secondStep, String provider) {
      return Map.of(
          "method", method, "step", secondStep ? "second" : "first", "provider", provider);
    }

    /**
     * Runs {@code work} as one observed operation: started before, tagged {@code outcome} from the
     * result ({@code outcomeOf}) and {@code reason=none}, or failed with the refusal's code (an
     * unexpected exception is the reason {@code error}), and stopped after. ({@code reason}, not
     * {@code error}: Micrometer's timers add an {@code error} tag of their own.)
     *
     * @param observer who observes
     * @param name the operation's name
     * @param tags its tags known at the start
     * @param outcomeOf the outcome of a result, such as {@code success} or {@code second_factor}
     * @param work the operation
     * @param <T> the result's type
     * @return what {@code work} returned
     */
    static <T> T run(
        GatehouseObserver observer,
        String name,
        Map<String, String> tags,
        Function<? super T, String> outcomeOf,
        Supplier<T> work) {
      ObservedOperation op = observer.start(name, tags);
      try {
        T result = work.get();
        op.tag("outcome", outcomeOf.apply(result));
        op.tag("reason", "none");
        return result;
      } catch (AuthException e) {
        op.failed(e.code());
        throw e;
      } catch (RuntimeException | Error e) {
        op.failed("error");
        throw e;
      } finally {
        op.stop();
      }
    }
  }
}
