/** The import command-line tool ({@link dev.gatehouse.imports.cli.ImportCli}). */
@NullMarked
package dev.gatehouse.imports.cli;

import org.jspecify.annotations.NullMarked;
