package uk.contactpoint.feeds;

/** Another load holds the directory's load lock: nothing was read or changed; try again when it has finished. */
public class LoadBusyException extends RuntimeException {
    LoadBusyException(String message) {
        super(message);
    }
}
