package uk.contactpoint.access;

/** The roles of docs/contactpoint.md. A user holds one or more. */
public enum Role {
    PRACTITIONER("Practitioner"),
    PRACTITIONER_VIEW_ONLY("Practitioner (view only)"),
    LA_TEAM("Local authority ContactPoint team"),
    LA_MANAGER("Local authority ContactPoint manager"),
    CHILD_PROTECTION_OVERRIDE("Child-protection override user"),
    NATIONAL_ADMIN("National administrator"),
    FEED_SYSTEM("Feed system");

    private final String title;

    Role(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
