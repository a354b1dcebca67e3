package uk.contactpoint.kernel;

/** The code of a source system that sends feeds, for example {@code nhs-pds} or {@code la-380-socialcare}. */
public record SourceCode(String value) {
    public SourceCode {
        if (value == null || !value.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            throw new InvalidValueException(
                    "a source code is 2-40 lower-case letters, digits and hyphens, starting with a letter or digit");
        }
    }

    public static SourceCode of(String text) {
        return new SourceCode(text == null ? null : text.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
