package uk.contactpoint.directory;

/**
 * A record was not opened or not changed, with what was wrong and where. NOT_FOUND says the same whether the child
 * does not exist or the user has not found it by a search, so that the answer is no oracle for guessed IDs.
 */
public class RecordRefusedException extends RuntimeException {

    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        FORBIDDEN
    }

    static final String NOT_FOUND_MESSAGE =
            "No child with this ContactPoint ID is among the children your searches found. Search for the child first.";

    private final Kind kind;
    private final String field;

    RecordRefusedException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    static RecordRefusedException bad(String field, String message) {
        return new RecordRefusedException(Kind.BAD_REQUEST, field, message);
    }

    static RecordRefusedException notFound() {
        return new RecordRefusedException(Kind.NOT_FOUND, "childId", NOT_FOUND_MESSAGE);
    }

    /** The refusal as {@code application/problem+json}, for the JSON APIs. */
    org.springframework.http.ProblemDetail problem(String title) {
        var status = switch (kind) {
            case BAD_REQUEST -> org.springframework.http.HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> org.springframework.http.HttpStatus.NOT_FOUND;
            case FORBIDDEN -> org.springframework.http.HttpStatus.FORBIDDEN;
        };
        var problem = org.springframework.http.ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setTitle(title);
        problem.setProperty("field", field);
        return problem;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
