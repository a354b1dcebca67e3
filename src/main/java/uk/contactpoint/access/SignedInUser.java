package uk.contactpoint.access;

import java.util.List;

/** Who is signed in, as other modules may see them. */
public interface SignedInUser {
    long id();

    String username();

    String displayName();

    String organisationCode();

    String organisationName();

    List<Role> roles();
}
