package uk.contactpoint.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.AccessAdministration.NewOrganisation;
import uk.contactpoint.access.AccessAdministration.NewUser;
import uk.contactpoint.access.AccessAdministration.OrganisationKind;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.SourceCode;

/** The demo's organisations, sources and users (one for each role), and the loading of its feeds. Idempotent. */
final class DemoSetup {

    static final String PASSWORD = "demo-password-2026";

    static final List<NewOrganisation> ORGANISATIONS = List.of(
            new NewOrganisation("383", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "383"),
            new NewOrganisation("107001", "Mill Primary School", OrganisationKind.SCHOOL, "383"),
            new NewOrganisation("B86001", "Park Medical Practice", OrganisationKind.GP_PRACTICE, "383"),
            new NewOrganisation("WYP", "West Yorkshire Police", OrganisationKind.NATIONAL_PARTNER, null),
            new NewOrganisation("CPNAT", "ContactPoint national service", OrganisationKind.NATIONAL, null),
            new NewOrganisation(
                    "X26", "NHS England (Personal Demographics Service)", OrganisationKind.NATIONAL_PARTNER, null));

    static final List<Sources.Source> SOURCES = List.of(
            new Sources.Source(new SourceCode("nhs-pds"), "NHS health registrations", Sources.Kind.HEALTH),
            new Sources.Source(new SourceCode("hmrc-child-benefit"), "HMRC child benefit claims", Sources.Kind.BENEFIT),
            new Sources.Source(new SourceCode("dfe-school-census"), "DfE school census", Sources.Kind.SCHOOL_CENSUS),
            new Sources.Source(
                    new SourceCode("la-social-care"), "Local authority social care", Sources.Kind.LOCAL_AUTHORITY));

    private static final LocalDate VETTED = LocalDate.of(2025, 6, 1);
    private static final LocalDate TRAINED = LocalDate.of(2025, 7, 1);

    static final List<NewUser> USERS = List.of(
            user("demo.practitioner", "Priya Shah (teacher)", "107001", Role.PRACTITIONER),
            user("demo.viewonly", "Tom Clarke (GP)", "B86001", Role.PRACTITIONER_VIEW_ONLY),
            user("demo.lateam", "Aisha Begum (ContactPoint team)", "383", Role.LA_TEAM),
            user("demo.lamanager", "Gareth Evans (ContactPoint manager)", "383", Role.LA_MANAGER),
            user("demo.lamanager2", "Nia Adeyemi (ContactPoint manager)", "383", Role.LA_MANAGER),
            user("demo.override", "DS Helen Walker (child protection)", "WYP", Role.CHILD_PROTECTION_OVERRIDE),
            user("demo.admin", "Sam Okafor (national administrator)", "CPNAT", Role.NATIONAL_ADMIN),
            user("demo.feed", "PDS feed", "X26", Role.FEED_SYSTEM));

    private static NewUser user(String username, String name, String organisation, Role role) {
        return new NewUser(username, name, organisation, PASSWORD, totpSecret(username), VETTED, TRAINED, Set.of(role));
    }

    /**
     * Each demo user's TOTP secret: fixed, so the README can tell people how to get a code (oathtool or an
     * authenticator app). Demo data only; real accounts enrol their own secret at first sign-in.
     */
    static String totpSecret(String username) {
        byte[] digest = uk.contactpoint.kernel.Sha256.of("contactpoint-demo:" + username);
        return new org.apache.commons.codec.binary.Base32().encodeToString(java.util.Arrays.copyOf(digest, 20));
    }

    private DemoSetup() {}

    static void run(ApplicationContext context, Path feeds, PrintWriter out) {
        var access = context.getBean(AccessAdministration.class);
        ORGANISATIONS.forEach(access::ensureOrganisation);
        USERS.forEach(access::ensureUser);
        var sources = context.getBean(Sources.class);
        SOURCES.forEach(sources::register);
        // Who runs each source decides who sees its own identifiers on a record.
        sources.runBy(new SourceCode("nhs-pds"), "X26");
        sources.runBy(new SourceCode("la-social-care"), "383");
        Path tokenFile = feeds.getParent().resolve("demo-feed-token.txt");
        if (!java.nio.file.Files.exists(tokenFile)) {
            try {
                java.nio.file.Files.writeString(tokenFile, access.issueFeedToken("demo.feed", "nhs-pds") + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        var loader = context.getBean(FeedLoader.class);
        for (Sources.Source source : SOURCES) {
            Path file = feeds.resolve(source.code().value() + ".csv");
            long started = System.nanoTime();
            var report = loader.load(source.code(), file);
            if (report.alreadyLoaded()) {
                out.printf("  %-24s already loaded (run %d)%n", file.getFileName(), report.runId());
            } else {
                out.printf(
                        "  %-24s %,8d rows: %,d new, %,d changed, %,d rejected in %.1f s%n",
                        file.getFileName(),
                        report.read(),
                        report.inserted(),
                        report.updated(),
                        report.rejected(),
                        (System.nanoTime() - started) / 1e9);
            }
            out.flush();
        }
    }
}
