/**
 * Passkeys (WebAuthn) on webauthn4j, a sign-in method on the core's sign-in SPI: {@link
 * dev.gatehouse.passkeys.PasskeyService} (registration, passwordless sign-in, a passkey as second
 * factor and for step-up, the user's passkeys), added by {@link
 * dev.gatehouse.passkeys.WebAuthn4jPasskeys}. Install it with {@code Gatehouse.builder(config,
 * store).install(new WebAuthn4jPasskeys())} and get the service with {@code
 * gatehouse.feature(PasskeyService.class)}; the Spring Boot starter installs it when this module is
 * on the class path.
 */
@NullMarked
package dev.gatehouse.passkeys;

import org.jspecify.annotations.NullMarked;
