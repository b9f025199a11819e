package dev.gatehouse.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.imports.internal.Timestamps;
import java.time.Instant;

/** Reads MongoDB Extended JSON v2 values, relaxed or canonical, as mongoexport writes them. */
final class MongoExport {
  private MongoExport() {}

  /** An ObjectId ({@code {"$oid": "..."}}) or a plain string id as hex text. */
  static String id(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.has("$oid")) {
      return v.get("$oid").asText();
    }
    return v.isValueNode() ? v.asText() : null;
  }

  /** {@code {"$date": "..."}}, {@code {"$date": {"$numberLong": "..."}}} or null. */
  static Instant date(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    JsonNode d = v.get("$date");
    if (d == null) {
      throw new IllegalArgumentException("not an extended-JSON date");
    }
    if (d.has("$numberLong")) {
      return Timestamps.ofEpochMilli(Long.parseLong(d.get("$numberLong").asText()));
    }
    if (d.isNumber()) {
      return Timestamps.ofEpochMilli(d.asLong());
    }
    return Timestamps.parse(d.asText(), java.time.ZoneOffset.UTC);
  }

  /** A number as text: plain, {@code $numberInt}, {@code $numberLong}, {@code $numberDouble}. */
  static String number(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    for (String k : new String[] {"$numberInt", "$numberLong", "$numberDouble"}) {
      if (v.has(k)) {
        return v.get(k).asText();
      }
    }
    if (v.isIntegralNumber()) {
      return Long.toString(v.asLong());
    }
    return v.isValueNode() ? v.asText() : null;
  }
}
