package com.acme.accounts.migrations;

import dev.gatehouse.jpa.changes.BackfillNormalizedEmails;

/**
 * Legacy classpath shim. Acme's migration history (changeset {@code acme-0002-lowercase-emails})
 * names this class; it moved into Gatehouse as {@link BackfillNormalizedEmails}. Historical
 * changesets must stay runnable on every fresh database forever, so this name stays, delegating to
 * the new class. Do not delete it: {@code MigrationClasspathCheck} fails without it.
 *
 * @deprecated use {@link BackfillNormalizedEmails} in new changesets.
 */
@Deprecated
public class NormalizeEmails extends BackfillNormalizedEmails {
  /** Required by Liquibase. */
  public NormalizeEmails() {}
}
