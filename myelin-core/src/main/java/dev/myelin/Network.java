package dev.myelin;

import dev.myelin.data.Dataset;
import dev.myelin.io.ModelInfo;
import dev.myelin.io.NetworkJson;
import dev.myelin.layers.Layer;
import dev.myelin.nn.Sequential;
import dev.myelin.tensor.Precision;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A feed-forward network: a list of layers applied in order (notes 002: "each layer of a neural
 * network is connected to the next layer"). The engine — layers, forward and backward pass, loss,
 * prediction, parameters — is {@link Sequential}; a {@code Network} adds what a user calls on it:
 * {@link #builder}, {@link #save}/{@link #load}, {@link #toJson}/{@link #fromJson} and {@link #fit}.
 * Training configuration lives in {@link Training}, the loop in {@link Trainer}.
 *
 * <p>Shapes: inputs are batch rows × {@link #inputs()} features, outputs rows × {@link #outputs()}.
 * A network keeps workspaces between calls and is not safe for concurrent use: give each thread a
 * {@link #copy()}.
 */
public final class Network extends Sequential {

    Network(int inputs, List<Layer> layers, Precision precision, long seed) {
        super(inputs, layers, precision, seed);
    }

    /**
     * {@code engine} as a {@code Network}: itself if it is one (the {@code Sequential} a training loop
     * hands its listeners is the {@code Network} that was trained), else a network over the same layers
     * (a file format or a tool that only knows the engine built it). The layers are shared, not copied:
     * an update through one is seen through the other; {@link #copy()} the result for an independent network.
     */
    public static Network of(Sequential engine) {
        return engine instanceof Network n ? n : new Network(engine.inputs(), engine.layers(), engine.precision(), engine.seed());
    }

    /** Starts a network with {@code inputs} input features. */
    public static NetworkBuilder builder(int inputs) {
        return new NetworkBuilder(inputs);
    }

    /** Assembles a network from ready layers (for tools that build layers themselves). */
    public static Network of(int inputs, List<Layer> layers, Precision precision, long seed) {
        return new Network(inputs, layers, precision, seed);
    }

    /**
     * Reads the JSON network format (see {@link NetworkJson}) in float32, with seed 42 for layers
     * given without weights and for dropout masks. The format has no seed field (it is an external
     * contract): {@link #fromJson(String, Precision, long)} gives the network back its seed.
     */
    public static Network fromJson(String json) {
        return of(NetworkJson.read(json, Precision.FLOAT32, 42));
    }

    /** Reads the JSON network format in the given precision, with seed 42. */
    public static Network fromJson(String json, Precision precision) {
        return of(NetworkJson.read(json, precision, 42));
    }

    /**
     * Reads the JSON network format in the given precision with the given seed: {@code
     * Network.fromJson(net.toJson(), net.precision(), net.seed())} is the same network, bit for bit,
     * with the same seed and dropout states.
     */
    public static Network fromJson(String json, Precision precision, long seed) {
        return of(NetworkJson.read(json, precision, seed));
    }

    /** This network in the JSON network format, weights included (the seed is {@link #seed()}, not in the text). */
    public String toJson() {
        return NetworkJson.write(this);
    }

    /**
     * Saves this network atomically, by the file name's extension: {@code .json} writes the JSON
     * network format (weights included; that format holds no seed or provenance); any other name, by
     * convention {@code .safetensors}, writes a model file with the configuration, the seed and
     * provenance naming the library version ({@code {"library": "myelin 0.1.0", "seed": "42"}}).
     * To save class names, a scaler or other model info, save a {@link Model} with {@link ModelFile}.
     *
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        if (isJson(file)) {
            ModelFile.save(file, Model.of(this));
            return;
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("library", Version.library());
        provenance.put("seed", Long.toString(seed()));
        ModelInfo info = new ModelInfo(ModelInfo.inferTask(this), List.of(), null, List.of(), null, List.of(), provenance);
        ModelFile.save(file, new Model(this, info));
    }

    /**
     * Loads a network saved by {@link #save} or {@link ModelFile#save} ({@code .safetensors} or
     * {@code .json}, recognized by content), in the precision it was stored in (JSON: float32), with
     * the seed the file records (JSON: 42). Every problem is a {@link dev.myelin.io.ModelFormatException}
     * naming the file.
     *
     * @throws IOException if the file cannot be read or is not a valid model
     */
    public static Network load(Path file) throws IOException {
        return ModelFile.load(file).network();
    }

    private static boolean isJson(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** Trains on {@code data} as {@code training} says; returns the per-epoch history. */
    public History fit(Dataset data, Training training) {
        return new Trainer(this, training).fit(data);
    }

    /** Trains on examples {@code x} with targets {@code y}. */
    public History fit(double[][] x, double[][] y, Training training) {
        return fit(Dataset.of(x, y), training);
    }

    /** A deep copy: same configuration and parameter values, fresh workspaces. */
    @Override
    public Network copy() {
        return new Network(inputs(), copyLayers(), precision(), seed());
    }
}
