package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every code the contract answers, with its status: the codes of Gatehouse's one catalogue (the
 * core's and the installed modules', {@code Gatehouse#errorCodes()}) at their kind's status, then
 * the HTTP layer's {@link ProtocolError}s. The OpenAPI document's error responses and {@code
 * docs/HTTP.md}'s error table are rendered from it, so neither can list a code or a status the
 * contract does not answer.
 */
public final class ErrorCatalogue {
  private ErrorCatalogue() {}

  /**
   * One code of the contract.
   *
   * @param code the wire form
   * @param status the HTTP status
   * @param kind what a client makes of it: an {@link ErrorCode.Kind} in lower case, or {@code
   *     protocol} for the HTTP layer's own
   * @param description one sentence
   */
  public record Entry(String code, int status, String kind, String description) {}

  /**
   * {@return every code, Gatehouse's first, each group in declaration order}
   *
   * @param codes Gatehouse's catalogue
   */
  public static List<Entry> entries(List<ErrorCode> codes) {
    List<Entry> all = new ArrayList<>();
    for (ErrorCode c : codes) {
      all.add(
          new Entry(
              c.code(),
              c.kind().httpStatus(),
              c.kind().name().toLowerCase(Locale.ROOT),
              c.description()));
    }
    for (ProtocolError p : ProtocolError.values()) {
      all.add(new Entry(p.code(), p.status(), "protocol", p.description()));
    }
    return all;
  }

  /**
   * {@return the codes of each status, in status order}
   *
   * @param codes Gatehouse's catalogue
   */
  public static Map<Integer, List<String>> codesByStatus(List<ErrorCode> codes) {
    Map<Integer, List<String>> by = new TreeMap<>();
    for (Entry e : entries(codes)) {
      by.computeIfAbsent(e.status(), k -> new ArrayList<>()).add(e.code());
    }
    return by;
  }

  /**
   * {@return the Markdown table of every code: code, status, kind, meaning}
   *
   * @param codes Gatehouse's catalogue
   */
  public static String markdownTable(List<ErrorCode> codes) {
    StringBuilder b = new StringBuilder("| code | status | kind | meaning |\n|---|---|---|---|\n");
    for (Entry e : entries(codes)) {
      b.append("| `")
          .append(e.code())
          .append("` | ")
          .append(e.status())
          .append(" | ")
          .append(e.kind().replace('_', ' '))
          .append(" | ")
          .append(e.description())
          .append(" |\n");
    }
    return b.toString();
  }
}
