package dev.tav.examples.quality;

/** The configurations the quality benchmark compares (issue #6): full Tune-A-Video and its ablations. */
public enum Variant {
    /** Tuned with sparse-causal attention, edited from the DDIM inversion of the source. */
    FULL("Tune-A-Video"),
    /** The untuned inflated model (fresh temporal layers add nothing), from the inversion, sparse-causal attention. */
    NO_TUNING("without tuning"),
    /** Tuned, sampled from seeded noise instead of the inversion. */
    NO_INVERSION("without inversion"),
    /** Tuned and sampled with spatial self-attention instead of sparse-causal (temporal layers still tuned). */
    SPATIAL_ATTENTION("without spatio-temporal attention"),
    /** The pretrained text-to-image model frame by frame: untuned, spatial attention, independent noise per frame. */
    FRAME_BY_FRAME("text-to-image frame by frame");

    private final String label;

    Variant(String label) {
        this.label = label;
    }

    /** @return the row label of the report */
    public String label() {
        return label;
    }
}
