/**
 * The exceptions every flow throws: one unchecked root, {@link
 * dev.gatehouse.core.error.AuthException}, with a stable machine-readable {@code code()}; rejected
 * input ({@link dev.gatehouse.core.error.RejectedInputException}), rate limits ({@link
 * dev.gatehouse.core.error.RateLimitedException}) and infrastructure failure ({@link
 * dev.gatehouse.core.error.AuthInfrastructureException}) are distinct types.
 */
@NullMarked
package dev.gatehouse.core.error;

import org.jspecify.annotations.NullMarked;
