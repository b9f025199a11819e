package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one caller rule: who acts, when the user signed in (never invented) and how. */
class SignedInCallerTest {
  private static final UUID USER = UUID.fromString("0f5e4a8e-3b8f-4a53-9d39-3c1b0c6b7a11");
  private static final UUID STAFF = UUID.fromString("6b1f7f3e-55a2-4f0c-8f6e-2f3a9b1c0d22");
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static VerifiedAccessToken token(Instant authTime, Map<String, Object> claims) {
    return new VerifiedAccessToken(
        USER,
        "s-1",
        List.of("pwd"),
        null,
        NOW,
        NOW.plusSeconds(300),
        "j-1",
        "k-1",
        authTime,
        claims);
  }

  @Test
  void aSignInSaysWhenAndHowAndNoOneActs() {
    Instant signedIn = NOW.minusSeconds(90);
    SignedInCaller caller = SignedInCaller.of(token(signedIn, Map.of()));
    assertThat(caller.user()).isEqualTo(USER);
    assertThat(caller.sessionId()).isEqualTo("s-1");
    assertThat(caller.signedInAt()).contains(signedIn);
    assertThat(caller.methods()).containsExactly("pwd");
    assertThat(caller.acting()).isFalse();
    assertThat(caller.actor()).isEmpty();
  }

  @Test
  void anImpersonationNamesWhoActsAndHasNoSignInTimeOfTheUsers() {
    SignedInCaller caller =
        SignedInCaller.of(token(null, Map.of("act", Map.of("sub", STAFF.toString()))));
    assertThat(caller.acting()).isTrue();
    assertThat(caller.actor()).contains(STAFF);
    assertThat(caller.signedInAt()).isEmpty();
  }

  @Test
  void anActClaimThatNamesNoAccountStillActs() {
    SignedInCaller caller = SignedInCaller.of(token(null, Map.of("act", "someone")));
    assertThat(caller.acting()).isTrue();
    assertThat(caller.actor()).isEmpty();
  }

  @Test
  void aCarriedOverLegacySessionWithoutItsSignInTimeClaimsNoneNotTheIssueTime() {
    VerifiedAccessToken legacy =
        CarriedOverAccessToken.of(
            USER, "legacy-1", "simplejwt", NOW, NOW.plusSeconds(300), "j-2", null, "profile", null);
    SignedInCaller caller = SignedInCaller.of(legacy);
    assertThat(caller.signedInAt()).isEmpty();
    assertThat(caller.methods()).containsExactly("simplejwt");
    assertThat(caller.acting()).isFalse();
  }
}
