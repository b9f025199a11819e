package dev.gatehouse.imports.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: fields separated by commas, optionally quoted with {@code "}, a
 * doubled quote inside quotes for a literal one, quoted fields may span lines; CRLF or LF ends a
 * record. Reports the line each record starts on. Internal: not API; single-threaded.
 */
public final class CsvReader implements AutoCloseable {
  private final Reader in;
  private long line = 1;
  private long recordLine;
  private int peeked = -2;

  /** A record that could not be read (an unterminated quote, a character after a closing quote). */
  public static final class MalformedRecord extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecord(String message) {
      super(message);
    }
  }

  /**
   * @param in the text, ideally buffered
   */
  public CsvReader(Reader in) {
    this.in = in;
  }

  /** The line on which the last record returned (or refused) started. */
  public long recordLine() {
    return recordLine;
  }

  /**
   * @return the next record's fields, or {@code null} at the end of the input
   * @throws MalformedRecord when the record breaks RFC 4180; reading can continue on the next line
   * @throws IOException when the input fails
   */
  public List<String> next() throws IOException, MalformedRecord {
    int c = read();
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    while (true) {
      if (quoted) {
        if (c == -1) {
          throw new MalformedRecord("unterminated quoted field (truncated file?)");
        }
        if (c == '"') {
          int n = read();
          if (n == '"') {
            field.append('"');
          } else {
            quoted = false;
            afterQuote = true;
            c = n;
            continue;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
        c = read();
        continue;
      }
      if (c == -1 || c == '\n' || c == '\r') {
        if (c == '\r') {
          int n = read();
          if (n != '\n') {
            unread(n);
          }
        }
        if (c != -1) {
          line++;
        }
        fields.add(field.toString());
        return fields;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        fieldStart = true;
        c = read();
        continue;
      }
      if (afterQuote) {
        skipRestOfLine();
        throw new MalformedRecord("unexpected character after a closing quote");
      }
      if (c == '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
        c = read();
        continue;
      }
      fieldStart = false;
      field.append((char) c);
      c = read();
    }
  }

  private void skipRestOfLine() throws IOException {
    int c;
    while ((c = read()) != -1 && c != '\n') {
      // skip
    }
    if (c == '\n') {
      line++;
    }
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int p = peeked;
      peeked = -2;
      return p;
    }
    return in.read();
  }

  private void unread(int c) {
    peeked = c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
