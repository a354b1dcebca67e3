package uk.contactpoint.matching;

/**
 * How a model is trained.
 *
 * @param seed seeds the random pairs that estimate the u-probabilities, so that training is repeatable
 * @param randomPairs how many random pairs to sample for the u-probabilities
 * @param trainingPairs the most pairs each EM session samples
 * @param maxIterations the most EM iterations; EM usually converges in far fewer
 * @param maxBlockSize blocks larger than this are skipped when generating the candidate pairs EM trains on
 */
public record TrainingOptions(long seed, int randomPairs, int trainingPairs, int maxIterations, int maxBlockSize) {
    public static final TrainingOptions DEFAULT = new TrainingOptions(1L, 2_000_000, 2_000_000, 50, 300);

    public TrainingOptions {
        if (randomPairs < 1000 || trainingPairs < 1000 || maxIterations < 1 || maxBlockSize < 2) {
            throw new IllegalArgumentException("at least 1,000 random pairs, one iteration, and blocks of two");
        }
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(value, randomPairs, trainingPairs, maxIterations, maxBlockSize);
    }
}
