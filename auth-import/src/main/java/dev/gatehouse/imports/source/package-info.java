/**
 * Readers of legacy user stores: Django over JDBC and dumpdata, CSV and tables with a column
 * mapping (FastAPI-Users presets), mongoexport JSON lines, Auth0's user and password-hash exports,
 * Supabase's {@code auth.users}, Keycloak realm exports and Firebase's {@code auth:export}.
 */
@NullMarked
package dev.gatehouse.imports.source;

import org.jspecify.annotations.NullMarked;
