/**
 * Spring Boot auto-configuration of Gatehouse: {@link
 * dev.gatehouse.spring.boot.GatehouseAutoConfiguration} builds the {@link
 * dev.gatehouse.core.Gatehouse} bean on the host's own data source, entity manager factory,
 * Liquibase run and transaction manager; {@link dev.gatehouse.spring.boot.GatehouseProperties}
 * documents the {@code gatehouse.*} keys the starter adds to the settings of {@link
 * dev.gatehouse.core.config.GatehouseConfig}.
 *
 * <p>A host's whole integration:
 *
 * <pre>{@code
 * @Entity @Table(name = "app_user")   public class User extends AbstractAuthUser {}
 * @Entity @Table(name = "app_profile") public class Profile extends AbstractAuthProfile<User> {}
 * // ... Device, OtpCode, SmsLog, EmailLog likewise
 *
 * <!-- src/main/resources/db/changelog/db.changelog-master.xml -->
 * <include file="dev/gatehouse/jpa/changelog/gatehouse.changelog.xml"/>
 * }</pre>
 */
@NullMarked
package dev.gatehouse.spring.boot;

import org.jspecify.annotations.NullMarked;
