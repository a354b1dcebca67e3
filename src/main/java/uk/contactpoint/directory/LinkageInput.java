package uk.contactpoint.directory;

import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.Upn;
import uk.contactpoint.matching.LinkageRecord;

/** A source record as the matching engine reads it. */
public final class LinkageInput {
    private LinkageInput() {}

    public static LinkageRecord of(String source, FeedRow row, boolean shielded) {
        var address = row.address();
        return new LinkageRecord(
                LinkageRecord.keyOf(source, row.recordId()),
                source,
                row.givenNames(),
                row.familyName(),
                row.formerFamilyNames(),
                row.dateOfBirth(),
                row.gender().map(Gender::feedCode).orElse(null),
                address == null ? null : address.postcode().map(Postcode::value).orElse(null),
                address == null ? null : address.line1(),
                address == null ? null : address.line2(),
                row.nhsNumber().map(NhsNumber::value).orElse(null),
                row.upn().map(Upn::value).orElse(null),
                shielded);
    }
}
