package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.MembershipChanged;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.organizations.OrganizationImporter;
import dev.gatehouse.imports.organizations.OrganizationImporter.DjangoTables;
import dev.gatehouse.imports.organizations.OrganizationImporter.Refused;
import dev.gatehouse.imports.organizations.OrganizationImporter.Report;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.OrganizationErrors;
import dev.gatehouse.organizations.OrganizationImports.ImportResult;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Organisations and memberships imported from Django's groups, as Django itself writes them ({@code
 * django-groups/make.py}: {@code auth_group}, {@code auth_user_groups}), after the users were
 * imported from the same database, and from a CSV file: each membership an event and an audit row,
 * a second run adds nothing, and an organisation without an owner or with an unknown role is
 * refused with nothing written.
 */
class OrganizationImportTest {
  @TempDir static Path dir;
  static Path django;

  @BeforeAll
  static void makeDjangoDatabase() throws Exception {
    LegacyPython.require("django");
    django = dir.resolve("groups.sqlite3");
    LegacyPython.output(LegacyPython.script("django-groups/make.py"), django.toString());
    assertThat(Files.size(django)).isPositive();
  }

  /** The target with the Django users imported and the organisations module installed. */
  private record Target(ImportFixture f, Gatehouse gatehouse, List<Object> events)
      implements AutoCloseable {
    @Override
    public void close() {
      gatehouse.close();
    }

    OrganizationService orgs() {
      return gatehouse.feature(OrganizationService.class);
    }

    UUID user(String email) {
      return f.store.inTransaction(tx -> tx.users().findByEmail(email)).orElseThrow().publicId();
    }

    List<Membership> memberships(String email) {
      return orgs().memberships(user(email));
    }
  }

  private static Target target(ImportFixture f) throws Exception {
    GatehouseMigrations.migrate(f.db.dataSource(), Organizations.CHANGELOG, f.entities);
    RunReport users =
        f.importer.run(
            DjangoDatabaseSource.sqlite(django, "auth", ZoneId.of("UTC")),
            ImportOptions.builder("django").build());
    assertThat(users.status()).isEqualTo("COMPLETED");
    List<Object> events = new CopyOnWriteArrayList<>();
    Gatehouse g =
        Gatehouse.builder(f.config, f.store)
            .install(new Organizations())
            .listener(events::add)
            .build();
    return new Target(f, g, events);
  }

  private static Report fromDjango(Target t) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + django + "?mode=ro")) {
      return new OrganizationImporter(t.gatehouse())
          .fromDjangoGroups(c, DjangoTables.DEFAULT, "admin@acme.example");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void djangosGroupsBecomeOrganisationsOwnedByTheGivenAccountAndASecondRunAddsNothing(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        Target t = target(f)) {
      Report first = fromDjango(t);

      assertThat(first.refused()).isEmpty();
      assertThat(first.imported())
          .extracting(
              r -> r.organization().slug(), r -> r.organization().name(), ImportResult::created)
          .containsExactly(
              tuple("sales-team-1", "Sales team", true),
              tuple("equipe-cafe-2", "Équipe Café", true),
              tuple("nobody-yet-3", "Nobody yet", true));
      assertThat(first.imported().get(0).joined())
          .containsExactly("admin@acme.example", "alice@acme.example", "bob@acme.example");
      // Django lets a user have no address: such a member is not found, and nothing is made of it.
      assertThat(first.imported().get(1).joined())
          .containsExactly("admin@acme.example", "alice@acme.example");
      assertThat(first.imported().get(2).joined()).containsExactly("admin@acme.example");

      UUID sales = first.imported().get(0).organization().id();
      assertThat(t.orgs().members(t.user("admin@acme.example"), sales))
          .extracting(Membership::user, Membership::role)
          .containsExactlyInAnyOrder(
              tuple(t.user("admin@acme.example"), "owner"),
              tuple(t.user("alice@acme.example"), "member"),
              tuple(t.user("bob@acme.example"), "member"));
      assertThat(t.memberships("alice@acme.example")).hasSize(2);
      assertThat(
              t.events().stream()
                  .filter(MembershipChanged.class::isInstance)
                  .map(MembershipChanged.class::cast)
                  .filter(e -> e.userId().equals(t.user("bob@acme.example"))))
          .extracting(
              MembershipChanged::organization, MembershipChanged::change, MembershipChanged::by)
          .containsExactly(tuple(sales, MembershipChanged.JOINED, null));
      assertThat(t.gatehouse().audit().forUser(t.user("bob@acme.example"), 50))
          .anyMatch(e -> "joined".equals(e.reason()) && e.detail().contains(sales.toString()));
      long rows = f.count("select count(*) from gh_org_member");
      assertThat(rows).isEqualTo(6);

      Report second = fromDjango(t);
      assertThat(second.imported()).allMatch(r -> !r.created() && r.joined().isEmpty());
      assertThat(second.imported().get(0).kept()).hasSize(3);
      assertThat(f.count("select count(*) from gh_org")).isEqualTo(3);
      assertThat(f.count("select count(*) from gh_org_member")).isEqualTo(rows);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCsvFileBringsRolesAndAnOrganisationWithoutAnOwnerOrWithAnUnknownRoleIsRefused(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind);
        Target t = target(f)) {
      String csv =
          "organization,slug,email,role\n"
              + "Globex,globex,alice@acme.example,owner\n"
              + "Globex,globex,BOB@acme.example,admin\n"
              + "Globex,globex,nobody@nowhere.example,\n"
              + "\"Ownerless, Inc.\",ownerless,bob@acme.example,member\n"
              + "Empire,empire,alice@acme.example,emperor\n";
      Report r = new OrganizationImporter(t.gatehouse()).fromCsv(new StringReader(csv), null);

      assertThat(r.imported())
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.organization().slug()).isEqualTo("globex");
                assertThat(i.joined()).containsExactly("alice@acme.example", "bob@acme.example");
                assertThat(i.unknown()).containsExactly("nobody@nowhere.example");
              });
      assertThat(r.refused())
          .containsExactly(
              new Refused("ownerless", OrganizationErrors.LAST_OWNER),
              new Refused("empire", ErrorCode.INVALID_ROLE));
      assertThat(f.rowsOf("select slug from gh_org")).containsExactly("globex");
      assertThat(t.memberships("bob@acme.example"))
          .extracting(Membership::role)
          .containsExactly("admin");

      // With an owner given, the ownerless organisation is imported, owned by it.
      Report again =
          new OrganizationImporter(t.gatehouse())
              .fromCsv(new StringReader(csv), "admin@acme.example");
      assertThat(again.imported())
          .extracting(i -> i.organization().slug(), ImportResult::created)
          .containsExactly(tuple("globex", false), tuple("ownerless", true));
      assertThat(t.memberships("admin@acme.example"))
          .extracting(Membership::role)
          .containsExactly("owner");
      // A file that is not such a CSV writes nothing.
      assertThatThrownBy(
              () ->
                  new OrganizationImporter(t.gatehouse())
                      .fromCsv(new StringReader("name,email\nX,x@acme.example\n"), null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(f.count("select count(*) from gh_org")).isEqualTo(2);
    }
  }
}
