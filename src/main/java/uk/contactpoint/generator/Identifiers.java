package uk.contactpoint.generator;

import java.util.random.RandomGenerator;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Upn;

/** Valid identifiers, check characters included, for synthetic data and tests. */
public final class Identifiers {
    private Identifiers() {}

    /**
     * A valid NHS number from the 4xx range that England also issues. The generated population draws from 6xx, so the
     * two never clash.
     */
    public static NhsNumber nhsNumber(RandomGenerator random) {
        while (true) {
            String nine = String.valueOf(400_000_000 + random.nextInt(100_000_000));
            int check = NhsNumber.checkDigit(nine);
            if (check >= 0) {
                return new NhsNumber(nine + check);
            }
        }
    }

    /** A valid UPN with its DfE check letter. */
    public static Upn upn(RandomGenerator random) {
        String digits = String.format(
                "%03d%04d%02d%03d",
                201 + random.nextInt(700), 2000 + random.nextInt(5000), random.nextInt(100), random.nextInt(1000));
        return new Upn(Upn.checkLetter(digits) + digits);
    }
}
