/**
 * Gatehouse's configuration: one immutable {@link dev.gatehouse.core.config.GatehouseConfig} built
 * by a fail-fast builder, from code, {@code gatehouse.*} properties or {@code GATEHOUSE_*}
 * environment variables.
 *
 * <p>Where to start: {@link
 * dev.gatehouse.core.config.GatehouseConfig#fromEnvironment(java.util.Map, java.util.Collection)}
 * for a twelve-factor host, {@link dev.gatehouse.core.config.GatehouseConfig#builder()} from code.
 * Every setting is a {@link dev.gatehouse.core.config.Setting} constant of {@code GatehouseConfig}
 * with its key, variable, default and allowed range.
 */
package dev.gatehouse.core.config;
