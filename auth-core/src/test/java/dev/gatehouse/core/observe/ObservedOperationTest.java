package dev.gatehouse.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a flow's operation reaches observers: outcome, reason, stop, and isolation. */
class ObservedOperationTest {

  /** Records what it is told, as text. */
  static final class Recording implements GatehouseObserver {
    final List<String> seen = new ArrayList<>();

    @Override
    public ObservedOperation start(String name, Map<String, String> tags) {
      seen.add("start " + name + " " + tags);
      return new ObservedOperation() {
        @Override
        public void tag(String key, String value) {
          seen.add(key + "=" + value);
        }

        @Override
        public void failed(String code) {
          seen.add("failed " + code);
        }

        @Override
        public void stop() {
          seen.add("stop");
        }
      };
    }
  }

  @Test
  void aResultIsTaggedWithItsOutcomeAndNoReason() {
    Recording r = new Recording();
    String out =
        ObservedOperation.run(r, ObservedOperation.REFRESH, Map.of(), x -> "success", () -> "pair");
    assertThat(out).isEqualTo("pair");
    assertThat(r.seen)
        .containsExactly("start gatehouse.refresh {}", "outcome=success", "reason=none", "stop");
  }

  @Test
  void aRefusalFailsWithItsCodeButASecondFactorIsAnOutcome() {
    Recording r = new Recording();
    assertThatThrownBy(
            () ->
                ObservedOperation.run(
                    r,
                    ObservedOperation.SIGN_IN,
                    Map.of(),
                    x -> "success",
                    () -> {
                      throw new RejectedInputException(ErrorCode.INVALID_CREDENTIALS, "no");
                    }))
        .isInstanceOf(RejectedInputException.class);
    // A second step is an answer, not a refusal: the outcome comes from the result.
    assertThat(
            ObservedOperation.run(
                r,
                ObservedOperation.SIGN_IN,
                Map.of(),
                x -> x.equals("challenge") ? "second_factor" : "success",
                () -> "challenge"))
        .isEqualTo("challenge");
    assertThatThrownBy(
            () ->
                ObservedOperation.run(
                    r,
                    ObservedOperation.SIGN_IN,
                    Map.of(),
                    x -> "success",
                    () -> {
                      throw new IllegalStateException("database gone");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(r.seen)
        .containsExactly(
            "start gatehouse.sign-in {}",
            "failed invalid_credentials",
            "stop",
            "start gatehouse.sign-in {}",
            "outcome=second_factor",
            "reason=none",
            "stop",
            "start gatehouse.sign-in {}",
            "failed error",
            "stop");
  }

  @Test
  void anObserverThatFailsToStartLeavesTheOthersAndTheWorkAlone() {
    Recording r = new Recording();
    GatehouseObserver broken =
        new GatehouseObserver() {
          @Override
          public ObservedOperation start(String name, Map<String, String> tags) {
            throw new IllegalStateException("tracer down");
          }
        };
    GatehouseObserver both = GatehouseObserver.allOf(List.of(broken, r));
    Integer out =
        ObservedOperation.run(
            both,
            ObservedOperation.CODE_REQUEST,
            Map.of("channel", "sms"),
            x -> "success",
            () -> 7);
    assertThat(out).isEqualTo(7);
    assertThat(r.seen)
        .containsExactly(
            "start gatehouse.code.request {channel=sms}", "outcome=success", "reason=none", "stop");
    assertThat(GatehouseObserver.none().start(ObservedOperation.REFRESH, Map.of()))
        .isSameAs(ObservedOperation.NONE);
  }
}
