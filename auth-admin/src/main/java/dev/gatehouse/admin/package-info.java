/**
 * Administration of users: {@link dev.gatehouse.admin.AdminService}, installed with {@link
 * dev.gatehouse.admin.Administration}. Built on the sign-in SPI alone: the caller's account, the
 * store, the end of an account's sessions and the audit trail.
 */
@NullMarked
package dev.gatehouse.admin;

import org.jspecify.annotations.NullMarked;
