package uk.contactpoint.feeds;

/** The file as a whole cannot be read as a feed (for example its header is wrong); nothing of it is loaded. */
public final class FeedRefusedException extends RuntimeException {
    public FeedRefusedException(String message) {
        super(message);
    }
}
