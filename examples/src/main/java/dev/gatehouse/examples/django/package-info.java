/**
 * A Django project adopting Gatehouse on its existing {@code auth_user} table (bigint ids, Django's
 * column names), with the forward changeset that adds only the missing columns.
 */
package dev.gatehouse.examples.django;
