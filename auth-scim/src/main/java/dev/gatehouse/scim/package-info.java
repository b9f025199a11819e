/**
 * An organisation's directory provisions its members over SCIM 2.0 ({@code auth-scim}): the service
 * provider endpoints per organisation ({@link dev.gatehouse.scim.ScimDirectory#handle}),
 * authenticated by the organisation's directory token, on {@code auth-organizations}' memberships
 * ({@link dev.gatehouse.organizations.OrganizationDirectory}). Installed with {@link
 * dev.gatehouse.scim.Scim}.
 */
@NullMarked
package dev.gatehouse.scim;

import org.jspecify.annotations.NullMarked;
