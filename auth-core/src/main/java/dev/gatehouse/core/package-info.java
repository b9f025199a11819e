/**
 * Where to start: {@link dev.gatehouse.core.Gatehouse}, the one facade a host builds once and
 * reaches every flow through (accounts, one-time codes, sessions, profiles, devices), and its
 * builder, which takes the configuration, the store and the SMS and email providers.
 */
@NullMarked
package dev.gatehouse.core;

import org.jspecify.annotations.NullMarked;
