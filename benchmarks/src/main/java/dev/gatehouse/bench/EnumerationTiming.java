package dev.gatehouse.bench;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Can an attacker tell from the answer's time whether an address has an account (issue 36, finding
 * 2)? For each flow that answers the same either way, 200 requests for addresses with an account
 * and 200 for addresses without, interleaved in a random order, against PostgreSQL, with deliveries
 * on the usual worker pool and an email provider that takes 150 ms per message (a slow SMTP
 * server). The request times of the two sides go through a two-sided Mann–Whitney U test; a p-value
 * of 0.01 or more means the test cannot tell them apart. The AUC is the chance that one request for
 * a known address is slower than one for an unknown address (0.5: a coin toss).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain quick enumeration
 * </pre>
 *
 * Not part of the test suite: it measures time, which a test must not assert on.
 */
final class EnumerationTiming {
  private static final int SIDE = 200;
  private static final int WARMUP = 40;
  private static final Duration PROVIDER_DELAY = Duration.ofMillis(150);

  private final Report report;

  EnumerationTiming(Report report) {
    this.report = report;
  }

  void run(DatabaseKind kind) throws InterruptedException {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    AtomicInteger sent = new AtomicInteger();
    EmailSender slow =
        new EmailSender() {
          @Override
          public String providerName() {
            return "slow-smtp";
          }

          @Override
          public EmailReceipt send(EmailMessage message) {
            try {
              Thread.sleep(PROVIDER_DELAY.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sent.incrementAndGet();
            return new EmailReceipt("slow-smtp", UUID.randomUUID().toString());
          }
        };
    List<String> rows = new ArrayList<>();
    try (BenchWorld w =
        BenchWorld.createWithDelivery(
            kind,
            1,
            b ->
                b.set(OtpSettings.OTP_SIGNUP_ALLOWED, false)
                    .set(ThrottleSettings.OTP_MAX_PER_IP, 100_000),
            slow,
            workers)) {
      Gatehouse g = w.instances.get(0).gatehouse;
      String hash = g.passwordHashing().hash(BenchWorld.PASSWORD);
      ClientInfo client = ClientInfo.web("198.51.100.7");
      rows.add(
          measure(
              "password reset request",
              w.createUsers(SIDE + WARMUP, hash, true),
              email -> g.accounts().requestPasswordReset(email)));
      rows.add(
          measure(
              "confirmation resend (unconfirmed accounts)",
              w.createUsers(SIDE + WARMUP, hash, false),
              email -> g.accounts().resendConfirmation(email)));
      rows.add(
          measure(
              "one-time code request (sign-up by code closed)",
              w.createUsers(SIDE + WARMUP, hash, true),
              email ->
                  g.otp()
                      .request(
                          OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN)
                              .withClient(client))));
      rows.add(
          measure(
              "registration (existing address against a new one)",
              w.createUsers(SIDE + WARMUP, hash, true),
              email ->
                  g.accounts()
                      .register(
                          RegistrationRequest.builder()
                              .email(email)
                              .password("amber canyon stellar 4409")
                              .build())));
    } finally {
      workers.shutdown();
    }
    report.section(
        "### Existence through time ("
            + kind
            + ", "
            + SIDE
            + " interleaved requests per side, provider 150 ms per email)\n\n"
            + "| flow | median, known (ms) | median, unknown (ms) | AUC | Mann–Whitney p |"
            + " verdict |\n|---|---|---|---|---|---|\n"
            + String.join("\n", rows)
            + "\n\n"
            + sent.get()
            + " emails went through the slow provider meanwhile, on the delivery workers.\n");
  }

  /** Times {@code request} for known and unknown addresses in a shuffled order. */
  private static String measure(String flow, List<String> known, Consumer<String> request) {
    List<Boolean> order = new ArrayList<>();
    for (int i = 0; i < SIDE + WARMUP; i++) {
      order.add(true);
      order.add(false);
    }
    Collections.shuffle(order, new Random(flow.hashCode()));
    double[] k = new double[SIDE + WARMUP];
    double[] u = new double[SIDE + WARMUP];
    int ki = 0;
    int ui = 0;
    for (boolean isKnown : order) {
      String email =
          isKnown
              ? known.get(ki)
              : "nobody-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
      long t0 = System.nanoTime();
      request.accept(email);
      double ms = (System.nanoTime() - t0) / 1e6;
      if (isKnown) {
        k[ki++] = ms;
      } else {
        u[ui++] = ms;
      }
    }
    // The first requests of each side warm the JIT and the pools.
    double[] known200 = Arrays.copyOfRange(k, WARMUP, SIDE + WARMUP);
    double[] unknown200 = Arrays.copyOfRange(u, WARMUP, SIDE + WARMUP);
    double[] test = mannWhitney(known200, unknown200);
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %.3f | %.3g | %s |",
        flow,
        median(known200),
        median(unknown200),
        test[0],
        test[1],
        test[1] < 0.01 ? "**told apart**" : "indistinguishable");
  }

  /** {AUC, two-sided p} of the Mann–Whitney U test, normal approximation with tie correction. */
  static double[] mannWhitney(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    int n = n1 + n2;
    double[][] all = new double[n][2];
    for (int i = 0; i < n1; i++) {
      all[i] = new double[] {a[i], 0};
    }
    for (int i = 0; i < n2; i++) {
      all[n1 + i] = new double[] {b[i], 1};
    }
    Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
    double rankSumA = 0;
    double ties = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && all[j + 1][0] == all[i][0]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      int t = j - i + 1;
      ties += (double) t * t * t - t;
      for (int m = i; m <= j; m++) {
        if (all[m][1] == 0) {
          rankSumA += rank;
        }
      }
      i = j + 1;
    }
    double u = rankSumA - n1 * (n1 + 1) / 2.0;
    double mean = n1 * (double) n2 / 2;
    double sigma = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - ties / ((double) n * (n - 1))));
    double z = (u - mean) / sigma;
    double p = 2 * (1 - phi(Math.abs(z)));
    return new double[] {u / (n1 * (double) n2), p};
  }

  /** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1e-7). */
  private static double phi(double z) {
    double x = z / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
    return 0.5 * (1 + erf);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
