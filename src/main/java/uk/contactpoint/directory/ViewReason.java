package uk.contactpoint.directory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a practitioner opens a record: a short list, and free text for "other" (and for every override). */
enum ViewReason {
    SAFEGUARDING("A concern about the child's safety or welfare"),
    CONTACT_PRACTITIONER("Contacting a practitioner who works with the child"),
    NEW_TO_SERVICE("The child is new to my service"),
    REFERRAL("Making or receiving a referral"),
    CAF("Starting or reviewing a Common Assessment Framework assessment"),
    CHILD_PROTECTION_ENQUIRY("A child protection enquiry"),
    OTHER("Another reason");

    static final int MAX_DETAIL = 500;

    private final String text;

    ViewReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public String code() {
        return name();
    }

    static ViewReason of(String code) {
        if (code == null || code.isBlank()) {
            throw new RecordRefusedException(
                    RecordRefusedException.Kind.BAD_REQUEST, "reason", "Select why you are opening this record.");
        }
        try {
            return valueOf(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RecordRefusedException(
                    RecordRefusedException.Kind.BAD_REQUEST,
                    "reason",
                    "The reason is one of "
                            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
        }
    }
}
