/**
 * Social sign-in: {@link dev.gatehouse.core.social.SocialService} (the account rules, the state,
 * nonce and PKCE of the browser flow, linking and unlinking) and the {@link
 * dev.gatehouse.core.social.SocialProvider} SPI that {@code auth-social} implements for OpenID
 * Connect issuers, Google, Apple and Facebook.
 */
@NullMarked
package dev.gatehouse.core.social;

import org.jspecify.annotations.NullMarked;
