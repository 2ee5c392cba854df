package dev.myelin.spark;

import dev.myelin.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/** The model {@link MyelinClassifier} fits: appends {@code prediction} (class index) and {@code probability} (softmax). */
public final class MyelinClassificationModel extends MyelinModel<MyelinClassificationModel> {
    private final Param<String> probabilityCol = new Param<>(this, "probabilityCol", "column of class probabilities (a Vector)");

    public MyelinClassificationModel(String uid, Model model) {
        super(uid, model);
        setDefault(probabilityCol, "probability");
    }

    // The params themselves (Spark ML finds a stage's params through these public no-argument methods).
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public String getProbabilityCol() { return getOrDefault(probabilityCol); }

    public MyelinClassificationModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    /** The number of classes k (the network's outputs). */
    public int numClasses() {
        return network().outputs();
    }

    @Override
    Outputs outputs() {
        return Outputs.CLASSES;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        MyelinEstimator.requireVector(schema, getFeaturesCol());
        return MyelinEstimator.addColumn(MyelinEstimator.addColumn(schema, getPredictionCol(), MyelinEstimator.doubleType()),
                getProbabilityCol(), SQLDataTypes.VectorType());
    }

    @Override
    public MyelinClassificationModel copy(ParamMap extra) {
        return copyValues(new MyelinClassificationModel(uid(), myelinModel()), extra).setParent(parent());
    }

    public static MLReader<MyelinClassificationModel> read() {
        return new MyelinModelWriter.Reader<>(MyelinClassificationModel.class, MyelinClassificationModel::new);
    }

    public static MyelinClassificationModel load(String path) {
        return read().load(path);
    }
}
