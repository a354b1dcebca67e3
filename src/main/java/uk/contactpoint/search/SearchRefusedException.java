package uk.contactpoint.search;

/** A search refused before it ran: the criteria could point at many children, or are not what they claim. */
public class SearchRefusedException extends RuntimeException {

    private final String field;

    public SearchRefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The form field the problem is with, as the API and the page name it. */
    public String field() {
        return field;
    }
}
