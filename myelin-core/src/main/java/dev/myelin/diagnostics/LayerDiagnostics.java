package dev.myelin.diagnostics;

import java.util.Locale;

/**
 * What {@link DiagnosticsListener} measured for one dense layer over one epoch (over the batches it
 * sampled).
 *
 * @param epoch 0-based epoch
 * @param layer 0-based layer index in the network
 * @param activation the layer's activation name
 * @param gradientNorm the mean over sampled batches of ‖∂E/∂W‖ = √(Σ g²), the weight gradient's
 *     Frobenius norm (the quantity that vanishes toward the input in a deep sigmoid network)
 * @param updateRatio the mean over sampled batches of ‖ΔW‖/‖W‖, the update-to-weight ratio (about
 *     1e-3 is healthy; far above means too large a learning rate, far below a stalled layer)
 * @param activationMean the mean of the layer's activations a over sampled examples and units
 * @param activationStd their standard deviation
 * @param saturatedFraction for sigmoid, the fraction of activations with a &lt; 0.01 or a &gt; 0.99; for
 *     tanh, with |a| &gt; 0.99 (there g'(z) is nearly 0 and learning stalls); NaN for other activations
 * @param deadFraction for ReLU, the fraction of units that were never positive on any sampled example of
 *     the epoch (a dead unit passes no gradient); NaN for other activations
 */
public record LayerDiagnostics(int epoch, int layer, String activation, double gradientNorm, double updateRatio,
        double activationMean, double activationStd, double saturatedFraction, double deadFraction) {

    /** A compact form for epoch lines: {@code L0 |g|=1.2e-03 upd=4.1e-04 a=0.52±0.21 sat=3%}. */
    public String brief() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "L%d |g|=%.2e upd=%.2e a=%.3g±%.3g", layer, gradientNorm,
                updateRatio, activationMean, activationStd));
        if (!Double.isNaN(saturatedFraction)) {
            b.append(String.format(Locale.ROOT, " sat=%.1f%%", 100 * saturatedFraction));
        }
        if (!Double.isNaN(deadFraction)) {
            b.append(String.format(Locale.ROOT, " dead=%.1f%%", 100 * deadFraction));
        }
        return b.toString();
    }
}
