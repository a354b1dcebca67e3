package uk.contactpoint.feeds;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import uk.contactpoint.kernel.SourceCode;

/** The registered source systems. A feed is accepted only from a registered source. */
@Repository
public class Sources {

    public enum Kind {
        BENEFIT,
        HEALTH,
        SCHOOL_CENSUS,
        LOCAL_AUTHORITY,
        BIRTHS,
        PRACTITIONER
    }

    public record Source(SourceCode code, String name, Kind kind) {}

    private final JdbcClient jdbc;

    Sources(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers the source if it is not yet known; an existing source is left as it is. */
    @Transactional
    public void register(Source source) {
        if (find(source.code()).isEmpty()) {
            jdbc.sql("insert into source (code, name, kind) values (:code, :name, :kind)")
                    .param("code", source.code().value())
                    .param("name", source.name())
                    .param("kind", source.kind().name())
                    .update();
        }
    }

    /**
     * The source under which an organisation's practitioners record their own involvement with children
     * ({@code org-<code>}, kind PRACTITIONER), registered the first time one of them does. Its records' identifiers are
     * the organisation's own, so only its users see them.
     */
    @Transactional
    public SourceCode practitionerSource(String organisationCode, String organisationName) {
        SourceCode code = practitionerSourceOf(organisationCode);
        if (find(code).isEmpty()) {
            jdbc.sql("""
                    insert into source (code, name, kind, organisation_id)
                    values (:code, :name, 'PRACTITIONER', (select id from organisation where code = :org))""")
                    .param("code", code.value())
                    .param("name", organisationName + " (practitioners)")
                    .param("org", organisationCode)
                    .update();
        }
        return code;
    }

    /** The code of an organisation's practitioner source, whether or not it is registered yet. */
    public static SourceCode practitionerSourceOf(String organisationCode) {
        return SourceCode.of("org-" + organisationCode.toLowerCase(java.util.Locale.ROOT));
    }

    /** Binds a source to the organisation that runs it, so that its users (and only they) see its identifiers. */
    @Transactional
    public void runBy(SourceCode source, String organisationCode) {
        jdbc.sql(
                        "update source set organisation_id = (select id from organisation where code = :org) where code = :code")
                .param("org", organisationCode)
                .param("code", source.value())
                .update();
    }

    public Optional<Source> find(SourceCode code) {
        return jdbc.sql("select code, name, kind from source where code = :code")
                .param("code", code.value())
                .query((rs, n) ->
                        new Source(new SourceCode(rs.getString(1)), rs.getString(2), Kind.valueOf(rs.getString(3))))
                .optional();
    }

    public List<String> codes() {
        return jdbc.sql("select code from source order by code")
                .query(String.class)
                .list();
    }
}
