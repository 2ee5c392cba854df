package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.Model;
import dev.myelin.tensor.Matrix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Myelin network as a Spark ML {@link org.apache.spark.ml.Model}: {@link #transform} appends
 * the prediction columns, computed by the Myelin engine on each executor in batches of
 * {@value #CHUNK} rows (the network travels as its safetensors bytes, in a broadcast). Saved with
 * {@link #write()} as Spark ML metadata plus the Myelin model file {@code model.safetensors}.
 */
public abstract class MyelinModel<M extends MyelinModel<M>> extends org.apache.spark.ml.Model<M> implements MLWritable {
    static final int CHUNK = 256;

    private final String uid;
    private final Model model;

    private final Param<String> featuresCol;
    private final Param<String> predictionCol;

    protected MyelinModel(String uid, Model model) {
        this.uid = uid;
        this.model = model;
        featuresCol = new Param<>(this, "featuresCol", "features column name (a Vector)");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The Myelin model: the network and its info (task, class names, provenance). */
    public Model myelinModel() {
        return model;
    }

    public Network network() {
        return model.network();
    }

    // The params themselves (Spark ML finds a stage's params through these public no-argument methods).
    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }

    @SuppressWarnings("unchecked")
    public M setFeaturesCol(String v) { set(featuresCol, v); return (M) this; }
    @SuppressWarnings("unchecked")
    public M setPredictionCol(String v) { set(predictionCol, v); return (M) this; }

    /** What this model appends to a row. */
    abstract Outputs outputs();

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<byte[]> bytes = sc.broadcast(ModelBytes.of(model));
        int featuresIndex = in.fieldIndex(getFeaturesCol());
        return dataset.toDF().mapPartitions(new Predict(bytes, featuresIndex, outputs()), Encoders.row(out));
    }

    /** Predicts a partition in chunks: rows → feature matrix → network → rows with the outputs appended. */
    private static final class Predict implements MapPartitionsFunction<Row, Row>, Serializable {
        private final Broadcast<byte[]> bytes;
        private final int featuresIndex;
        private final Outputs outputs;

        Predict(Broadcast<byte[]> bytes, int featuresIndex, Outputs outputs) {
            this.bytes = bytes;
            this.featuresIndex = featuresIndex;
            this.outputs = outputs;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Network network = ModelBytes.load(bytes.value(), "the model to predict with").network();
            int inputs = network.inputs();
            Matrix x = Matrix.zeros(CHUNK, inputs, network.precision());
            return new Iterator<>() {
                private final List<Row> pending = new ArrayList<>(CHUNK);
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < pending.size()) {
                        return true;
                    }
                    fill();
                    return next < pending.size();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return pending.get(next++);
                }

                private void fill() {
                    List<Row> batch = new ArrayList<>(CHUNK);
                    while (rows.hasNext() && batch.size() < CHUNK) {
                        batch.add(rows.next());
                    }
                    pending.clear();
                    next = 0;
                    if (batch.isEmpty()) {
                        return;
                    }
                    x.setRows(batch.size());
                    for (int r = 0; r < batch.size(); r++) {
                        Vector v = (Vector) batch.get(r).get(featuresIndex);
                        if (v.size() != inputs) {
                            throw new IllegalArgumentException("a features vector has " + v.size() + " values but the network expects "
                                    + inputs);
                        }
                        for (int c = 0; c < inputs; c++) {
                            x.set(r, c, v.apply(c));
                        }
                    }
                    Matrix y = network.predict(x);
                    for (int r = 0; r < batch.size(); r++) {
                        Row row = batch.get(r);
                        Object[] extra = outputs.of(y, r);
                        Object[] values = new Object[row.length() + extra.length];
                        for (int c = 0; c < row.length(); c++) {
                            values[c] = row.get(c);
                        }
                        System.arraycopy(extra, 0, values, row.length(), extra.length);
                        pending.add(RowFactory.create(values));
                    }
                }
            };
        }
    }

    @Override
    public MLWriter write() {
        return new MyelinModelWriter(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(uid=" + uid + ", " + model.network().parameterCount() + " parameters)";
    }
}
