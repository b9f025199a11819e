/**
 * The exceptions every flow throws: one unchecked root, {@link
 * dev.gatehouse.core.error.AuthException}, with a stable machine-readable {@code code()}; rejected
 * input ({@link dev.gatehouse.core.error.AuthException.RejectedInputException}), rate limits
 * ({@link dev.gatehouse.core.error.AuthException.RateLimitedException}) and infrastructure failure
 * ({@link dev.gatehouse.core.error.AuthException.AuthInfrastructureException}) are distinct types.
 */
@NullMarked
package dev.gatehouse.core.error;

import org.jspecify.annotations.NullMarked;
