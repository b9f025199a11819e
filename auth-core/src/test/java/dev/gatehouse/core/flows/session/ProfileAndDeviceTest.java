package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class ProfileAndDeviceTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture fixture(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b -> b.set(ProfileSettings.PROFILE_ROLES, List.of("client", "provider")));
  }

  private static void assertRejected(Runnable r, Class<?> type, String code) {
    assertThatThrownBy(r::run)
        .isInstanceOf(type)
        .extracting(e -> ((RejectedInputException) e).code())
        .isEqualTo(code);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void exactlyOneDefaultProfileWhateverIsCreatedOrChanged(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    ProfileView original = f.gatehouse.profiles().list(user).get(0);
    assertThat(original.defaultProfile()).isTrue();

    ProfileView shop =
        f.gatehouse
            .profiles()
            .create(
                user, ProfileInput.ofRole("provider").withLabel(" Shop ").withMakeDefault(true));
    ProfileView extra = f.gatehouse.profiles().create(user, ProfileInput.ofRole("client"));

    assertThat(shop.label()).isEqualTo("Shop");
    assertThat(f.gatehouse.profiles().list(user))
        .filteredOn(ProfileView::defaultProfile)
        .extracting(ProfileView::id)
        .containsExactly(shop.id());
    f.gatehouse.profiles().update(user, extra.id(), ProfileInput.asDefault());
    assertThat(f.gatehouse.profiles().list(user))
        .filteredOn(ProfileView::defaultProfile)
        .extracting(ProfileView::id)
        .containsExactly(extra.id());
    // The default can be neither deleted nor deactivated; another one can.
    assertRejected(
        () -> f.gatehouse.profiles().delete(user, extra.id()),
        RejectedInputException.class,
        "default_profile");
    assertRejected(
        () ->
            f.gatehouse
                .profiles()
                .update(user, extra.id(), new ProfileInput(null, null, null, false, false)),
        RejectedInputException.class,
        "default_profile_inactive");
    f.gatehouse.profiles().delete(user, shop.id());
    assertThat(f.gatehouse.profiles().list(user))
        .extracting(ProfileView::id)
        .containsExactly(original.id(), extra.id());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAccountHasAtMostTheDefaultCapOfProfiles(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    int cap = f.gatehouse.config().get(ProfileSettings.PROFILE_MAX_PER_USER);
    assertThat(cap).isEqualTo(50);
    while (f.gatehouse.profiles().list(user).size() < cap) {
      f.gatehouse.profiles().create(user, ProfileInput.ofRole("client"));
    }
    assertRejected(
        () -> f.gatehouse.profiles().create(user, ProfileInput.ofRole("client")),
        RejectedInputException.class,
        "too_many_profiles");
    assertThat(f.gatehouse.profiles().list(user)).hasSize(cap);
    // Another account is not held back by this one's profiles.
    UUID other = Users.create(f);
    f.gatehouse.profiles().create(other, ProfileInput.ofRole("client"));
    assertThat(f.gatehouse.profiles().list(other)).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void badRolesLabelsAndSettingsAreRefusedAndChangeNothing(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    long id = f.gatehouse.profiles().list(user).get(0).id();

    assertRejected(
        () -> f.gatehouse.profiles().create(user, ProfileInput.ofRole("admin")),
        RejectedInputException.class,
        "invalid_role");
    assertRejected(
        () -> f.gatehouse.profiles().update(user, id, ProfileInput.ofRole("root")),
        RejectedInputException.class,
        "invalid_role");
    assertRejected(
        () ->
            f.gatehouse
                .profiles()
                .create(user, ProfileInput.ofRole("client").withLabel("x".repeat(101))),
        RejectedInputException.class,
        "invalid_label");
    assertRejected(
        () ->
            f.gatehouse
                .profiles()
                .update(user, id, ProfileInput.ofRole(null).withSettings("[1,2]")),
        RejectedInputException.class,
        "invalid_settings");
    assertThat(f.gatehouse.profiles().list(user))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.role()).isEqualTo("client");
              assertThat(p.settingsJson()).isNull();
            });
    ProfileView changed =
        f.gatehouse
            .profiles()
            .update(user, id, ProfileInput.ofRole("provider").withSettings("{\"theme\":\"dark\"}"));
    assertThat(changed.role()).isEqualTo("provider");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void thePersonIsStoredReplacedWholeAndLeftAloneByOtherChanges(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    Person ana = new Person(" Ana ", "García", null, LocalDate.of(1990, 4, 1), "FEMALE", null);
    ProfileView p =
        f.gatehouse.profiles().create(user, ProfileInput.ofRole("provider").withPerson(ana));
    assertThat(p.person().firstName()).isEqualTo("Ana");
    ProfileView read =
        f.gatehouse.profiles().list(user).stream().filter(v -> v.id() == p.id()).findFirst().get();
    assertThat(read.person()).isEqualTo(ana);
    assertThat(read.person().displayName()).isEqualTo("Ana García");
    assertThat(read.person().namesIncomplete()).isFalse();
    // A change without a person leaves it as it is.
    f.gatehouse.profiles().update(user, p.id(), ProfileInput.ofRole(null).withLabel("Shop"));
    assertThat(f.gatehouse.profiles().list(user).stream().filter(v -> v.id() == p.id()))
        .singleElement()
        .satisfies(v -> assertThat(v.person()).isEqualTo(ana));
    // A person replaces all its fields.
    Person luis = new Person("Luis", null, "Pérez", null, null, null);
    f.gatehouse.profiles().update(user, p.id(), ProfileInput.ofRole(null).withPerson(luis));
    assertThat(f.gatehouse.profiles().list(user).stream().filter(v -> v.id() == p.id()))
        .singleElement()
        .satisfies(v -> assertThat(v.person()).isEqualTo(luis));
    // Too long: refused, nothing changed.
    assertRejected(
        () ->
            f.gatehouse
                .profiles()
                .update(
                    user,
                    p.id(),
                    ProfileInput.ofRole(null)
                        .withPerson(new Person("x".repeat(101), null, null, null, null, null))),
        RejectedInputException.class,
        "invalid_person");
    assertThat(f.gatehouse.profiles().list(user).stream().filter(v -> v.id() == p.id()))
        .singleElement()
        .satisfies(v -> assertThat(v.person()).isEqualTo(luis));
    // Personal data stays out of logs.
    assertThat(luis.toString()).doesNotContain("Luis").doesNotContain("Pérez");
    assertThat(read.toString()).doesNotContain("Ana");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anotherUsersProfileIsNotFoundForEveryOperation(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID owner = Users.create(f);
    UUID attacker = Users.create(f);
    TokenPair attackerSession = Users.login(f, attacker);
    ProfileView victim = f.gatehouse.profiles().create(owner, ProfileInput.ofRole("provider"));

    assertRejected(
        () -> f.gatehouse.profiles().update(attacker, victim.id(), ProfileInput.ofRole("client")),
        NotFoundException.class,
        "profile_not_found");
    assertRejected(
        () -> f.gatehouse.profiles().delete(attacker, victim.id()),
        NotFoundException.class,
        "profile_not_found");
    assertRejected(
        () ->
            f.gatehouse
                .profiles()
                .switchProfile(attacker, victim.id(), attackerSession.sessionId()),
        NotFoundException.class,
        "profile_not_found");
    assertRejected(
        () -> f.gatehouse.profiles().update(attacker, 987_654_321L, ProfileInput.ofRole("client")),
        NotFoundException.class,
        "profile_not_found");
    assertThat(f.gatehouse.profiles().list(owner))
        .extracting(ProfileView::id)
        .contains(victim.id());
    assertThat(f.gatehouse.profiles().list(attacker))
        .extracting(ProfileView::id)
        .doesNotContain(victim.id());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void switchingProfileIssuesTokensCarryingTheNewClaimForTheSameSession(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    TokenPair login = Users.login(f, user);
    ProfileView shop = f.gatehouse.profiles().create(user, ProfileInput.ofRole("provider"));

    TokenPair switched = f.gatehouse.profiles().switchProfile(user, shop.id(), login.sessionId());

    VerifiedAccessToken at = f.gatehouse.sessions().verifyAccessToken(switched.accessToken());
    assertThat(at.sessionId()).isEqualTo(login.sessionId());
    assertThat(at.profileId()).contains(Long.toString(shop.id()));
    assertThat(at.claim(f.gatehouse.config().get(TokenSettings.PROFILE_CLAIM)))
        .contains(Long.toString(shop.id()));
    // The session keeps the profile across refreshes; the pre-switch refresh token is retired.
    TokenPair refreshed = f.gatehouse.sessions().refresh(switched.refreshToken(), null);
    assertThat(f.gatehouse.sessions().verifyAccessToken(refreshed.accessToken()).profileId())
        .contains(Long.toString(shop.id()));
    assertThatThrownBy(() -> f.gatehouse.sessions().refresh(login.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);

    Me me = f.gatehouse.profiles().me(user, at.profileId().orElseThrow());
    assertThat(me.currentProfile().id()).isEqualTo(shop.id());
    assertThat(me.profiles()).hasSize(2);
    assertThat(me.user().id()).isEqualTo(user);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void switchingIntoAnotherUsersSessionIsNotFound(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    UUID other = Users.create(f);
    TokenPair otherSession = Users.login(f, other);
    long mine = f.gatehouse.profiles().list(user).get(0).id();

    assertRejected(
        () -> f.gatehouse.profiles().switchProfile(user, mine, otherSession.sessionId()),
        NotFoundException.class,
        "session_not_found");
    assertThat(f.gatehouse.sessions().refresh(otherSession.refreshToken(), null)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void meCarriesTheAccountAndItsProfileWithoutSecrets(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    Me me = f.gatehouse.profiles().me(user, null);

    assertThat(me.user().id()).isEqualTo(user);
    assertThat(me.toString()).doesNotContain(pair.refreshToken()).doesNotContain("hash");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void devicesAreListedAndRemovedByTheirOwnerOnly(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    UUID attacker = Users.create(f);
    TokenPair phone =
        Users.login(
            f,
            user,
            new ClientInfo(
                "mobile", null, null, new DeviceInfo("inst-9", "android", "Pixel", "fcm")));
    DeviceView device = f.gatehouse.devices().list(user).get(0);
    assertThat(device.hasNotificationToken()).isTrue();
    assertThat(f.gatehouse.devices().list(attacker)).isEmpty();

    assertRejected(
        () -> f.gatehouse.devices().remove(attacker, device.id()),
        NotFoundException.class,
        "device_not_found");
    assertThat(f.gatehouse.devices().list(user)).hasSize(1);
    assertThat(f.gatehouse.sessions().listSessions(user, null)).hasSize(1);

    f.gatehouse.devices().remove(user, device.id());
    assertThat(f.gatehouse.devices().list(user)).isEmpty();
    // A removed device is signed out.
    assertThatThrownBy(() -> f.gatehouse.sessions().refresh(phone.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertRejected(
        () -> f.gatehouse.devices().remove(user, device.id()),
        NotFoundException.class,
        "device_not_found");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void malformedDeviceOrClientIsRefusedWithoutStartingASession(StoreKind kind) {
    GatehouseFixture f = fixture(kind);
    UUID user = Users.create(f);
    assertRejected(
        () ->
            Users.login(
                f,
                user,
                new ClientInfo("mobile", null, null, new DeviceInfo(" ", null, null, null))),
        RejectedInputException.class,
        "invalid_device");
    assertRejected(
        () -> Users.login(f, user, new ClientInfo("tv", null, null, null)),
        RejectedInputException.class,
        "invalid_client");
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
    assertThat(f.gatehouse.devices().list(user)).isEmpty();
  }
}
