package dev.gatehouse.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Sets a Spring Boot test up for Gatehouse: imports {@link GatehouseTestConfiguration}, which
 * replaces the SMS and email providers with capturing ones ({@link
 * dev.gatehouse.testing.CapturingSmsSender}, {@link dev.gatehouse.testing.CapturingEmailSender},
 * both beans to autowire), runs deliveries on the thread that committed right after the commit, and
 * provides {@link GatehouseTestUsers}. Put it next to {@code @SpringBootTest}, or next to
 * {@code @WebMvcTest}: the slice then gets Gatehouse on an in-memory store (no database, no {@code
 * Gatehouse} bean of the host's), with the web module's token decoder and security chain, so {@link
 * WithGatehouseUser} and {@link GatehouseTestUsers#bearer} reach the controller under test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(GatehouseTestConfiguration.class)
@ImportAutoConfiguration
public @interface AutoConfigureGatehouseTest {}
