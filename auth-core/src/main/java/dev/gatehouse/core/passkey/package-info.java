/**
 * Passkeys (WebAuthn): the options a browser's {@code navigator.credentials.create()} and {@code
 * get()} need, and the passkeys a user has. The ceremonies themselves are run by {@link
 * dev.gatehouse.core.account.PasskeyService} ({@code gatehouse.passkeys()}).
 */
@NullMarked
package dev.gatehouse.core.passkey;

import org.jspecify.annotations.NullMarked;
