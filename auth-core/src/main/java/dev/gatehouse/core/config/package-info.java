/**
 * Gatehouse's configuration: one immutable {@link dev.gatehouse.core.config.GatehouseConfig} built
 * by a fail-fast builder, from code, {@code gatehouse.*} properties or {@code GATEHOUSE_*}
 * environment variables.
 *
 * <p>Where to start: {@link
 * dev.gatehouse.core.config.GatehouseConfig#fromEnvironment(java.util.Map, java.util.Collection)}
 * for a twelve-factor host, {@link dev.gatehouse.core.config.GatehouseConfig#builder()} from code.
 * Every setting is a {@link dev.gatehouse.core.config.Setting} constant, with its key, variable,
 * default and allowed range, of {@code GatehouseConfig} (the general ones) or of the settings class
 * of its concern ({@code PasswordSettings}, {@code TokenSettings}, ...).
 */
@NullMarked
package dev.gatehouse.core.config;

import org.jspecify.annotations.NullMarked;
