package uk.contactpoint.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.ServiceType;

class FeedReaderTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final String HEADER = "record_id,nhs_number,given_names,family_name,date_of_birth,gender,postcode";

    static List<FeedReader.Result> read(byte[] bytes) {
        try (var reader = FeedReader.open(new ByteArrayInputStream(bytes), TODAY)) {
            List<FeedReader.Result> results = new ArrayList<>();
            reader.forEach(results::add);
            return results;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<FeedReader.Result> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    static FeedRow accepted(FeedReader.Result result) {
        assertThat(result).isInstanceOf(FeedReader.Accepted.class);
        return ((FeedReader.Accepted) result).row();
    }

    static List<Reject> rejected(FeedReader.Result result) {
        assertThat(result).isInstanceOf(FeedReader.Rejected.class);
        return ((FeedReader.Rejected) result).reasons();
    }

    @Test
    void the_example_of_the_feed_format_loads() {
        var results = read("""
                record_id,nhs_number,given_names,family_name,date_of_birth,gender,address_line_1,town,postcode,service_type,service_org_code
                pds-0001,943 476 5919,Amelia Rose,O'Brien,2016-03-09,female,12 Mill Lane,Leeds,LS6 2AB,gp,B86001
                """);
        FeedRow row = accepted(results.getFirst());
        assertThat(row.line()).isEqualTo(2);
        assertThat(row.nhsNumber())
                .hasValueSatisfying(n -> assertThat(n.value()).isEqualTo("9434765919"));
        assertThat(row.familyName()).isEqualTo("O'Brien");
        assertThat(row.gender()).contains(Gender.FEMALE);
        assertThat(row.address().postcode())
                .hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("LS6 2AB"));
        assertThat(row.service()).hasValueSatisfying(s -> {
            assertThat(s.type()).isEqualTo(ServiceType.GP);
            assertThat(s.organisationCode()).isEqualTo("B86001");
        });
    }

    @Test
    void a_bad_row_is_rejected_with_its_line_column_and_reason_and_the_rest_still_loads() {
        var results = read(HEADER + "\n"
                + "a1,943 476 5918,Amelia,Smith,2016-03-09,F,LS6 2AB\n"
                + "a2,,Ben,Jones,2031-01-01,M,LS6 2AB\n"
                + "a3,,Cara,Lee,2016-02-30,X,nowhere\n"
                + "a4,,Dan,Ng,2015-05-05,M,ls62ab\n");
        assertThat(rejected(results.get(0)))
                .containsExactly(new Reject(2, "a1", "nhs_number", "the NHS number's check digit is wrong"));
        assertThat(rejected(results.get(1)))
                .containsExactly(new Reject(3, "a2", "date_of_birth", "date_of_birth is in the future"));
        assertThat(rejected(results.get(2)))
                .extracting(Reject::column)
                .containsExactly("date_of_birth", "gender", "postcode");
        assertThat(accepted(results.get(3)).address().postcode().orElseThrow().value())
                .isEqualTo("LS6 2AB");
    }

    @Test
    void columns_may_come_in_any_order() {
        var row = accepted(
                read("postcode,date_of_birth,family_name,given_names,record_id\nLS6 2AB,2016-03-09,Smith,Amy,z9\n")
                        .getFirst());
        assertThat(row.recordId()).isEqualTo("z9");
        assertThat(row.givenNames()).isEqualTo("Amy");
    }

    @Test
    void an_unknown_column_refuses_the_whole_file_by_name() {
        assertThatThrownBy(() -> read("record_id,given_names,family_nmae,date_of_birth\nx,A,B,2016-01-01\n"))
                .isInstanceOf(FeedRefusedException.class)
                .hasMessageContaining("'family_nmae'");
    }

    @Test
    void a_header_without_record_id_or_with_a_column_twice_is_refused() {
        assertThatThrownBy(() -> read("given_names,family_name\nA,B\n")).hasMessageContaining("no record_id column");
        assertThatThrownBy(() -> read("record_id,town,town\nx,a,b\n")).hasMessageContaining("'town' twice");
    }

    @Test
    void an_empty_file_is_refused() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(FeedRefusedException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void a_byte_order_mark_and_crlf_line_endings_are_read_as_a_plain_file() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = (HEADER + "\r\n" + "a1,,Amy,Smith,2016-03-09,F,LS6 2AB\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);
        var row = accepted(read(file).getFirst());
        assertThat(row.recordId()).isEqualTo("a1");
        assertThat(row.address().postcode()).isPresent();
    }

    @Test
    void a_quoted_newline_is_part_of_the_value_and_later_rows_keep_their_file_line_numbers() {
        var results = read("record_id,given_names,family_name,date_of_birth,address_line_1\n"
                + "a1,Amy,Smith,2016-03-09,\"Flat 2\nMill House\"\n"
                + "a2,Ben,Jones,2016-13-01,\n");
        assertThat(accepted(results.get(0)).address().line1()).isEqualTo("Flat 2 Mill House");
        assertThat(rejected(results.get(1)).getFirst().line()).isEqualTo(4);
    }

    @Test
    void a_record_id_used_twice_in_a_file_rejects_the_second_row() {
        var results = read(HEADER + "\na1,,Amy,Smith,2016-03-09,F,\na1,,Amy,Smith,2016-03-09,F,\n");
        accepted(results.get(0));
        assertThat(rejected(results.get(1)).getFirst().reason()).contains("earlier row");
    }

    @Test
    void a_truncated_last_line_is_rejected_and_the_rows_before_it_load() {
        var results = read(HEADER + "\na1,,Amy,Smith,2016-03-09,F,LS6 2AB\na2,,Ben,Jo");
        accepted(results.get(0));
        assertThat(rejected(results.get(1)).getFirst().reason()).contains("the header has 7 columns");
    }

    @Test
    void an_unclosed_quote_at_the_end_of_the_file_is_reported_not_thrown() {
        var results = read(HEADER + "\na1,,Amy,Smith,2016-03-09,F,LS6 2AB\na2,,\"Ben,Jo");
        accepted(results.get(0));
        assertThat(rejected(results.get(1)).getFirst().reason()).contains("quote");
    }

    @Test
    void bytes_that_are_not_utf8_reject_their_row_only() {
        byte[] latin1 = (HEADER + "\na1,,Zo\u00eb,Smith,2016-03-09,F,\na2,,Amy,Smith,2016-03-09,F,\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        var results = read(latin1);
        assertThat(rejected(results.get(0)).getFirst().reason()).contains("not UTF-8");
        accepted(results.get(1));
    }

    @Test
    void an_upsert_needs_names_and_a_date_of_birth_but_a_delete_needs_only_its_record_id() {
        var results = read("record_id,action,given_names,family_name,date_of_birth\na1,upsert,,,\na2,delete,,,\n");
        assertThat(rejected(results.get(0)))
                .extracting(Reject::column)
                .containsExactly("given_names", "family_name", "date_of_birth");
        assertThat(accepted(results.get(1)).action()).isEqualTo(FeedRow.Action.DELETE);
    }

    @Test
    void a_sensitive_service_without_consent_loads_the_child_but_not_the_service() {
        var results =
                read("record_id,given_names,family_name,date_of_birth,service_type,service_name,consent_recorded\n"
                        + "a1,Amy,Smith,2012-03-09,mental_health,CAMHS,\n"
                        + "a2,Ben,Smith,2012-03-09,mental_health,CAMHS,true\n");
        FeedRow withoutConsent = accepted(results.get(0));
        assertThat(withoutConsent.service()).isEmpty();
        assertThat(withoutConsent.warnings()).singleElement().asString().contains("sensitive");
        assertThat(accepted(results.get(1)).service()).isPresent();
    }

    @Test
    void dates_before_1990_deaths_before_birth_and_bad_identifiers_are_rejected() {
        var results = read("record_id,given_names,family_name,date_of_birth,date_of_death,upn,uprn\n"
                + "a1,Amy,Smith,1989-12-31,,,\n"
                + "a2,Amy,Smith,2016-03-09,2016-03-08,,\n"
                + "a3,Amy,Smith,2016-03-09,,A801200001001,1234567890123\n");
        assertThat(rejected(results.get(0)).getFirst().reason()).isEqualTo("date_of_birth is before 1990-01-01");
        assertThat(rejected(results.get(1)).getFirst().reason()).contains("before date_of_birth");
        assertThat(rejected(results.get(2))).extracting(Reject::column).containsExactly("upn", "uprn");
    }

    @Test
    void details_of_a_carer_or_a_service_without_a_name_or_type_are_rejected() {
        var results = read("record_id,given_names,family_name,date_of_birth,parent_1_phone,practitioner_name\n"
                + "a1,Amy,Smith,2016-03-09,07700 900123,Jo Bloggs\n");
        assertThat(rejected(results.getFirst()))
                .extracting(Reject::column)
                .containsExactly("parent_1_name", "practitioner_name");
    }

    @Test
    void a_record_id_must_be_printable_and_at_most_64_characters() {
        var results = read("record_id,given_names,family_name,date_of_birth\n" + "x".repeat(65) + ",A,B,2016-01-01\n"
                + "\" padded\",A,B,2016-01-01\n");
        assertThat(rejected(results.get(0)).getFirst().reason()).contains("longer than 64");
        assertThat(rejected(results.get(1)).getFirst().reason()).contains("printable");
    }
}
