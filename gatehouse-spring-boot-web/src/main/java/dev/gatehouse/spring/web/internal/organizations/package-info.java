/**
 * The organisations module's routes in Gatehouse's own contract (problem details): organisations,
 * members, roles and invitations, served when {@code auth-organizations} is on the class path. Not
 * API.
 */
package dev.gatehouse.spring.web.internal.organizations;
