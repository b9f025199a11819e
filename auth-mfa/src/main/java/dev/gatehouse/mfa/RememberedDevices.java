package dev.gatehouse.mfa;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorService.RememberedDeviceView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A signed-in caller's remembered devices (the tokens that stand in for the second factor): the
 * list and forgetting them, each for the live caller only and published as an event.
 */
final class RememberedDevices {
  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;

  RememberedDevices(SignInContext context) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
  }

  /** The caller's devices that still stand in, newest first, without their tokens. */
  List<RememberedDeviceView> list(VerifiedAccessToken caller) {
    Instant now = context.clock().instant();
    UUID user = accounts.caller(caller).publicId();
    return context
        .store()
        .inTransaction(tx -> tx.secondFactors().rememberedDevices(user, now))
        .stream()
        .map(
            d ->
                new RememberedDeviceView(
                    d.id(), d.label(), d.createdAt(), d.lastUsedAt(), d.expiresAt()))
        .toList();
  }

  /**
   * Forgets one device of the caller, or every one.
   *
   * @param deviceId the device, or {@code null} for all
   * @return how many were forgotten
   */
  int forget(VerifiedAccessToken caller, @Nullable Long deviceId) {
    Instant now = context.clock().instant();
    UUID user = accounts.caller(caller).publicId();
    return context
        .store()
        .inTransaction(
            tx -> {
              int n = tx.secondFactors().revokeRememberedDevices(user, deviceId, now);
              if (n > 0) {
                audit.publish(tx, new AuthEvent.RememberedDevicesRevoked(now, user, n, "user"));
              }
              return n;
            });
  }
}
