package uk.contactpoint.matching;

import java.util.Map;

/**
 * A model with plausible fixed parameters (close to what training learns on generated data), for unit tests that
 * must not depend on training.
 */
final class TestModels {
    private TestModels() {}

    static MatchModel plausible() {
        double[][] m = new double[Field.COUNT][];
        double[][] u = new double[Field.COUNT][];
        m[Field.GIVEN_NAME.ordinal()] =
                new double[] {0, 0.23, 0.69, 0.003, 0.005, 0.045, 0.012, 0.011, 1e-5, 1e-5, 2e-4};
        u[Field.GIVEN_NAME.ordinal()] =
                new double[] {0, 5e-5, 0.0099, 0.0013, 0.0078, 0.005, 0.0038, 0.0014, 1e-5, 2e-4, 0.97};
        m[Field.FAMILY_NAME.ordinal()] = new double[] {0, 0.96, 0.0067, 0.006, 0.01, 0.008, 1e-5, 1e-5, 0.008};
        u[Field.FAMILY_NAME.ordinal()] = new double[] {0, 0.037, 0.0027, 0.0005, 0.001, 0.0005, 5e-5, 3e-4, 0.958};
        m[Field.DATE_OF_BIRTH.ordinal()] = new double[] {0, 0.986, 0.004, 0.0077, 0.0018, 1e-5, 1e-5};
        u[Field.DATE_OF_BIRTH.ordinal()] = new double[] {0, 1.7e-4, 6.5e-5, 3.3e-4, 3.1e-4, 0.0046, 0.9945};
        m[Field.ADDRESS.ordinal()] = new double[] {0, 0.958, 1e-5, 1e-5, 0.0018, 0.02, 0.019};
        u[Field.ADDRESS.ordinal()] = new double[] {0, 1.7e-5, 1e-6, 5e-6, 5.5e-4, 0.0049, 0.9945};
        m[Field.GENDER.ordinal()] = new double[] {0, 0.9999, 1e-4};
        u[Field.GENDER.ordinal()] = new double[] {0, 0.5, 0.5};
        m[Field.NHS_NUMBER.ordinal()] = new double[] {0, 0.9999, 1e-5};
        u[Field.NHS_NUMBER.ordinal()] = new double[] {0, 3.5e-6, 0.9999965};
        m[Field.UPN.ordinal()] = new double[] {0, 0.9999, 1e-5};
        u[Field.UPN.ordinal()] = new double[] {0, 5.8e-6, 0.9999942};
        return new MatchModel(
                null,
                m,
                u,
                -17.0,
                Map.of("MUHAMMAD", 0.033, "AMELIA", 0.01, "ZEPHYRINE", 4e-6),
                Map.of("KHAN", 0.013, "SMITH", 0.04, "OBRIEN", 0.001, "VANTERPOOL", 4e-6),
                4e-6,
                NameVariants.standard());
    }
}
