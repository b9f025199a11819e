package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the walks read from the emails and SMS Gatehouse sent: a link's token, a one-time code. */
final class Mailbox {
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  private Mailbox() {}

  static String linkToken(CapturingEmailSender mail, String to) {
    return first(TOKEN, mail, to, "link");
  }

  static String code(CapturingEmailSender mail, String to) {
    return first(CODE, mail, to, "code");
  }

  static String code(CapturingSmsSender sms, String to) {
    String body = sms.lastTo(to).orElseThrow().body();
    Matcher matcher = CODE.matcher(body);
    assertThat(matcher.find()).as("code in the SMS to " + to).isTrue();
    return matcher.group(1);
  }

  private static String first(Pattern p, CapturingEmailSender mail, String to, String what) {
    EmailMessage m = mail.lastTo(to).orElseThrow();
    Matcher matcher = p.matcher(m.textBody());
    assertThat(matcher.find()).as(what + " in the email to " + to).isTrue();
    return matcher.group(1);
  }
}
