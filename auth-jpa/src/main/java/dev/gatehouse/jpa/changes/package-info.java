/**
 * Liquibase custom changes the library's and hosts' historical changesets name. Their class names
 * are public API forever: a class that moves keeps a shim at its old name.
 */
@NullMarked
package dev.gatehouse.jpa.changes;

import org.jspecify.annotations.NullMarked;
