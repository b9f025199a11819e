/**
 * The legacy system's keys: a {@link dev.gatehouse.core.migration.LegacyAccountResolver} tells
 * which account a legacy user became, for carried-over sessions and the integer user ids legacy
 * clients know; a {@link dev.gatehouse.core.migration.LegacyServing} tells whether the legacy
 * system still serves some users during a cut-over in steps.
 */
@NullMarked
package dev.gatehouse.core.migration;

import org.jspecify.annotations.NullMarked;
