/**
 * Gatehouse for Spring Security and Spring MVC.
 *
 * <p>With a {@code Gatehouse} bean in the context (from the starter's auto-configuration or the
 * host's own), this module adds:
 *
 * <ul>
 *   <li>a {@link org.springframework.security.oauth2.jwt.JwtDecoder} for Gatehouse's access tokens
 *       ({@link dev.gatehouse.spring.web.token.GatehouseJwtDecoder}) that passes Spring Security's
 *       RFC 9068 validators, and refuses tokens of revoked sessions ({@code
 *       gatehouse.http.check-session}, on by default; each instance follows the revocations);
 *   <li>a {@code JwtAuthenticationConverter} whose authorities come from the {@code roles} and
 *       {@code scope} claims ({@link dev.gatehouse.spring.web.GatehouseAuthoritiesConverter});
 *   <li>a default, stateless {@code SecurityFilterChain} that permits the contract's routes and
 *       requires a bearer token elsewhere (a host's own chain replaces it);
 *   <li>with {@code gatehouse.http.enabled=true}: the HTTP contract (the jb-drf-auth route set
 *       under {@code gatehouse.http.base-path}, default {@code /auth}), {@code
 *       /.well-known/jwks.json}, CORS from an allow-list, RFC 9457 problem details on every error,
 *       and the contract's OpenAPI document at {@code {base}/openapi.json} (checked in as {@code
 *       docs/openapi.json}); or, with {@code gatehouse.http.contract=jb-drf-auth} or {@code
 *       fastapi-users}, that peer's routes, bodies and error shapes.
 * </ul>
 */
@NullMarked
package dev.gatehouse.spring.web;

import org.jspecify.annotations.NullMarked;
