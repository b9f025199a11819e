/** Internal implementation of auth-import. Not API: may change in any release. */
package dev.gatehouse.imports.internal;
