package dev.gatehouse.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Sets a Spring Boot test up for Gatehouse: imports {@link GatehouseTestConfiguration}, which
 * replaces the SMS and email providers with capturing ones ({@link
 * dev.gatehouse.testing.CapturingSmsSender}, {@link dev.gatehouse.testing.CapturingEmailSender},
 * both beans to autowire), runs deliveries on the thread that committed right after the commit, and
 * provides {@link GatehouseTestUsers}. Put it next to {@code @SpringBootTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(GatehouseTestConfiguration.class)
public @interface AutoConfigureGatehouseTest {}
