/**
 * The audit trail: security events kept in the library's own table, read per account and trimmed by
 * retention ({@link dev.gatehouse.core.audit.AuditTrail}).
 */
@NullMarked
package dev.gatehouse.core.audit;

import org.jspecify.annotations.NullMarked;
