package uk.contactpoint.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of service that can be involved with a child. Three are sensitive and need the child's consent. */
public enum ServiceType {
    SCHOOL,
    EARLY_YEARS,
    GP,
    HEALTH_VISITOR,
    SCHOOL_NURSE,
    SOCIAL_CARE,
    YOUTH_OFFENDING,
    YOUTH_SERVICE,
    SEXUAL_HEALTH(true),
    MENTAL_HEALTH(true),
    SUBSTANCE_MISUSE(true),
    OTHER;

    private final boolean sensitive;

    ServiceType() {
        this(false);
    }

    ServiceType(boolean sensitive) {
        this.sensitive = sensitive;
    }

    /**
     * Sensitive services are recorded only with consent (or reasonable cause to suspect significant harm) and are
     * hidden from everyone but the service itself and the local authority's ContactPoint team.
     */
    public boolean sensitive() {
        return sensitive;
    }

    /** The service's name for people: "GP", "Health visitor". */
    public String label() {
        return this == GP
                ? "GP"
                : name().charAt(0)
                        + name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public String feedCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServiceType fromFeed(String text) {
        String code = text.strip().toLowerCase(Locale.ROOT);
        for (ServiceType type : values()) {
            if (type.feedCode().equals(code)) {
                return type;
            }
        }
        throw new InvalidValueException("service_type is one of "
                + Arrays.stream(values()).map(ServiceType::feedCode).collect(Collectors.joining(", ")));
    }
}
