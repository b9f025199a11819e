/**
 * Social sign-in providers for {@code Gatehouse.builder(...).socialProvider(...)}: {@link
 * dev.gatehouse.social.OidcProvider} for any OpenID Connect issuer, the {@link
 * dev.gatehouse.social.GoogleProvider} and {@link dev.gatehouse.social.AppleProvider} presets, and
 * {@link dev.gatehouse.social.FacebookProvider}. They talk to the providers over {@code
 * java.net.http} and verify their answers; the account rules, state, nonce and PKCE verifier live
 * in {@code dev.gatehouse.core.social.SocialService}.
 */
@NullMarked
package dev.gatehouse.social;

import org.jspecify.annotations.NullMarked;
