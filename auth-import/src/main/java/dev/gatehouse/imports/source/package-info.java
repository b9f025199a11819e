/**
 * Readers of legacy user stores: Django over JDBC and dumpdata, CSV and tables with a column
 * mapping (FastAPI-Users presets), and mongoexport JSON lines.
 */
package dev.gatehouse.imports.source;
