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
