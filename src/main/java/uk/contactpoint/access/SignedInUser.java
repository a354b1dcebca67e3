package uk.contactpoint.access;

import java.util.List;

/** Who is signed in, as other modules may see them. */
public interface SignedInUser {
    long id();

    String username();

    String displayName();

    String organisationCode();

    String organisationName();

    /** The local authority whose area the user's organisation works in; null for national organisations. */
    String localAuthorityCode();

    List<Role> roles();

    /** The user's own family name, when recorded: with the home postcode, what the own-family misuse rule compares. */
    default String familyName() {
        return null;
    }

    /** The user's home postcode in its normal form, when recorded. */
    default String homePostcode() {
        return null;
    }

    default boolean has(Role role) {
        return roles().contains(role);
    }
}
