package uk.contactpoint.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The misuse rules' settings ({@code contactpoint.misuse.*}). A bad value stops the service at start-up with the
 * property's name and the reason.
 *
 * @param searchesPerDay a user's searches in one day above which the volume rule fires
 * @param fishingSearches searches in one day with no record opened at all, at or above which the fishing rule fires
 * @param quietHoursStart the hour (0-23) from which activity is unusual
 * @param quietHoursEnd the hour (0-23) until which activity is unusual
 * @param outOfAreaViewsPerDay records of children living outside the user's authority opened in one day above which
 *     the out-of-area rule fires (0: any one)
 * @param suspendOn the rules whose alert suspends the account at once
 */
@Validated
@ConfigurationProperties("contactpoint.misuse")
public record MisuseRules(
        @Min(1) int searchesPerDay,
        @Min(1) int fishingSearches,
        @Min(0) @Max(23) int quietHoursStart,
        @Min(0) @Max(23) int quietHoursEnd,
        @Min(0) int outOfAreaViewsPerDay,
        @NotNull Set<Rule> suspendOn) {

    public enum Rule {
        VOLUME,
        FISHING,
        SHIELD_OVERRIDE,
        UNUSUAL_HOURS,
        OUT_OF_AREA,
        OWN_FAMILY
    }
}
