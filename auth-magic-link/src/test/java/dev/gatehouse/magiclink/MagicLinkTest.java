package dev.gatehouse.magiclink;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.race;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Sign-in by emailed link, on every database: the seam's proof (issue 33, item 4). */
class MagicLinkTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final Pattern CODE = Pattern.compile("\\n\\s+(\\d{6})\\n");
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.7");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(
      StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
    // The class's fixtures share one store and start at one instant, so one network's hour of code
    // attempts would be shared by every test: only the test of that limit sets it.
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b ->
            tweak.apply(
                b.set(MagicLinkSettings.MAGIC_LINK_ENABLED, true)
                    .set(MagicLinkSettings.MAGIC_LINK_CODES_PER_IP, 100_000)),
        MagicLinkTest::installed);
  }

  /** The module, installed as a host without Spring installs it. */
  static Gatehouse.Builder installed(Gatehouse.Builder b) {
    return b.install(new MagicLinks());
  }

  static MagicLinkService links(GatehouseFixture g) {
    return g.gatehouse.feature(MagicLinkService.class);
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return gatehouse(kind, b -> b);
  }

  private static String codeIn(GatehouseFixture g, String address) {
    Matcher m = CODE.matcher(g.email.lastTo(address).orElseThrow().textBody());
    assertThat(m.find()).as("code in email").isTrue();
    return m.group(1);
  }

  private static UUID signedIn(GatehouseFixture g, SignInResult result) {
    SignInResult.SignedIn in = result.orElseThrow();
    return g.gatehouse.sessions().verifyAccessToken(in.tokens().accessToken()).userPublicId();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLinkSignsInOnceAndSpendsItsCodeToo(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = links(g);
    String email = email();
    UUID id = confirmed(g, email);
    links.requestLink(email.toUpperCase(), null, CLIENT);
    assertThat(g.email.lastTo(email).orElseThrow().textBody())
        .contains("https://app.example.test/magic-link?token=");
    String token = tokenIn(g, email);
    String code = codeIn(g, email);

    g.clock.advance(Duration.ofSeconds(30));
    SignInResult result = links.signInWithLink(token, null, CLIENT);
    assertThat(signedIn(g, result)).isEqualTo(id);
    assertThat(result.orElseThrow().account().user().lastLoginAt()).isEqualTo(g.clock.instant());
    assertThat(result.orElseThrow().account())
        .isEqualTo(g.gatehouse.profiles().me(id, result.orElseThrow().profileId()));
    SignInResult.SignedIn in = result.orElseThrow();
    assertThat(in.methods()).containsExactly("link", "email");
    assertThat(in.created()).isFalse();
    assertThat(g.gatehouse.sessions().verifyAccessToken(in.tokens().accessToken()).amr())
        .containsExactly("link", "email");
    assertThat(g.events)
        .anyMatch(e -> e instanceof AuthEvent.LoggedIn l && l.method().equals("magic_link"));
    assertThat(codeOf(() -> links.signInWithLink(token, null, CLIENT))).isEqualTo("invalid_link");
    assertThat(codeOf(() -> links.signInWithCode(email, code, CLIENT))).isEqualTo("invalid_code");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void unknownAddressesGetTheSameAnswerAndNoMailUnlessSignUpIsOpen(StoreKind kind) {
    GatehouseFixture closed = gatehouse(kind);
    String stranger = email();
    int sent = closed.email.sent().size();
    closed.gatehouse.feature(MagicLinkService.class).requestLink(stranger, null, CLIENT);
    assertThat(closed.email.sent()).hasSize(sent);

    GatehouseFixture open =
        gatehouse(kind, b -> b.set(MagicLinkSettings.MAGIC_LINK_SIGNUP_ALLOWED, true));
    String newcomer = email();
    open.gatehouse.feature(MagicLinkService.class).requestLink(newcomer, null, CLIENT);
    assertThat(user(open, newcomer)).as("no account before the link is used").isEmpty();
    SignInResult result =
        open.gatehouse
            .feature(MagicLinkService.class)
            .signInWithLink(tokenIn(open, newcomer), null, CLIENT);
    assertThat(result.orElseThrow().created()).isTrue();
    UserRecord created = user(open, newcomer).orElseThrow();
    assertThat(signedIn(open, result)).isEqualTo(created.publicId());
    assertThat(created.emailVerified()).isTrue();
    // The answer shows the account as the sign-in left it, as /me reads it.
    assertThat(result.orElseThrow().account())
        .isEqualTo(
            open.gatehouse.profiles().me(created.publicId(), result.orElseThrow().profileId()));
    assertThat(created.passwordHash()).isNull();
    assertThat(open.events)
        .anyMatch(
            e -> e instanceof AuthEvent.Registered r && r.userId().equals(created.publicId()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLinkAskedForInABrowserWorksOnlyThereAndItsCodeWorksAnywhere(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = links(g);
    String email = email();
    UUID id = confirmed(g, email);
    String binding = MagicLinkService.newBrowserBinding();
    links.requestLink(email, binding, CLIENT);
    String token = tokenIn(g, email);

    assertThat(codeOf(() -> links.signInWithLink(token, null, CLIENT)))
        .isEqualTo("link_other_browser");
    assertThat(
            codeOf(() -> links.signInWithLink(token, MagicLinkService.newBrowserBinding(), CLIENT)))
        .isEqualTo("link_other_browser");
    // Refused in the wrong browser, nothing was spent: the right one still signs in.
    assertThat(signedIn(g, links.signInWithLink(token, binding, CLIENT))).isEqualTo(id);

    // The code of the first email died with its link; a new email, a minute later, has its own.
    g.clock.advance(Duration.ofMinutes(1));
    links.requestLink(email, binding, CLIENT);
    assertThat(signedIn(g, links.signInWithCode(email, codeIn(g, email), CLIENT))).isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void linksAndCodesExpireAndAlteredOnesAreRefused(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = links(g);
    String email = email();
    confirmed(g, email);
    links.requestLink(email, null, CLIENT);
    String token = tokenIn(g, email);
    String code = codeIn(g, email);
    String altered =
        token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);
    assertThat(codeOf(() -> links.signInWithLink(altered, null, CLIENT))).isEqualTo("invalid_link");
    assertThat(codeOf(() -> links.signInWithLink("not a token", null, CLIENT)))
        .isEqualTo("invalid_link");
    assertThat(codeOf(() -> links.signInWithCode(email, "12ab56", CLIENT)))
        .isEqualTo("invalid_code_format");

    g.clock.advance(g.gatehouse.config().get(MagicLinkSettings.MAGIC_LINK_TTL));
    assertThat(codeOf(() -> links.signInWithLink(token, null, CLIENT))).isEqualTo("invalid_link");
    assertThat(codeOf(() -> links.signInWithCode(email, code, CLIENT))).isEqualTo("invalid_code");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void wrongCodesLockTheAddressOutOfCodesButNotOutOfItsLink(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = links(g);
    String email = email();
    UUID id = confirmed(g, email);
    links.requestLink(email, null, CLIENT);
    String code = codeIn(g, email);
    String wrong = code.equals("000000") ? "111111" : "000000";
    int max = g.gatehouse.config().get(OtpSettings.OTP_MAX_ATTEMPTS);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      answers.add(codeOf(() -> links.signInWithCode(email, wrong, CLIENT)));
    }
    assertThat(answers.subList(0, max - 1)).containsOnly("invalid_code");
    assertThat(answers.get(max - 1)).isEqualTo("rate_limited");
    assertThat(codeOf(() -> links.signInWithCode(email, code, CLIENT))).isEqualTo("rate_limited");
    assertThat(signedIn(g, links.signInWithLink(tokenIn(g, email), null, CLIENT))).isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAccountThatNeedsASecondStepGetsItAndADisabledOneNothing(StoreKind kind) {
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, Duration.ZERO));
    MagicLinkService links = links(g);
    String email = email();
    confirmed(g, email);
    links.requestLink(email, null, CLIENT);
    assertThat(Fixtures.outcome(links.signInWithLink(tokenIn(g, email), null, CLIENT)))
        .isEqualTo("mfa_enrolment_required");

    GatehouseFixture off =
        new GatehouseFixture(FIXTURES.get(kind), b -> b, MagicLinkTest::installed);
    assertThat(codeOf(() -> links(off).requestLink(email, null, CLIENT)))
        .isEqualTo("magic_link_disabled");
    assertThat(codeOf(() -> links(off).signInWithLink("x", null, CLIENT)))
        .isEqualTo("magic_link_disabled");
  }

  @EveryStore("concurrent uses of one link: one sign-in")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofConcurrentUsesOfOneLinkExactlyOneSignsIn(StoreKind kind) throws Exception {
    GatehouseFixture g = gatehouse(kind, b -> b.set(ThrottleSettings.THROTTLE_ENABLED, false));
    String email = email();
    UUID id = confirmed(g, email);
    links(g).requestLink(email, null, CLIENT);
    String token = tokenIn(g, email);
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    int ok =
        race(
            8,
            () -> {
              try {
                return signedIn(g, links(g).signInWithLink(token, null, CLIENT)).equals(id);
              } catch (dev.gatehouse.core.error.AuthException e) {
                refusals.add(e.code());
                return false;
              }
            });
    assertThat(ok).isEqualTo(1);
    assertThat(refusals).containsExactly("invalid_link");
  }

  @EveryStore("parallel guesses against the attempt counter")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void parallelGuessesCompareNoMoreCodesThanTheLimit(StoreKind kind) throws Exception {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    confirmed(g, email);
    links(g).requestLink(email, null, CLIENT);
    String code = codeIn(g, email);
    String wrong = code.equals("000000") ? "111111" : "000000";
    int max = g.gatehouse.config().get(OtpSettings.OTP_MAX_ATTEMPTS);
    List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    race(
        12,
        () -> {
          try {
            links(g).signInWithCode(email, wrong, CLIENT);
            answers.add("signed in");
          } catch (dev.gatehouse.core.error.AuthException e) {
            answers.add(e.code());
          }
          return true;
        });
    // Only the first max - 1 were compared and refused as wrong; the max-th locked the address.
    assertThat(answers.stream().filter("invalid_code"::equals).count()).isEqualTo(max - 1);
    assertThat(answers.stream().filter("rate_limited"::equals).count()).isEqualTo(12 - (max - 1));
    assertThat(codeOf(() -> links(g).signInWithCode(email, code, CLIENT)))
        .isEqualTo("rate_limited");
  }

  @EveryStore("parallel requests against the network's mail limit")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void requestsShareTheNetworksMailLimitWithResetsUnderParallelRequests(StoreKind kind)
      throws Exception {
    int limit = 4;
    GatehouseFixture g =
        gatehouse(kind, b -> b.set(ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP, limit));
    ClientInfo client = ClientInfo.web("2001:db8:77:1::5");
    g.gatehouse.accounts().requestPasswordReset(email(), client);
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    int ok =
        race(
            8,
            () -> {
              try {
                links(g).requestLink(email(), null, client);
                return true;
              } catch (dev.gatehouse.core.error.AuthException e) {
                refusals.add(e.code());
                return false;
              }
            });
    assertThat(ok).isEqualTo(limit - 1);
    assertThat(refusals).containsExactly("rate_limited");
  }

  // Issue 54, finding 1: a code or link is valid only once it was issued and mailed.

  @org.junit.jupiter.api.Test
  void noCodeSignsInAnAddressThatAskedForNoLinkNotEvenByTryingThemAll() {
    // Four digits and the widest per-address limit, as the outside round allowed: every one of the
    // 10,000 codes is tried against an account that never asked for a link. Only the in-memory
    // store: this is the flow's rule, and 10,000 attempts on a database prove nothing more.
    GatehouseFixture g =
        new GatehouseFixture(
            new dev.gatehouse.core.flows.StoreFixture(
                new dev.gatehouse.testing.InMemoryAuthStore()),
            b ->
                b.set(MagicLinkSettings.MAGIC_LINK_ENABLED, true)
                    .set(OtpSettings.OTP_LENGTH, 4)
                    .set(OtpSettings.OTP_MAX_ATTEMPTS, 10)
                    .set(MagicLinkSettings.MAGIC_LINK_WRONG_CODES_DAILY, 100)
                    .set(ThrottleSettings.THROTTLE_ENABLED, false),
            MagicLinkTest::installed);
    String email = email();
    confirmed(g, email);
    int mails = g.email.sent().size();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String code = String.format("%04d", i);
      String answer = codeOf(() -> links(g).signInWithCode(email, code, CLIENT));
      if (answer.equals("rate_limited")) {
        g.clock.advance(Duration.ofDays(1));
        answer = codeOf(() -> links(g).signInWithCode(email, code, CLIENT));
      }
      answers.add(answer);
    }
    assertThat(answers).hasSize(10_000).containsOnly("invalid_code");
    assertThat(g.email.sent()).as("the owner was never mailed").hasSize(mails);
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.LoggedIn);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aUsedCodeSpendsItsLinkAndANewRequestSupersedesTheOlderOne(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = links(g);
    String email = email();
    UUID id = confirmed(g, email);
    links.requestLink(email, null, CLIENT);
    String firstToken = tokenIn(g, email);
    String firstCode = codeIn(g, email);
    assertThat(signedIn(g, links.signInWithCode(email, firstCode, CLIENT))).isEqualTo(id);
    assertThat(codeOf(() -> links.signInWithLink(firstToken, null, CLIENT)))
        .as("the link died with its code")
        .isEqualTo("invalid_link");

    g.clock.advance(Duration.ofMinutes(1));
    links.requestLink(email, null, CLIENT);
    String older = tokenIn(g, email);
    String olderCode = codeIn(g, email);
    g.clock.advance(Duration.ofMinutes(1));
    links.requestLink(email, null, CLIENT);
    String newer = tokenIn(g, email);
    String newerCode = codeIn(g, email);
    assertThat(codeOf(() -> links.signInWithLink(older, null, CLIENT))).isEqualTo("invalid_link");
    if (!olderCode.equals(newerCode)) {
      assertThat(codeOf(() -> links.signInWithCode(email, olderCode, CLIENT)))
          .isEqualTo("invalid_code");
    }
    assertThat(signedIn(g, links.signInWithLink(newer, null, CLIENT))).isEqualTo(id);
    assertThat(codeOf(() -> links.signInWithCode(email, newerCode, CLIENT)))
        .as("the code died with its link")
        .isEqualTo("invalid_code");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aBurnedCodeMailsNothingNewAndTheAddressHasTenWrongCodesADayOverAllItsLinks(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = links(g);
    String email = email();
    UUID id = confirmed(g, email);
    int perCode = g.gatehouse.config().get(OtpSettings.OTP_MAX_ATTEMPTS);
    int daily = g.gatehouse.config().get(MagicLinkSettings.MAGIC_LINK_WRONG_CODES_DAILY);
    assertThat(daily).isEqualTo(10);
    links.requestLink(email, null, CLIENT);
    String code = codeIn(g, email);
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < perCode; i++) {
      codeOf(() -> links.signInWithCode(email, wrong, CLIENT));
    }
    int mails = g.email.sent().size();
    assertThat(codeOf(() -> links.signInWithCode(email, code, CLIENT))).isEqualTo("rate_limited");
    assertThat(g.email.sent()).as("a burned code mails nothing new").hasSize(mails);
    assertThat(g.events)
        .as("a refused code names the address's account")
        .anyMatch(
            e ->
                e instanceof AuthEvent.LoginFailed f
                    && id.equals(f.userId())
                    && f.method().equals("magic_link"));

    // Each new link gives the guesser fresh codes but no more guesses: the address's day has ten.
    int made = perCode + 1;
    String last = code;
    while (made < daily) {
      g.clock.advance(Duration.ofMinutes(1));
      links.requestLink(email, null, CLIENT);
      last = codeIn(g, email);
      String miss = last.equals("000000") ? "111111" : "000000";
      assertThat(codeOf(() -> links.signInWithCode(email, miss, CLIENT))).isEqualTo("invalid_code");
      made++;
    }
    g.clock.advance(Duration.ofMinutes(1));
    links.requestLink(email, null, CLIENT);
    String fresh = codeIn(g, email);
    assertThat(codeOf(() -> links.signInWithCode(email, fresh, CLIENT)))
        .as("the right code of a new link, past the address's ten a day")
        .isEqualTo("rate_limited");
    assertThat(signedIn(g, links.signInWithLink(tokenIn(g, email), null, CLIENT))).isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void codeAttemptsCountPerNetworkAndEveryonesWrongCodesCloseOnlyTheAddressesGuessedAt(
      StoreKind kind) {
    // Everyone's wrong codes of this hour, as the class's other tests on this store left them.
    long before =
        dev.gatehouse.core.flows.account.AccountTests.counter(gatehouse(kind), "magic:wrong-all");
    GatehouseFixture g =
        gatehouse(
            kind,
            b ->
                b.set(MagicLinkSettings.MAGIC_LINK_CODES_PER_IP, 3)
                    .set(MagicLinkSettings.MAGIC_LINK_WRONG_CODES_HOURLY, (int) before + 2));
    MagicLinkService links = links(g);
    ClientInfo guesser = ClientInfo.web("198.51.100.9");
    for (int i = 0; i < 3; i++) {
      assertThat(codeOf(() -> links.signInWithCode(email(), "123456", guesser)))
          .isEqualTo("invalid_code");
    }
    assertThat(codeOf(() -> links.signInWithCode(email(), "123456", guesser)))
        .as("the network's fourth attempt")
        .isEqualTo("rate_limited");

    // Two strangers' wrong codes at one address, from two networks, use up everyone's hour. Each
    // owner asks and answers from a network of its own (the class's tests share CLIENT's hour).
    String attacked = email();
    String bystander = email();
    String other = email();
    ClientInfo attackedOwner = ClientInfo.web("192.0.2.31");
    ClientInfo bystanderOwner = ClientInfo.web("192.0.2.32");
    ClientInfo otherOwner = ClientInfo.web("192.0.2.33");
    UUID attackedId = confirmed(g, attacked);
    UUID bystanderId = confirmed(g, bystander);
    confirmed(g, other);
    links.requestLink(attacked, null, attackedOwner);
    links.requestLink(bystander, null, bystanderOwner);
    links.requestLink(other, null, otherOwner);
    String attackedCode = codeIn(g, attacked);
    String otherCode = codeIn(g, other);
    String wrong = attackedCode.equals("000000") ? "111111" : "000000";
    assertThat(codeOf(() -> links.signInWithCode(attacked, wrong, ClientInfo.web("198.51.100.10"))))
        .isEqualTo("invalid_code");
    assertThat(codeOf(() -> links.signInWithCode(attacked, wrong, ClientInfo.web("192.0.2.10"))))
        .isEqualTo("invalid_code");
    assertThat(codeOf(() -> links.signInWithCode(attacked, attackedCode, attackedOwner)))
        .as("the attacked address's right code, while everyone's wrong codes are over the hour's")
        .isEqualTo("rate_limited");
    assertThat(signedIn(g, links.signInWithCode(bystander, codeIn(g, bystander), bystanderOwner)))
        .as("a bystander's right code, while everyone's wrong codes are over the hour's limit")
        .isEqualTo(bystanderId);
    String wrongOther = otherCode.equals("000000") ? "111111" : "000000";
    assertThat(codeOf(() -> links.signInWithCode(other, wrongOther, ClientInfo.web("192.0.2.11"))))
        .as("one guess at an address nobody guessed at")
        .isEqualTo("invalid_code");
    assertThat(codeOf(() -> links.signInWithCode(other, otherCode, otherOwner)))
        .as("after which it is closed until everyone's hour ends")
        .isEqualTo("rate_limited");
    g.clock.advance(Duration.ofHours(1));
    assertThat(codeOf(() -> links.signInWithCode(attacked, attackedCode, attackedOwner)))
        .as("the link lived 15 minutes")
        .isEqualTo("invalid_code");
    links.requestLink(attacked, null, attackedOwner);
    assertThat(signedIn(g, links.signInWithCode(attacked, codeIn(g, attacked), attackedOwner)))
        .isEqualTo(attackedId);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void linkTokensOfTheRightShapeThatWereNeverIssuedAreRefused(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    confirmed(g, email);
    // A real link's token, so the forgeries below have its exact shape and length.
    links(g).requestLink(email, null, CLIENT);
    String issued = tokenIn(g, email);
    Set<String> answers = new java.util.TreeSet<>();
    for (int i = 0; i < 20; i++) {
      String forged = dev.gatehouse.core.secret.SecretHasher.newToken();
      String sameLength =
          (forged + forged + forged + forged)
              .substring(0, Math.min(issued.length(), forged.length() * 4));
      answers.add(codeOf(() -> links(g).signInWithLink(forged, null, CLIENT)));
      answers.add(codeOf(() -> links(g).signInWithLink(sameLength, null, CLIENT)));
    }
    assertThat(answers).containsExactly("invalid_link");
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.LoggedIn);
  }
}
