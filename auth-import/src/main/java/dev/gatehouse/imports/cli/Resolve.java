package dev.gatehouse.imports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.imports.internal.Ledger;
import jakarta.persistence.EntityManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code resolve} command: adds the new account id to each record of a file of legacy
 * references (JSON lines or CSV), writes the pairs only, or exports a source's whole mapping.
 */
final class Resolve {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLE = 5;

  private Resolve() {}

  static int run(
      Map<String, List<String>> o,
      Importer importer,
      EntityManagerFactory emf,
      PrintStream out,
      PrintStream err)
      throws IOException {
    String source = opt(o, "--source-name");
    List<String> sources = sources(emf);
    if (!sources.contains(source)) {
      throw new IllegalArgumentException(
          "no imported ids of source "
              + source
              + "; sources in the mapping: "
              + (sources.isEmpty() ? "none" : String.join(", ", sources)));
    }
    if (opt(o, "--export") != null) {
      return export(o, source, emf, out);
    }
    Path input = Path.of(opt(o, "--input"));
    String output = opt(o, "--output");
    PrintStream report = output == null ? err : out;
    Tally tally = new Tally(importer, source);
    String into = opt(o, "--into") == null ? "gatehouse_user_id" : opt(o, "--into");
    boolean pairsOnly = o.containsKey("--mapping-only");
    String inFormat = format(o, input.toString());
    String outFormat = output == null ? inFormat : format(o, output);
    try (Writer w =
        output == null
            ? new OutputStreamWriter(out, StandardCharsets.UTF_8)
            : Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8)) {
      Map<String, String> pairs = new LinkedHashMap<>();
      if (inFormat.equals("jsonl")) {
        readJsonLines(input, opt(o, "--field"), into, pairsOnly, tally, pairs, w);
      } else {
        readCsv(input, opt(o, "--field"), into, pairsOnly, tally, pairs, w, outFormat);
      }
      if (pairsOnly) {
        if (outFormat.equals("csv")) {
          w.write("legacy_id,user_id\n");
        }
        for (Map.Entry<String, String> e : pairs.entrySet()) {
          w.write(
              outFormat.equals("csv")
                  ? csv(e.getKey()) + "," + csv(e.getValue()) + "\n"
                  : JSON.writeValueAsString(pair(e.getKey(), e.getValue())) + "\n");
        }
      }
      w.flush();
    }
    report.println(tally.summary());
    return tally.unknown.isEmpty() ? 0 : 1;
  }

  private static void readJsonLines(
      Path input,
      String field,
      String into,
      boolean pairsOnly,
      Tally tally,
      Map<String, String> pairs,
      Writer w)
      throws IOException {
    try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      int line = 0;
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        line++;
        if (s.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException(
              input.getFileName() + " line " + line + " is not a JSON object");
        }
        if (!(node instanceof ObjectNode record)) {
          throw new IllegalArgumentException(
              input.getFileName() + " line " + line + " is not a JSON object");
        }
        String ref = reference(record.get(field));
        String id = tally.resolve(ref);
        if (pairsOnly) {
          if (id != null) {
            pairs.put(ref, id);
          }
        } else {
          if (id == null) {
            record.putNull(into);
          } else {
            record.put(into, id);
          }
          w.write(JSON.writeValueAsString(record));
          w.write('\n');
        }
      }
    }
  }

  private static void readCsv(
      Path input,
      String field,
      String into,
      boolean pairsOnly,
      Tally tally,
      Map<String, String> pairs,
      Writer w,
      String outFormat)
      throws IOException {
    try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        CsvReader csv = new CsvReader(r)) {
      List<String> header = csv.next();
      int column = header == null ? -1 : header.indexOf(field);
      if (column < 0) {
        throw new IllegalArgumentException(
            input.getFileName() + " has no column " + field + "; columns: " + header);
      }
      if (!pairsOnly) {
        List<String> h = new ArrayList<>(header);
        h.add(into);
        w.write(csvLine(h));
      }
      for (List<String> row = csv.next(); row != null; row = csv.next()) {
        String ref = column < row.size() ? blankToNull(row.get(column)) : null;
        String id = tally.resolve(ref);
        if (pairsOnly) {
          if (id != null) {
            pairs.put(ref, id);
          }
        } else {
          List<String> cells = new ArrayList<>(row);
          while (cells.size() < header.size()) {
            cells.add("");
          }
          cells.add(id == null ? "" : id);
          w.write(csvLine(cells));
        }
      }
    } catch (CsvReader.MalformedRecord e) {
      throw new IllegalArgumentException(
          input.getFileName() + " is not valid CSV: " + e.getMessage(), e);
    }
  }

  private static int export(
      Map<String, List<String>> o, String source, EntityManagerFactory emf, PrintStream out)
      throws IOException {
    Path file = Path.of(opt(o, "--export"));
    boolean csv = format(o, file.toString()).equals("csv");
    long[] n = {0};
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (csv) {
        w.write("legacy_id,user_id,action\n");
      }
      new Ledger(emf)
          .eachMapping(
              source,
              (legacyId, user, action) -> {
                ObjectNode line = pair(legacyId, user);
                line.put("action", action);
                w.write(
                    csv
                        ? csv(legacyId) + "," + csv(user) + "," + action + "\n"
                        : JSON.writeValueAsString(line) + "\n");
                n[0]++;
              });
    }
    out.println("resolve: exported " + n[0] + " mappings of source " + source + " to " + file);
    return 0;
  }

  private static List<String> sources(EntityManagerFactory emf) {
    return new Ledger(emf).mappedSources();
  }

  /** The legacy id of a reference: text, a number, or extended JSON {@code {"$oid": ...}}. */
  private static String reference(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isObject() && v.has("$oid")) {
      return blankToNull(v.get("$oid").asText());
    }
    return v.isValueNode() ? blankToNull(v.asText()) : null;
  }

  private static ObjectNode pair(String legacyId, String userId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("legacy_id", legacyId);
    n.put("user_id", userId);
    return n;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String csvLine(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(csv(cells.get(i)));
    }
    return b.append('\n').toString();
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }

  private static String format(Map<String, List<String>> o, String file) {
    String f = opt(o, "--format");
    if (f != null) {
      return f.toLowerCase(Locale.ROOT);
    }
    return file.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "jsonl";
  }

  private static String opt(Map<String, List<String>> o, String name) {
    List<String> v = o.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  /** Lookups with a cache, and the counts of the summary. */
  private static final class Tally {
    private final Importer importer;
    private final String source;
    private final Map<String, Optional<UUID>> cache = new HashMap<>();
    private final Set<String> unknown = new LinkedHashSet<>();
    private long references;
    private long resolved;
    private long unknownReferences;
    private long empty;

    Tally(Importer importer, String source) {
      this.importer = importer;
      this.source = source;
    }

    String resolve(String ref) {
      if (ref == null) {
        empty++;
        return null;
      }
      references++;
      Optional<UUID> id = cache.computeIfAbsent(ref, r -> importer.resolve(source, r));
      if (id.isPresent()) {
        resolved++;
        return id.get().toString();
      }
      unknownReferences++;
      unknown.add(ref);
      return null;
    }

    String summary() {
      List<String> sample = unknown.stream().limit(SAMPLE).toList();
      return "resolve: "
          + references
          + " references to "
          + cache.size()
          + " legacy ids of source "
          + source
          + ": "
          + resolved
          + " resolved, "
          + unknownReferences
          + " unknown ("
          + unknown.size()
          + " ids"
          + (sample.isEmpty() ? "" : ", e.g. " + String.join(", ", sample))
          + "), "
          + empty
          + " records without a reference";
    }
  }
}
