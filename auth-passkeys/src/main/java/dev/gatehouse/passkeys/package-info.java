/**
 * Passkeys on webauthn4j: {@link dev.gatehouse.passkeys.WebAuthn4jPasskeys}, the module that gives
 * the core's passkey flows their WebAuthn verifier. Install it with {@code
 * Gatehouse.builder(config, store).install(new WebAuthn4jPasskeys())}; the Spring Boot starter
 * installs it when this module is on the class path.
 */
@NullMarked
package dev.gatehouse.passkeys;

import org.jspecify.annotations.NullMarked;
