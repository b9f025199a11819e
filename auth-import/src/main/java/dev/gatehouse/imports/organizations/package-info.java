/**
 * Organisations and their memberships brought into {@code auth-organizations} from a CSV file or a
 * Django database's groups ({@link dev.gatehouse.imports.organizations.OrganizationImporter}).
 */
@NullMarked
package dev.gatehouse.imports.organizations;

import org.jspecify.annotations.NullMarked;
