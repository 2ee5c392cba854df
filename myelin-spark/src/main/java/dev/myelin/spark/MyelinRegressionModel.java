package dev.myelin.spark;

import dev.myelin.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/** The model {@link MyelinRegressor} fits: appends {@code prediction}, the network's output. */
public final class MyelinRegressionModel extends MyelinModel<MyelinRegressionModel> {

    public MyelinRegressionModel(String uid, Model model) {
        super(uid, model);
    }

    @Override
    Outputs outputs() {
        return Outputs.VALUE;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        MyelinEstimator.requireVector(schema, getFeaturesCol());
        return MyelinEstimator.addColumn(schema, getPredictionCol(), MyelinEstimator.doubleType());
    }

    @Override
    public MyelinRegressionModel copy(ParamMap extra) {
        return copyValues(new MyelinRegressionModel(uid(), myelinModel()), extra).setParent(parent());
    }

    public static MLReader<MyelinRegressionModel> read() {
        return new MyelinModelWriter.Reader<>(MyelinRegressionModel.class, MyelinRegressionModel::new);
    }

    public static MyelinRegressionModel load(String path) {
        return read().load(path);
    }
}
