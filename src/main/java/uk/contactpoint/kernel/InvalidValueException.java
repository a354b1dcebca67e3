package uk.contactpoint.kernel;

/** A value failed its own validation. The message says what was wrong, in words a source or a user can act on. */
public final class InvalidValueException extends IllegalArgumentException {
    public InvalidValueException(String message) {
        super(message);
    }
}
