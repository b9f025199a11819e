package dev.gatehouse.email.smtp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection SMTP server that answers every command with 250 except the ones a test scripts,
 * to produce replies GreenMail does not give (4xx, 5xx on RCPT, a silent server).
 */
final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread thread;
  private final String greeting;
  private final String rcptReply;
  final CountDownLatch release = new CountDownLatch(1);

  /**
   * @param greeting the first line, e.g. {@code 220 ready}; null for a server that never speaks
   * @param rcptReply the answer to RCPT TO
   */
  ScriptedSmtpServer(String greeting, String rcptReply) throws IOException {
    this.greeting = greeting;
    this.rcptReply = rcptReply;
    this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "scripted-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    try (Socket client = socket.accept()) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(client.getInputStream(), US_ASCII));
      OutputStream out = client.getOutputStream();
      if (greeting == null) {
        release.await(30, TimeUnit.SECONDS);
        return;
      }
      write(out, greeting);
      if (!greeting.startsWith("220")) {
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (command) {
          case "EHLO" -> write(out, "250-localhost\r\n250 8BITMIME");
          case "RCPT" -> write(out, rcptReply);
          case "DATA" -> write(out, "354 go ahead");
          case "QUIT" -> {
            write(out, "221 bye");
            return;
          }
          default -> write(out, "250 OK");
        }
      }
    } catch (IOException | InterruptedException e) {
      // The test is over or the client went away.
    }
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    socket.close();
  }
}
