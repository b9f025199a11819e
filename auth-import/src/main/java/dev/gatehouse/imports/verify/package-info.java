/** Checks before cut-over: hash dumps against known passwords, and login replays. */
@NullMarked
package dev.gatehouse.imports.verify;

import org.jspecify.annotations.NullMarked;
