/**
 * Organisations: their members and roles, one permission check, and invitations by email ({@link
 * dev.gatehouse.organizations.OrganizationService}), a feature module on the core's sign-in SPI.
 * What it keeps goes through its own store SPI ({@link
 * dev.gatehouse.organizations.OrganizationStore}), whose operations run in the core store's
 * transaction.
 */
@NullMarked
package dev.gatehouse.organizations;

import org.jspecify.annotations.NullMarked;
