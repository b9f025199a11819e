/**
 * Lazy migration against a legacy system: {@link
 * dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator} reads the old user table, {@link
 * dev.gatehouse.imports.lazy.HttpLegacyAuthenticator} asks the old application to check the
 * password. Both implement {@link dev.gatehouse.legacy.LegacyAuthenticator}, registered with {@code
 * auth-legacy}'s {@code new LegacyCutOver().lazyMigration(...)}.
 */
@NullMarked
package dev.gatehouse.imports.lazy;

import org.jspecify.annotations.NullMarked;
