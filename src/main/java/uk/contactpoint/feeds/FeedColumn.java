package uk.contactpoint.feeds;

import java.util.Locale;
import java.util.Optional;

/** The columns of source feed format version 1 (docs: feed-format.md), with the length each may hold. */
public enum FeedColumn {
    RECORD_ID(64),
    ACTION(6),
    NHS_NUMBER(13),
    UPN(13),
    GIVEN_NAMES(200),
    FAMILY_NAME(200),
    FORMER_FAMILY_NAMES(1000),
    DATE_OF_BIRTH(10),
    GENDER(7),
    ADDRESS_LINE_1(200),
    ADDRESS_LINE_2(200),
    TOWN(100),
    POSTCODE(8),
    UPRN(12),
    NO_FIXED_ABODE(5),
    DATE_OF_DEATH(10),
    PARENT_1_NAME(200),
    PARENT_1_RELATIONSHIP(100),
    PARENT_1_PHONE(30),
    PARENT_1_EMAIL(254),
    PARENT_2_NAME(200),
    PARENT_2_RELATIONSHIP(100),
    PARENT_2_PHONE(30),
    PARENT_2_EMAIL(254),
    SERVICE_TYPE(16),
    SERVICE_ORG_CODE(20),
    SERVICE_NAME(200),
    PRACTITIONER_NAME(200),
    PRACTITIONER_PHONE(30),
    PRACTITIONER_EMAIL(254),
    SERVICE_START_DATE(10),
    LEAD_PROFESSIONAL(5),
    CAF_COMPLETED_DATE(10),
    CONSENT_RECORDED(5);

    private final int maxLength;

    FeedColumn(int maxLength) {
        this.maxLength = maxLength;
    }

    /** The header as it appears in a file, for example {@code date_of_birth}. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int maxLength() {
        return maxLength;
    }

    public static Optional<FeedColumn> fromHeader(String header) {
        for (FeedColumn column : values()) {
            if (column.header().equals(header)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }
}
