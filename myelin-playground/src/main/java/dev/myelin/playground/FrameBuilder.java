package dev.myelin.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.Base64;
import java.util.List;

/**
 * Builds the frames a stream sends: epoch, losses, accuracy, the loss history, weights (per layer
 * {@code w} as rows of numbers, or in the page's stream {@code weights32}, see {@link #float32};
 * biases as numbers), and the
 * heatmaps — the output over a {@link Limits#OUTPUT_GRID}² grid of the plane and every neuron
 * (input features included) over a {@link Limits#NEURON_GRID}² grid.
 *
 * <p>While playing, a frame carries the heatmaps at most ten times a second, and only if computing
 * them takes at most a fifth of the session's time (for 8 × 32 neurons they cost ~20 ms); the page
 * keeps the previous ones, so the numbers, weights and links still move at the full frame rate.
 *
 * <p>Why the server computes the heatmaps: the page then draws what the Java engine computes, in
 * the same precision and with the same activations (ELU, GELU, softmax…), and stays a thin view.
 * The cost is two forward passes per frame (10,000 + 400 rows), well under a millisecond for the
 * default network; each value is sent as one byte (base64), about 6 KB per frame by default.
 *
 * <p>Byte encodings (0–255): binary output p ∈ [0, 1] → 255·p; regression value v → 255·(v − lo)/(hi − lo)
 * over the training targets' range; multi-class → the arg-max class per cell and 255·max p;
 * a neuron's activation a → 255·(t + 1)/2 with t = clamp(a/m, −1, 1), m = max(1, max |a| over the grid).
 */
final class FrameBuilder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private PlaygroundData cachedFor;
    private Matrix outputGrid;
    private Matrix neuronGrid;
    /** While playing, heatmaps are recomputed at most this often (10 pictures a second). */
    private static final long HEATMAP_NANOS = 100_000_000;
    private long lastHeatmaps;
    private long heatmapCost;
    private final boolean binaryWeights;

    /** Frames with the weights as JSON numbers ({@code w}: rows of numbers), for scripts. */
    FrameBuilder() {
        this(false);
    }

    /** With {@code binaryWeights}, each layer's weights are {@code weights32} ({@link #float32}), as the page's stream has them. */
    FrameBuilder(boolean binaryWeights) {
        this.binaryWeights = binaryWeights;
    }

    /** What computing the heatmaps cost the last time they were computed (ms). */
    double heatmapMillis() {
        return heatmapCost / 1e6;
    }

    /** The frame of {@code s}'s current state; {@code withPoints} adds the data points (sent when the data changes). */
    ObjectNode frame(Session s, boolean withPoints) {
        synchronized (s) {
            PlaygroundData d = s.data();
            Network net = s.network();
            if (cachedFor != d) {
                outputGrid = grid(d, Limits.OUTPUT_GRID);
                neuronGrid = grid(d, Limits.NEURON_GRID);
                cachedFor = d;
            }
            ObjectNode o = F.objectNode();
            o.put("type", "frame");
            o.put("epoch", s.epoch());
            // read before playing: a frame that counts the latest pause also sees its playing = false
            o.put("pauses", s.pauses());
            o.put("playing", s.playing());
            o.put("status", s.status());
            o.put("dataVersion", s.dataVersion());
            o.put("loss", s.loss().name());
            List<LossHistory.Point> h = s.history();
            LossHistory.Point last = s.last();
            o.put("trainLoss", last.trainLoss());
            o.put("testLoss", last.testLoss());
            if (!d.regression) {
                o.put("trainAccuracy", last.trainAccuracy());
                o.put("testAccuracy", last.testAccuracy());
                long[][] counts = s.confusion();
                if (counts != null) {
                    o.set("confusion", confusion(counts));
                }
            }
            o.set("history", history(h));
            o.set("network", network(net, d));
            long now = System.nanoTime();
            if (withPoints || !s.playing() || now - lastHeatmaps >= Math.max(4 * heatmapCost, HEATMAP_NANOS)) {
                o.set("output", output(net, d));
                o.set("neurons", neurons(net, d));
                lastHeatmaps = System.nanoTime();
                heatmapCost = lastHeatmaps - now;
            }
            if (withPoints) {
                o.set("data", points(d));
            }
            return o;
        }
    }

    private static Matrix grid(PlaygroundData d, int size) {
        Matrix m = Matrix.zeros(size * size, d.inputNames.size(), Precision.FLOAT64);
        double[] row = new double[d.inputNames.size()];
        for (int gy = 0; gy < size; gy++) {
            // row 0 of the picture is the top of the plane (largest v)
            double v = d.bounds[3] - (gy + 0.5) * (d.bounds[3] - d.bounds[2]) / size;
            for (int gx = 0; gx < size; gx++) {
                double u = d.bounds[0] + (gx + 0.5) * (d.bounds[1] - d.bounds[0]) / size;
                d.input(u, v, row);
                for (int j = 0; j < row.length; j++) {
                    m.set(gy * size + gx, j, row[j]);
                }
            }
        }
        return m;
    }

    private ObjectNode output(Network net, PlaygroundData d) {
        Matrix out = net.predict(outputGrid);
        int cells = out.rows();
        ObjectNode o = F.objectNode();
        o.put("size", Limits.OUTPUT_GRID);
        if (!d.regression && out.cols() > 1) {
            byte[] cls = new byte[cells], conf = new byte[cells];
            for (int i = 0; i < cells; i++) {
                int best = 0;
                for (int j = 1; j < out.cols(); j++) {
                    if (out.get(i, j) > out.get(i, best)) {
                        best = j;
                    }
                }
                cls[i] = (byte) best;
                conf[i] = toByte(out.get(i, best));
            }
            o.put("kind", "multi");
            o.put("classes", Base64.getEncoder().encodeToString(cls));
            o.put("values", Base64.getEncoder().encodeToString(conf));
            return o;
        }
        byte[] values = new byte[cells];
        double lo = d.targetRange[0], hi = d.targetRange[1];
        for (int i = 0; i < cells; i++) {
            values[i] = toByte((out.get(i, 0) - lo) / (hi - lo));
        }
        o.put("kind", d.regression ? "regression" : "binary");
        o.put("values", Base64.getEncoder().encodeToString(values));
        o.putArray("range").add(lo).add(hi);
        return o;
    }

    private ArrayNode neurons(Network net, PlaygroundData d) {
        ArrayNode all = F.arrayNode();
        int cells = neuronGrid.rows();
        for (int j = 0; j < neuronGrid.cols(); j++) {
            all.add(encode(neuronGrid, j, cells));
        }
        net.forward(neuronGrid, false);
        List<Layer> dense = SessionSetup.denseLayers(net);
        for (int l = 0; l < dense.size() - 1; l++) {
            Matrix a = dense.get(l).lastOutput();
            for (int j = 0; j < a.cols(); j++) {
                all.add(encode(a, j, cells));
            }
        }
        return all;
    }

    private static String encode(Matrix a, int col, int cells) {
        double m = 1;
        for (int i = 0; i < cells; i++) {
            m = Math.max(m, Math.abs(a.get(i, col)));
        }
        byte[] b = new byte[cells];
        for (int i = 0; i < cells; i++) {
            b[i] = toByte((a.get(i, col) / m + 1) / 2);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte toByte(double t) {
        if (!(t >= 0)) {
            return 0;
        }
        return (byte) Math.round(Math.min(1, t) * 255);
    }

    private static ArrayNode history(List<LossHistory.Point> h) {
        ArrayNode a = F.arrayNode();
        int max = 300;
        int n = h.size();
        int stride = Math.max(1, (n + max - 1) / max);
        for (int i = 0; i < n; i += stride) {
            add(a, h.get(i));
        }
        if ((n - 1) % stride != 0) {
            add(a, h.get(n - 1));
        }
        return a;
    }

    private static void add(ArrayNode a, LossHistory.Point p) {
        a.addArray().add(p.epoch()).add(r(p.trainLoss())).add(r(p.testLoss()));
    }

    private ObjectNode network(Network net, PlaygroundData d) {
        ObjectNode o = F.objectNode();
        ArrayNode inputs = o.putArray("inputs");
        d.inputNames.forEach(inputs::add);
        ArrayNode layers = o.putArray("layers");
        List<Layer> all = net.layers();
        for (int i = 0; i < all.size(); i++) {
            Layer dense = all.get(i);
            if (!SessionSetup.denseLayers(net).contains(dense)) {
                continue;
            }
            ObjectNode l = layers.addObject();
            l.put("units", dense.outputs());
            l.put("activation", dense.activation().name());
            l.put("dropout", i + 1 < all.size() ? dropoutRate(all.get(i + 1)) : 0);
            Matrix wm = dense.parameters().get(0).value();
            if (binaryWeights) {
                l.put("weights32", float32(wm));
            } else {
                ArrayNode w = l.putArray("w");
                for (int r = 0; r < wm.rows(); r++) {
                    ArrayNode row = w.addArray();
                    for (int c = 0; c < wm.cols(); c++) {
                        row.add(r(wm.get(r, c)));
                    }
                }
            }
            ArrayNode b = l.putArray("b");
            for (int c = 0; c < dense.outputs(); c++) {
                b.add(r(dense.parameters().get(1).value().get(0, c)));
            }
        }
        return o;
    }

    /**
     * A weight matrix [inputs][units] as base64 of its float32 values, row-major, little-endian: 7,264
     * weights of 8 × 32 neurons are 39 KB to encode in well under a millisecond, where JSON numbers
     * took 64 KB and ~10 ms to write (and the page as long to parse). The page shows 4 decimals.
     */
    static String float32(Matrix m) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * m.rows() * m.cols()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                buf.putFloat((float) m.get(r, c));
            }
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }

    /** The drop rate of a layer configured with a {@code "rate"} (dropout), else 0. */
    private static double dropoutRate(Layer layer) {
        ObjectNode config = F.objectNode();
        layer.writeConfig(config, false);
        return config.path("rate").asDouble(0);
    }

    /** The confusion matrix measured with the shown metrics ({@link Measurement}), as rows of counts. */
    private static ArrayNode confusion(long[][] counts) {
        ArrayNode a = F.arrayNode();
        for (long[] row : counts) {
            ArrayNode r = a.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        return a;
    }

    private static ObjectNode points(PlaygroundData d) {
        ObjectNode o = F.objectNode();
        o.put("regression", d.regression);
        ArrayNode names = o.putArray("classNames");
        d.classNames.forEach(names::add);
        ArrayNode b = o.putArray("bounds");
        for (double v : d.bounds) {
            b.add(r(v));
        }
        o.putArray("axes").add(d.planeNames[0]).add(d.planeNames[1]);
        o.putArray("range").add(d.targetRange[0]).add(d.targetRange[1]);
        o.set("train", pointList(d.trainPlane, d.trainTarget));
        o.set("test", pointList(d.testPlane, d.testTarget));
        return o;
    }

    private static ArrayNode pointList(double[][] plane, double[] target) {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < plane.length; i++) {
            a.addArray().add(r(plane[i][0])).add(r(plane[i][1])).add(r(target[i]));
        }
        return a;
    }

    /** Rounds to 5 significant-ish decimals to keep frames small. */
    static double r(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return Math.abs(v) >= 1e4 ? Math.rint(v) : Math.round(v * 1e5) / 1e5;
    }
}
