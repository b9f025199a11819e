package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.SecondFactorService.RememberedDeviceView;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A signed-in caller's remembered devices (the tokens that stand in for the second factor): the
 * list and forgetting them, each for the live caller only and published as an event.
 */
final class RememberedDevices {
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final RecentAuth recentAuth;

  RememberedDevices(Clock clock, AuthStore store, SecurityEvents events, RecentAuth recentAuth) {
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.recentAuth = recentAuth;
  }

  /** The caller's devices that still stand in, newest first, without their tokens. */
  List<RememberedDeviceView> list(VerifiedAccessToken caller) {
    Instant now = clock.instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    return store.inTransaction(tx -> tx.secondFactors().rememberedDevices(user, now)).stream()
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
    Instant now = clock.instant();
    UUID user = recentAuth.liveCaller(caller, now).publicId();
    int n =
        store.inTransaction(tx -> tx.secondFactors().revokeRememberedDevices(user, deviceId, now));
    if (n > 0) {
      events.publish(new AuthEvent.RememberedDevicesRevoked(now, user, n, "user"));
    }
    return n;
  }
}
