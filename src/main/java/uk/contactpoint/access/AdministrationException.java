package uk.contactpoint.access;

/** An administrative action that is not allowed or not possible, with the reason to show the administrator. */
public final class AdministrationException extends RuntimeException {
    public AdministrationException(String message) {
        super(message);
    }
}
