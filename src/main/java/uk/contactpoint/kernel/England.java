package uk.contactpoint.kernel;

import java.time.ZoneId;

/** Where the service's days are: a practitioner's "today", a user's day of searches, a child's birthday. */
public final class England {
    private England() {}

    public static final ZoneId ZONE = ZoneId.of("Europe/London");
}
