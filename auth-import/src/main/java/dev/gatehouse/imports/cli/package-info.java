/** The import command-line tool ({@link dev.gatehouse.imports.cli.ImportCli}). */
package dev.gatehouse.imports.cli;
