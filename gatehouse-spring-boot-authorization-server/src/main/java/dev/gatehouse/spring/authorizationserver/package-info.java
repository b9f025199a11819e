/**
 * Gatehouse as the OpenID provider of a team's other applications, on Spring Authorization Server:
 * the module ({@link dev.gatehouse.spring.authorizationserver.OpenIdProvider}), its clients' Java
 * API ({@link dev.gatehouse.spring.authorizationserver.OpenIdClients}) and the Spring Boot
 * auto-configuration that serves the protocol with Gatehouse's pages, store and key ring.
 */
@NullMarked
package dev.gatehouse.spring.authorizationserver;

import org.jspecify.annotations.NullMarked;
