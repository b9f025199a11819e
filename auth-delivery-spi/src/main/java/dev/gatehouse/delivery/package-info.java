/**
 * Mechanics shared by the SMS SPI ({@code dev.gatehouse.sms}) and the email SPI ({@code
 * dev.gatehouse.email}): fail-over chains, {@link java.util.ServiceLoader} discovery, placeholder
 * templates and per-locale lookup.
 *
 * <p>This is not a third SPI and not an API for hosts: nothing here is meant to be implemented or
 * called outside Gatehouse, and it may change in any release. Hosts use {@code SmsSenders}, {@code
 * EmailSenders}, {@code SmsTemplates} and {@code EmailTemplates}, which delegate to these classes
 * so that each mechanism exists once.
 */
@NullMarked
package dev.gatehouse.delivery;

import org.jspecify.annotations.NullMarked;
