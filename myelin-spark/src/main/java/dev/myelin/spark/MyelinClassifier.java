package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A multilayer perceptron classifier trained by Myelin on Spark, in place of MLlib's
 * {@code MultilayerPerceptronClassifier}: labels are class indices 0, 1, …, k−1 (as
 * {@code StringIndexer} makes them); the network ends in k softmax units and is trained on categorical
 * cross-entropy with any hidden activation and optimizer.
 *
 * <pre>{@code
 * MyelinClassifier mlp = new MyelinClassifier().setLayers(128).setEpochs(10).setBatchSize(128);
 * MyelinClassificationModel model = mlp.fit(train);   // adds "prediction" and "probability"
 * }</pre>
 */
public final class MyelinClassifier extends MyelinEstimator<MyelinClassificationModel, MyelinClassifier>
        implements DefaultParamsWritable {
    private final Param<String> probabilityCol = new Param<>(this, "probabilityCol", "column of class probabilities (a Vector)");

    public MyelinClassifier() {
        this(Identifiable.randomUID("myelinClassifier"));
    }

    public MyelinClassifier(String uid) {
        super(uid);
        setDefault(probabilityCol, "probability");
    }

    // The params themselves (Spark ML finds a stage's params through these public no-argument methods).
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public String getProbabilityCol() { return getOrDefault(probabilityCol); }

    public MyelinClassifier setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    @Override
    protected StructType appendOutputs(StructType schema) {
        return addColumn(addColumn(schema, getPredictionCol(), doubleType()), getProbabilityCol(), SQLDataTypes.VectorType());
    }

    @Override
    public MyelinClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        TrainingData data = TrainingData.of(dataset, getFeaturesCol(), getLabelCol(), true);
        int classes = data.classes();
        if (classes < 2) {
            throw new IllegalArgumentException("the label column " + getLabelCol() + " holds one class only; a classifier needs two or more");
        }
        Network network = buildNetwork(data.features(), classes, Activation.SOFTMAX);
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            classNames.add(Integer.toString(k));
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("trainer", "myelin-spark " + getClass().getSimpleName());
        provenance.put("seed", Long.toString(getSeed()));
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of(), getLabelCol(), classNames, null, List.of(), provenance);
        Model trained = new DataParallelTrainer(trainerSettings("categorical_cross_entropy")).fit(new Model(network, info), data);
        MyelinClassificationModel model = new MyelinClassificationModel(uid(), trained);
        model.setFeaturesCol(getFeaturesCol());
        model.setPredictionCol(getPredictionCol());
        model.setProbabilityCol(getProbabilityCol());
        return model.setParent(this);
    }

    public static MLReader<MyelinClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static MyelinClassifier load(String path) {
        return read().load(path);
    }
}
