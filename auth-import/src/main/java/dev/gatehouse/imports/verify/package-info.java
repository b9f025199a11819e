/** Checks before cut-over: hash dumps against known passwords, and login replays. */
package dev.gatehouse.imports.verify;
