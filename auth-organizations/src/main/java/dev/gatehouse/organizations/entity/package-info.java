/**
 * The abstract JPA entities a host subclasses to own the organisations module's organisation and
 * membership tables: {@link dev.gatehouse.organizations.entity.AbstractOrganization} and {@link
 * dev.gatehouse.organizations.entity.AbstractMembership}, with {@link
 * dev.gatehouse.organizations.entity.LibraryOrganizationEntities} mapped to the library's own
 * tables. The store is given the host's pair through {@link
 * dev.gatehouse.organizations.OrganizationStore#jdbc(Class, Class)}.
 *
 * <p>They carry only {@code jakarta.persistence} annotations: no Hibernate type appears here.
 */
@NullMarked
package dev.gatehouse.organizations.entity;

import org.jspecify.annotations.NullMarked;
