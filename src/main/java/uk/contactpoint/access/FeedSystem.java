package uk.contactpoint.access;

/** A feed system signed in with its API token: it may upload the files of one source and nothing else. */
public record FeedSystem(long userId, String username, String organisationCode, String sourceCode) {

    /** The authority that lets a token upload to its own source. */
    public static String sourceAuthority(String sourceCode) {
        return "FEED_SOURCE_" + sourceCode;
    }
}
