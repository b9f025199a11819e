/**
 * Verifying Gatehouse's access tokens in a Spring resource server: {@link
 * dev.gatehouse.spring.web.token.GatehouseJwtDecoder}, with Gatehouse's own key ring and
 * validators.
 */
@NullMarked
package dev.gatehouse.spring.web.token;

import org.jspecify.annotations.NullMarked;
