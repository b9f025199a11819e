/**
 * The legacy cut-over on the core's sign-in SPI: a legacy system's tokens (djangorestframework-
 * simplejwt refresh and access tokens, FastAPI-Users JWTs, DRF {@code Token} keys, Django session
 * keys) read during the transition window, so that their sessions carry over into Gatehouse's
 * through the one sign-in pipeline. Installed with {@link dev.gatehouse.legacy.LegacyCutOver}; the
 * legacy credential tables it reads are a {@link dev.gatehouse.legacy.LegacyCredentials}; lazy
 * migration asks a {@link dev.gatehouse.legacy.LegacyAuthenticator} about users no account has.
 */
@NullMarked
package dev.gatehouse.legacy;

import org.jspecify.annotations.NullMarked;
