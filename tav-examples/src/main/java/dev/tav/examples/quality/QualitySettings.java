package dev.tav.examples.quality;

/**
 * How the quality benchmark tunes and samples.
 *
 * @param cases how many of the quality set's source videos to use, from the first, in {@code [1, 12]}
 * @param tuneSteps tuning steps per source video, {@code >= 1}
 * @param tuneLearningRate the tuning learning rate, {@code > 0}
 * @param steps DDIM sampling steps, {@code >= 1}
 * @param inversionSteps DDIM inversion steps, {@code >= 1}
 * @param guidanceScale classifier-free guidance scale, {@code >= 1}
 * @param seed the seed of tuning draws and of sampling noise
 */
public record QualitySettings(int cases, int tuneSteps, double tuneLearningRate, int steps, int inversionSteps,
        double guidanceScale, long seed) {
    /** Validates the settings, naming the one that is wrong. */
    public QualitySettings {
        if (cases < 1 || cases > 12) {
            throw new IllegalArgumentException("cases must be in [1, 12], got " + cases);
        }
        if (tuneSteps < 1 || steps < 1 || inversionSteps < 1) {
            throw new IllegalArgumentException("tuneSteps, steps and inversionSteps must be >= 1");
        }
        if (!(tuneLearningRate > 0) || !(guidanceScale >= 1)) {
            throw new IllegalArgumentException("tuneLearningRate must be > 0 and guidanceScale >= 1");
        }
    }
}
