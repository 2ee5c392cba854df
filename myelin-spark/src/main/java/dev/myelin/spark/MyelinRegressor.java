package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A multilayer perceptron regressor trained by Myelin on Spark (MLlib has none): one identity output
 * trained on {@code loss} (mse by default, or half_sse).
 */
public final class MyelinRegressor extends MyelinEstimator<MyelinRegressionModel, MyelinRegressor> implements DefaultParamsWritable {
    private final Param<String> loss = new Param<>(this, "loss", "mse or half_sse");

    public MyelinRegressor() {
        this(Identifiable.randomUID("myelinRegressor"));
    }

    public MyelinRegressor(String uid) {
        super(uid);
        setDefault(loss, "mse");
    }

    // The params themselves (Spark ML finds a stage's params through these public no-argument methods).
    public Param<String> loss() {
        return loss;
    }

    public String getLoss() { return getOrDefault(loss); }

    public MyelinRegressor setLoss(String v) {
        set(loss, v);
        return this;
    }

    @Override
    protected StructType appendOutputs(StructType schema) {
        return addColumn(schema, getPredictionCol(), doubleType());
    }

    @Override
    public MyelinRegressionModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        if (!getLoss().equals("mse") && !getLoss().equals("half_sse")) {
            throw new IllegalArgumentException("a regressor's loss must be mse or half_sse, got " + getLoss());
        }
        TrainingData data = TrainingData.of(dataset, getFeaturesCol(), getLabelCol(), false);
        Network network = buildNetwork(data.features(), 1, Activation.IDENTITY);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("trainer", "myelin-spark " + getClass().getSimpleName());
        provenance.put("seed", Long.toString(getSeed()));
        ModelInfo info = new ModelInfo(ModelInfo.REGRESSION, List.of(), getLabelCol(), List.of(), null, List.of(), provenance);
        Model trained = new DataParallelTrainer(trainerSettings(getLoss())).fit(new Model(network, info), data);
        MyelinRegressionModel model = new MyelinRegressionModel(uid(), trained);
        model.setFeaturesCol(getFeaturesCol());
        model.setPredictionCol(getPredictionCol());
        return model.setParent(this);
    }

    public static MLReader<MyelinRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static MyelinRegressor load(String path) {
        return read().load(path);
    }
}
