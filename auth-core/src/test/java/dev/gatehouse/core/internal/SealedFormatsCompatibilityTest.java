package dev.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.secret.Sealer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values sealed by the sealers before {@link Sealer} (format 1: outbox rows, social states, emailed
 * links, provider tokens), produced once by that code under {@link #EARLIER}: what was in flight or
 * stored across the upgrade still opens, under the current key and once that key was rotated into
 * {@code gatehouse.previous-secret-keys}.
 */
class SealedFormatsCompatibilityTest {
  private static final String EARLIER = "an-earlier-secret-key-0123456789abcdef";
  private static final String CURRENT = "the-current-secret-key-0123456789abcdef";

  private static final String BINDING = PayloadSeal.binding("email", "verify", "a***@example.com");
  private static final Payload PAYLOAD =
      new Payload(
          "ann@example.com", "no-reply@example.com", "Verify", "code 123456", null, "123456");
  private static final String OLD_PAYLOAD =
      "AZyHPa9eMurIP7M55kxMPmvm0KheJCyChtBGx0i5RoX4y/N4yE6o/hTHC5nREERGgYjkhvySZdFVnfU1YEpMrqxzoRlr"
          + "jHTG683qGnMVF2Za7c1b1hkgk2PUSQZ/sIoYrNiDWu2ajuIAtvrvQgdRuSw=";
  private static final String OLD_STATE =
      "ARBOB0F5GiEIbSQYG7JxpJrc4VL1QvAbBQC1z5LtMHVvFpNldebJqivcF_G7HrE9LXPnw9N-Kw";
  private static final String OLD_MAGIC_LINK =
      "Ae2mdr27jNllAofXEd-pd2GROGOKiEKIGyg0GjVlswy4Ra-VS8pZrwEU_G62wDziRD0tRb4MLOzoTdNvC3zV65LBQtFf"
          + "eBeZMSQSVXwlSpId2j-7Y4ILbAfFJGLkyeturgZ8zMzrmoDCJyCt";
  private static final String TOKEN_KEY = "a-social-token-key-0123456789abcdef";
  private static final String OLD_PROVIDER_TOKEN =
      "AcA5OqjdD7-uQEi2Wi-lp0TPlhN6_x_xr1Kd72rFaT3Q07I84pQnnDMU88Bt4I0zg8KOQAIzKQ0t";

  private static final Sealer UNCHANGED = Sealer.of(EARLIER, List.of());
  private static final Sealer ROTATED = Sealer.of(CURRENT, List.of(EARLIER));

  @Test
  void anOutboxPayloadSealedByTheEarlierFormatStillOpensAlsoAfterRotation()
      throws GeneralSecurityException {
    byte[] old = Base64.getDecoder().decode(OLD_PAYLOAD);
    for (Sealer sealer : List.of(UNCHANGED, ROTATED)) {
      PayloadSeal seal = new PayloadSeal(sealer);
      assertThat(seal.open(BINDING, old)).isEqualTo(PAYLOAD);
      assertThatThrownBy(() -> seal.open(PayloadSeal.binding("sms", "verify", "+1***"), old))
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> new PayloadSeal(Sealer.of(CURRENT, List.of())).open(BINDING, old))
        .isInstanceOf(Sealer.Unopenable.class);

    byte[] fresh = new PayloadSeal(ROTATED).seal(BINDING, PAYLOAD);
    assertThat(fresh[0]).as("the current format").isEqualTo((byte) 2);
    assertThat(fresh).hasSize(old.length + 1);
    assertThat(new PayloadSeal(ROTATED).open(BINDING, fresh)).isEqualTo(PAYLOAD);
  }

  @Test
  void aSocialStateAndAMagicLinkSealedByTheEarlierFormatStillOpenAlsoAfterRotation()
      throws GeneralSecurityException {
    for (Sealer sealer : List.of(UNCHANGED, ROTATED)) {
      assertThat(sealer.openFields("social-state", "", OLD_STATE))
          .isEqualTo(Arrays.asList("google", null, "nonce-1"));
      assertThat(sealer.openFields("magic-link", "", OLD_MAGIC_LINK))
          .containsExactly("ann@example.com", "Ann@Example.com", "1772359200", "-", "7", "nonce");
      assertThatThrownBy(() -> sealer.openFields("social-link", "", OLD_STATE))
          .isInstanceOf(Sealer.Unopenable.class);
      assertThatThrownBy(() -> sealer.openFields("magic-link", "", OLD_STATE))
          .isInstanceOf(Sealer.Unopenable.class);
    }
  }

  @Test
  void aProviderTokenSealedByTheEarlierFormatStillOpensUnderItsRotatedKey()
      throws GeneralSecurityException {
    Sealer rotated = Sealer.of("a-newer-social-token-key-0123456789abcdef", List.of(TOKEN_KEY));
    assertThat(rotated.openFields("social-provider-token", "", OLD_PROVIDER_TOKEN))
        .containsExactly("provider-access-token");
    assertThatThrownBy(() -> ROTATED.openFields("social-provider-token", "", OLD_PROVIDER_TOKEN))
        .isInstanceOf(Sealer.Unopenable.class);
  }

  @Test
  void theEarlierFormatOpensOnlyForThePurposesThatHadIt() {
    byte[] old = Base64.getDecoder().decode(OLD_PAYLOAD);
    assertThatThrownBy(() -> UNCHANGED.open("totp-seed", BINDING, old))
        .isInstanceOf(Sealer.Unopenable.class);
    assertThatThrownBy(() -> UNCHANGED.open("outbox", BINDING, Arrays.copyOf(old, 20)))
        .isInstanceOf(Sealer.Unopenable.class);
  }
}
