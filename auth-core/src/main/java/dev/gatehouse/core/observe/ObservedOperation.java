package dev.gatehouse.core.observe;

import dev.gatehouse.core.error.AuthException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One operation of a flow being observed for tracing, from {@link GatehouseObserver#start}: a
 * sign-in, a refresh, a code request, a delivery, an import batch. The flow adds the outcome when
 * it knows it and stops the operation once, on the thread that started it. Tag values come from
 * bounded sets (methods, channels, purposes, outcomes, error codes); never a user, an address or a
 * secret.
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
   * The tags of a {@link #SIGN_IN}: the same three keys for every method, so that a metrics backend
   * that wants one key set per name (Prometheus) takes them all.
   *
   * @param method {@code pwd}, {@code otp}, {@code social}, {@code webauthn}, {@code totp} or
   *     {@code recovery_code}
   * @param secondStep whether this completes a sign-in that asked for a second factor
   * @param provider the social provider's configured name, or {@code none}
   * @return the tags
   */
  static Map<String, String> signInTags(String method, boolean secondStep, String provider) {
    return Map.of("method", method, "step", secondStep ? "second" : "first", "provider", provider);
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
