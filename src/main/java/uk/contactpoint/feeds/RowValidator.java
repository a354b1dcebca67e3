package uk.contactpoint.feeds;

import static uk.contactpoint.feeds.FeedColumn.*;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.ServiceType;
import uk.contactpoint.kernel.Upn;

/**
 * Checks one row against every rule of feed format version 1 and collects every fault, so that a source can fix a
 * row in one go. The decisions beyond the format's text are in docs/adr/0006-feed-validation.md.
 */
final class RowValidator {

    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1990, 1, 1);
    private static final Pattern RECORD_ID_FORM = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,62}[\\x21-\\x7E])?");
    private static final Pattern UPRN_FORM = Pattern.compile("[0-9]{1,12}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{10,20}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\uFFFD&&[^\\t\\r\\n]]");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\t\\r\\n]+\\s*");

    private final LocalDate today;

    RowValidator(LocalDate today) {
        this.today = today;
    }

    record Outcome(FeedRow row, List<Reject> rejects) {}

    Outcome validate(long line, Map<FeedColumn, String> values) {
        var check = new Check(line, values);
        String recordId = check.text(RECORD_ID);
        if (recordId == null) {
            check.fail(RECORD_ID, "record_id is required");
        } else if (!RECORD_ID_FORM.matcher(values.get(RECORD_ID)).matches()) {
            check.fail(RECORD_ID, "record_id is 1-64 printable characters with no leading or trailing space");
        }
        FeedRow.Action action = check.parse(ACTION, RowValidator::action).orElse(FeedRow.Action.UPSERT);
        boolean upsert = action == FeedRow.Action.UPSERT;

        var nhs = check.parse(NHS_NUMBER, NhsNumber::of);
        var upn = check.parse(UPN, Upn::of);
        String given = check.name(GIVEN_NAMES, upsert);
        String family = check.name(FAMILY_NAME, upsert);
        List<String> former =
                check.parse(FORMER_FAMILY_NAMES, RowValidator::formerNames).orElse(List.of());
        var birth = check.parse(DATE_OF_BIRTH, this::birthDate);
        if (upsert && birth.isEmpty() && !values.containsKey(DATE_OF_BIRTH)) {
            check.fail(DATE_OF_BIRTH, "date_of_birth is required for an upsert");
        }
        var gender = check.parse(GENDER, Gender::fromFeed);
        var address = new FeedRow.Address(
                check.text(ADDRESS_LINE_1),
                check.text(ADDRESS_LINE_2),
                check.text(TOWN),
                check.parse(POSTCODE, Postcode::of),
                check.parse(UPRN, RowValidator::uprn).orElse(null));
        boolean noFixedAbode = check.parse(NO_FIXED_ABODE, RowValidator::bool).orElse(false);
        var death = check.parse(DATE_OF_DEATH, this::pastDate);
        if (death.isPresent() && birth.isPresent() && death.get().isBefore(birth.get())) {
            check.fail(DATE_OF_DEATH, "date_of_death is before date_of_birth");
        }
        List<FeedRow.Carer> carers = new ArrayList<>(2);
        check.carer(PARENT_1_NAME, PARENT_1_RELATIONSHIP, PARENT_1_PHONE, PARENT_1_EMAIL)
                .ifPresent(carers::add);
        check.carer(PARENT_2_NAME, PARENT_2_RELATIONSHIP, PARENT_2_PHONE, PARENT_2_EMAIL)
                .ifPresent(carers::add);
        boolean consent = check.parse(CONSENT_RECORDED, RowValidator::bool).orElse(false);
        var service = check.service(consent);

        if (!check.rejects.isEmpty()) {
            return new Outcome(null, check.rejects);
        }
        var row = new FeedRow(
                line,
                recordId,
                action,
                nhs,
                upn,
                given,
                family,
                former,
                birth.orElse(null),
                gender,
                address,
                noFixedAbode,
                death,
                List.copyOf(carers),
                service,
                consent,
                List.copyOf(check.warnings));
        return new Outcome(row, List.of());
    }

    private static FeedRow.Action action(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "upsert" -> FeedRow.Action.UPSERT;
            case "delete" -> FeedRow.Action.DELETE;
            default -> throw new InvalidValueException("action is upsert or delete");
        };
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValueException("is true or false (or empty)");
        };
    }

    private static String uprn(String text) {
        String value = text.strip();
        if (!UPRN_FORM.matcher(value).matches()) {
            throw new InvalidValueException("uprn is 1-12 digits");
        }
        return value;
    }

    private static List<String> formerNames(String text) {
        List<String> names = Arrays.stream(text.split("\\|"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        for (String name : names) {
            if (name.codePoints().noneMatch(Character::isLetter)) {
                throw new InvalidValueException("each former family name needs at least one letter");
            }
        }
        return names;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("is not a date in the form YYYY-MM-DD");
        }
    }

    private LocalDate pastDate(String text) {
        LocalDate date = date(text);
        if (date.isAfter(today)) {
            throw new InvalidValueException("is in the future");
        }
        return date;
    }

    private LocalDate birthDate(String text) {
        LocalDate date = pastDate(text);
        if (date.isBefore(EARLIEST_BIRTH)) {
            throw new InvalidValueException("is before 1990-01-01");
        }
        return date;
    }

    /** Collects faults for one row. */
    private final class Check {
        private final long line;
        private final Map<FeedColumn, String> values;
        private final List<Reject> rejects = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        Check(long line, Map<FeedColumn, String> values) {
            this.line = line;
            this.values = values;
        }

        void fail(FeedColumn column, String reason) {
            String recordId = values.getOrDefault(RECORD_ID, "");
            rejects.add(new Reject(line, recordId, column.header(), reason));
        }

        /** The column's text as sent, or null when absent; too long or control characters are faults. */
        String text(FeedColumn column) {
            String value = values.get(column);
            if (value == null) {
                return null;
            }
            if (value.length() > column.maxLength()) {
                fail(column, column.header() + " is longer than " + column.maxLength() + " characters");
                return null;
            }
            if (CONTROL.matcher(value).find()) {
                fail(
                        column,
                        column.header()
                                + " holds a control character or bytes that are not UTF-8 (is the file UTF-8?)");
                return null;
            }
            // A quoted line break or tab inside a value is folded to one space: a field is one line on a page.
            return LINE_BREAKS.matcher(value).replaceAll(" ").strip();
        }

        <T> Optional<T> parse(FeedColumn column, Function<String, T> parser) {
            String value = text(column);
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(parser.apply(value));
            } catch (InvalidValueException e) {
                String message = e.getMessage();
                fail(column, message.startsWith("is ") ? column.header() + " " + message : message);
                return Optional.empty();
            }
        }

        String name(FeedColumn column, boolean required) {
            String value = text(column);
            if (value == null) {
                if (required && !values.containsKey(column)) {
                    fail(column, column.header() + " is required for an upsert");
                }
                return null;
            }
            if (value.codePoints().noneMatch(Character::isLetter)) {
                fail(column, column.header() + " needs at least one letter");
                return null;
            }
            return value;
        }

        Optional<FeedRow.Carer> carer(FeedColumn name, FeedColumn relationship, FeedColumn phone, FeedColumn email) {
            String carerName = text(name);
            String carerRelationship = text(relationship);
            String carerPhone = contact(phone, PHONE, "a phone number of 10-20 digits, spaces, brackets or hyphens");
            String carerEmail = contact(email, EMAIL, "an email address");
            if (carerName == null) {
                if (carerRelationship != null || carerPhone != null || carerEmail != null) {
                    fail(name, name.header() + " is required when any other detail of that person is given");
                }
                return Optional.empty();
            }
            return Optional.of(new FeedRow.Carer(carerName, carerRelationship, carerPhone, carerEmail));
        }

        String contact(FeedColumn column, Pattern form, String expected) {
            String value = text(column);
            if (value != null && !form.matcher(value).matches()) {
                fail(column, column.header() + " is not " + expected);
                return null;
            }
            return value;
        }

        Optional<FeedRow.Service> service(boolean consent) {
            var type = parse(SERVICE_TYPE, ServiceType::fromFeed);
            String orgCode = text(SERVICE_ORG_CODE);
            String name = text(SERVICE_NAME);
            String practitioner = text(PRACTITIONER_NAME);
            String phone =
                    contact(PRACTITIONER_PHONE, PHONE, "a phone number of 10-20 digits, spaces, brackets or hyphens");
            String email = contact(PRACTITIONER_EMAIL, EMAIL, "an email address");
            var start = parse(SERVICE_START_DATE, RowValidator::date);
            boolean lead = parse(LEAD_PROFESSIONAL, RowValidator::bool).orElse(false);
            var caf = parse(CAF_COMPLETED_DATE, RowValidator.this::pastDate);
            if (type.isEmpty()) {
                if (!values.containsKey(SERVICE_TYPE)) {
                    for (FeedColumn detail : List.of(
                            SERVICE_ORG_CODE,
                            SERVICE_NAME,
                            PRACTITIONER_NAME,
                            PRACTITIONER_PHONE,
                            PRACTITIONER_EMAIL,
                            SERVICE_START_DATE,
                            LEAD_PROFESSIONAL,
                            CAF_COMPLETED_DATE)) {
                        if (values.containsKey(detail)) {
                            fail(detail, detail.header() + " is given without a service_type");
                        }
                    }
                }
                return Optional.empty();
            }
            if (lead && practitioner == null) {
                fail(LEAD_PROFESSIONAL, "lead_professional is true but no practitioner_name is given");
            }
            if (type.get().sensitive() && !consent) {
                warnings.add(type.get().feedCode()
                        + " is a sensitive service and consent_recorded is not true: the child's details load,"
                        + " the service does not");
                return Optional.empty();
            }
            return Optional.of(
                    new FeedRow.Service(type.get(), orgCode, name, practitioner, phone, email, start, lead, caf));
        }
    }
}
