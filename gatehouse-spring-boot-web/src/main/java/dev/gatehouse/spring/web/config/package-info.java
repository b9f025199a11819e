/**
 * The {@code gatehouse.http.*} settings ({@link
 * dev.gatehouse.spring.web.config.GatehouseHttpProperties}), read by the auto-configurations and
 * the routes alike; a package of their own so that the routes do not depend back on the
 * auto-configurations that register them.
 */
@NullMarked
package dev.gatehouse.spring.web.config;

import org.jspecify.annotations.NullMarked;
