package uk.contactpoint.search;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import uk.contactpoint.directory.ChildIndexSource;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.matching.Standardise;

/**
 * How a child becomes a Lucene document, and back. The indexed terms are the matcher's own keys, so that retrieval
 * finds what scoring will accept: folded names, the parts of multi-part family names, former names, the variant
 * table's nicknames and the Double Metaphone codes. A shielded child's address and former names are hidden from
 * searchers, so they are neither indexed nor stored: no search can match on them and no result can show them.
 */
final class ChildDocuments {

    static final String ID = "id";
    static final String FAMILY = "family";
    static final String FAMILY_PHONETIC = "family_ph";
    static final String GIVEN = "given";
    static final String GIVEN_PHONETIC = "given_ph";
    static final String DOB = "dob";
    static final String POSTCODE = "postcode";
    static final String DISTRICT = "district";
    static final String NHS = "nhs";
    static final String UPN = "upn";
    static final String DATA = "data";

    private static final char SEP = '\u001f';
    private static final char LIST_SEP = '\u001e';

    private final NameVariants variants;

    ChildDocuments(NameVariants variants) {
        this.variants = variants;
    }

    static Term idTerm(long id) {
        return new Term(ID, Long.toString(id));
    }

    Document document(ChildIndexSource.Child child) {
        IndexedChild indexed = IndexedChild.of(child);
        Document doc = new Document();
        doc.add(new StringField(ID, Long.toString(child.id()), Field.Store.NO));
        Set<String> family = familyKeys(indexed.familyName());
        indexed.formerFamilyNames().forEach(name -> family.addAll(familyKeys(name)));
        for (String key : family) {
            doc.add(new StringField(FAMILY, key, Field.Store.NO));
        }
        for (String code : phonetics(family)) {
            doc.add(new StringField(FAMILY_PHONETIC, code, Field.Store.NO));
        }
        Set<String> given = givenKeys(indexed.givenNames());
        Set<String> withVariants = new LinkedHashSet<>(given);
        for (String key : given) {
            for (String variant : variants.variantsOf(key)) {
                String k = Standardise.nameKey(variant);
                if (!k.isEmpty()) {
                    withVariants.add(k);
                }
            }
        }
        for (String key : withVariants) {
            doc.add(new StringField(GIVEN, key, Field.Store.NO));
        }
        for (String code : phonetics(given)) {
            doc.add(new StringField(GIVEN_PHONETIC, code, Field.Store.NO));
        }
        if (indexed.dateOfBirth() != null) {
            doc.add(new IntPoint(DOB, (int) indexed.dateOfBirth().toEpochDay()));
        }
        Postcode postcode = postcode(indexed.postcode());
        if (postcode != null) {
            doc.add(new StringField(POSTCODE, compact(postcode), Field.Store.NO));
            doc.add(new StringField(DISTRICT, postcode.district(), Field.Store.NO));
        }
        if (indexed.nhsNumber() != null) {
            doc.add(new StringField(NHS, indexed.nhsNumber(), Field.Store.NO));
        }
        if (indexed.upn() != null) {
            doc.add(new StringField(UPN, indexed.upn(), Field.Store.NO));
        }
        doc.add(new StoredField(DATA, indexed.encode()));
        return doc;
    }

    /** The whole folded family name and, for a multi-part name, each part. */
    static Set<String> familyKeys(String name) {
        Set<String> keys = new LinkedHashSet<>();
        String whole = Standardise.nameKey(name);
        if (!whole.isEmpty()) {
            keys.add(whole);
        }
        keys.addAll(Standardise.familyNameParts(name));
        return keys;
    }

    /** Each folded given name and, for several, all of them as one (ABDULRAHMAN for "Abdul Rahman"). */
    static Set<String> givenKeys(String names) {
        List<String> keys = Standardise.givenNameKeys(names);
        Set<String> out = new LinkedHashSet<>(keys);
        if (keys.size() > 1) {
            out.add(String.join("", keys));
        }
        return out;
    }

    static Set<String> phonetics(Set<String> keys) {
        Set<String> codes = new LinkedHashSet<>();
        keys.forEach(k -> codes.add(Standardise.phonetic(k)));
        return codes;
    }

    static Postcode postcode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Postcode.of(text);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    static String compact(Postcode postcode) {
        return postcode.value().replace(" ", "");
    }

    /**
     * What the index keeps of a child to score and show it. For a shielded child the address and former names are
     * empty: the index never holds what the searcher may not see.
     */
    record IndexedChild(
            long id,
            String childId,
            String givenNames,
            String familyName,
            List<String> formerFamilyNames,
            LocalDate dateOfBirth,
            String gender,
            String nhsNumber,
            String upn,
            String addressLine1,
            String addressLine2,
            String town,
            String postcode,
            boolean shielded) {

        static IndexedChild of(ChildIndexSource.Child c) {
            boolean hidden = c.shielded();
            return new IndexedChild(
                    c.id(),
                    c.childId(),
                    c.givenNames(),
                    c.familyName(),
                    hidden ? List.of() : c.formerFamilyNames(),
                    c.dateOfBirth(),
                    c.gender(),
                    c.nhsNumber(),
                    c.upn(),
                    hidden ? null : c.addressLine1(),
                    hidden ? null : c.addressLine2(),
                    hidden ? null : c.town(),
                    hidden ? null : c.postcode(),
                    hidden);
        }

        String encode() {
            return String.join(
                    String.valueOf(SEP),
                    Long.toString(id),
                    childId,
                    text(givenNames),
                    text(familyName),
                    String.join(String.valueOf(LIST_SEP), formerFamilyNames),
                    dateOfBirth == null ? "" : dateOfBirth.toString(),
                    text(gender),
                    text(nhsNumber),
                    text(upn),
                    text(addressLine1),
                    text(addressLine2),
                    text(town),
                    text(postcode),
                    shielded ? "1" : "0");
        }

        static IndexedChild decode(String data) {
            String[] f = data.split(String.valueOf(SEP), -1);
            return new IndexedChild(
                    Long.parseLong(f[0]),
                    f[1],
                    value(f[2]),
                    value(f[3]),
                    f[4].isEmpty() ? List.of() : Arrays.asList(f[4].split(String.valueOf(LIST_SEP))),
                    f[5].isEmpty() ? null : LocalDate.parse(f[5]),
                    value(f[6]),
                    value(f[7]),
                    value(f[8]),
                    value(f[9]),
                    value(f[10]),
                    value(f[11]),
                    value(f[12]),
                    "1".equals(f[13]));
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }

        private static String value(String s) {
            return s.isEmpty() ? null : s;
        }
    }
}
