/**
 * Social sign-in, a module on the core's sign-in SPI: {@link dev.gatehouse.social.SocialSignIn}
 * installs {@link dev.gatehouse.social.SocialService} (the account rules, the state, nonce and PKCE
 * of the browser flow, linking and unlinking) with the providers it is given: {@link
 * dev.gatehouse.social.OidcProvider} for any OpenID Connect issuer, the {@link
 * dev.gatehouse.social.GoogleProvider} and {@link dev.gatehouse.social.AppleProvider} presets,
 * {@link dev.gatehouse.social.FacebookProvider}, or a host's own {@link
 * dev.gatehouse.social.SocialProvider}. The providers talk to the provider over {@code
 * java.net.http} and verify its answers.
 */
@NullMarked
package dev.gatehouse.social;

import org.jspecify.annotations.NullMarked;
