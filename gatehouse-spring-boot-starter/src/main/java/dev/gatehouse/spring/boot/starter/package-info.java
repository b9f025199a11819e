/**
 * The Gatehouse Spring Boot starter has no code of its own: its POM brings the auto-configuration
 * ({@code gatehouse-spring-boot-autoconfigure}), Spring Data JPA and Spring Boot's Liquibase
 * support, with Liquibase kept on the 4.x line.
 *
 * <p>A host adds the starter, declares its six entity subclasses, includes {@code
 * dev/gatehouse/jpa/changelog/gatehouse.changelog.xml} from its own changelog and sets a few {@code
 * gatehouse.*} properties; see {@code dev.gatehouse.spring.boot.GatehouseAutoConfiguration}.
 */
package dev.gatehouse.spring.boot.starter;
