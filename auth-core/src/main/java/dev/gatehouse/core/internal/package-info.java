/** Internal wiring. Public only for technical reasons; not API, may change without notice. */
package dev.gatehouse.core.internal;
