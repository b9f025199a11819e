/**
 * The JPA implementation of Gatehouse's stores and its database tooling: {@link
 * dev.gatehouse.jpa.JpaAuthStore} (which joins the host's transaction through {@link
 * dev.gatehouse.jpa.HostTransactions}), the Hibernate bootstrap ({@link
 * dev.gatehouse.jpa.GatehouseJpa}), the Liquibase changelogs ({@link
 * dev.gatehouse.jpa.GatehouseMigrations}), and the checks that keep a host's schema and migration
 * history runnable ({@link dev.gatehouse.jpa.SchemaAdoption}, {@link
 * dev.gatehouse.jpa.MigrationClasspathCheck}).
 */
@NullMarked
package dev.gatehouse.jpa;

import org.jspecify.annotations.NullMarked;
