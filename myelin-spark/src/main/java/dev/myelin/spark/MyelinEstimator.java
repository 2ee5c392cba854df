package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Precision;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The parameters shared by {@link MyelinClassifier} and {@link MyelinRegressor}, with Spark ML's
 * conventions: each is a {@link Param} with a getter named after it, a {@code setX} and a default.
 * The network is {@code features → [dense(h, activation) → dropout]* → dense(outputs, task's output)};
 * training is Myelin's, synchronous and data-parallel over {@code numTasks} barrier tasks
 * ({@link DataParallelTrainer}).
 */
public abstract class MyelinEstimator<M extends MyelinModel<M>, S extends MyelinEstimator<M, S>> extends Estimator<M> {
    private final String uid;

    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final IntParam batchSize;
    private final IntParam epochs;
    private final DoubleParam dropout;
    private final DoubleParam l2;
    private final LongParam seed;
    private final Param<String> precision;
    private final IntParam numTasks;
    private final Param<String> checkpointDir;
    private final Param<String> schedule;
    private final DoubleParam validationSplit;
    private final IntParam earlyStoppingPatience;

    protected MyelinEstimator(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column name (a Vector)");
        labelCol = new Param<>(this, "labelCol", "label column name (a number)");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        layers = new IntArrayParam(this, "layers", "hidden layer sizes, e.g. [128, 64]");
        activation = new Param<>(this, "activation", "hidden layers' activation (relu, tanh, sigmoid, gelu, ...)");
        optimizer = new Param<>(this, "optimizer", "optimizer: " + String.join(", ", Optimizers.NAMES));
        learningRate = new DoubleParam(this, "learningRate", "learning rate (default: the optimizer's usual one)");
        batchSize = new IntParam(this, "batchSize", "examples per global batch, summed over the tasks");
        epochs = new IntParam(this, "epochs", "passes over the training data");
        dropout = new DoubleParam(this, "dropout", "dropout rate after each hidden layer, in [0, 1)");
        l2 = new DoubleParam(this, "l2", "L2 weight penalty");
        seed = new LongParam(this, "seed", "seed of the initial weights, shuffles and dropout");
        precision = new Param<>(this, "precision", "float32 or float64");
        numTasks = new IntParam(this, "numTasks", "barrier tasks training in parallel (0: the cluster's default parallelism)");
        schedule = new Param<>(this, "schedule", "learning-rate schedule over the epochs: constant, or cosine (down to 0 at the last epoch)");
        validationSplit = new DoubleParam(this, "validationSplit",
            "fraction of each task's rows held out for val_loss and val_accuracy after every epoch, in [0, 1)");
        earlyStoppingPatience = new IntParam(this, "earlyStoppingPatience",
            "stop after this many epochs without improvement of val_loss (loss without validation) and restore the best epoch's weights; -1: off");
        checkpointDir = new Param<>(this, "checkpointDir",
            "a directory every task can read (local for local[N] or one host): a checkpoint per epoch, resumed after a failure");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(layers, new int[] {64});
        setDefault(activation, "relu");
        setDefault(optimizer, "adam");
        setDefault(batchSize, (Object) 128); // MLlib's blockSize; each step costs one all-reduce, so not smaller
        setDefault(epochs, (Object) 10);
        setDefault(dropout, (Object) 0.0);
        setDefault(l2, (Object) 0.0);
        setDefault(seed, (Object) 42L);
        setDefault(precision, "float32");
        setDefault(numTasks, (Object) 0);
        setDefault(checkpointDir, "");
        setDefault(schedule, "cosine");
        setDefault(validationSplit, (Object) 0.0);
        setDefault(earlyStoppingPatience, (Object) (-1));
    }

    @Override
    public String uid() {
        return uid;
    }

    // Getters (Spark ML's params() finds the Param-returning methods above by reflection; these read values).
    // The params themselves (Spark ML finds a stage's params through these public no-argument methods).
    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public IntArrayParam layers() {
        return layers;
    }

    public Param<String> activation() {
        return activation;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam epochs() {
        return epochs;
    }

    public DoubleParam dropout() {
        return dropout;
    }

    public DoubleParam l2() {
        return l2;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> precision() {
        return precision;
    }

    public IntParam numTasks() {
        return numTasks;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public Param<String> schedule() {
        return schedule;
    }

    public DoubleParam validationSplit() {
        return validationSplit;
    }

    public IntParam earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getLabelCol() { return getOrDefault(labelCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }
    public int[] getLayers() { return getOrDefault(layers); }
    public String getActivation() { return getOrDefault(activation); }
    public String getOptimizer() { return getOrDefault(optimizer); }
    public double getLearningRate() {
        return isDefined(learningRate) ? (Double) getOrDefault(learningRate) : Optimizers.defaultLearningRate(getOptimizer());
    }
    public int getBatchSize() { return (Integer) getOrDefault(batchSize); }
    public int getEpochs() { return (Integer) getOrDefault(epochs); }
    public double getDropout() { return (Double) getOrDefault(dropout); }
    public double getL2() { return (Double) getOrDefault(l2); }
    public long getSeed() { return (Long) getOrDefault(seed); }
    public String getPrecision() { return getOrDefault(precision); }
    public int getNumTasks() { return (Integer) getOrDefault(numTasks); }
    public String getCheckpointDir() { return getOrDefault(checkpointDir); }
    public String getSchedule() { return getOrDefault(schedule); }
    public double getValidationSplit() { return (Double) getOrDefault(validationSplit); }
    public int getEarlyStoppingPatience() { return (Integer) getOrDefault(earlyStoppingPatience); }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    public S setFeaturesCol(String v) { set(featuresCol, v); return self(); }
    public S setLabelCol(String v) { set(labelCol, v); return self(); }
    public S setPredictionCol(String v) { set(predictionCol, v); return self(); }
    public S setLayers(int... v) { set(layers, v); return self(); }
    public S setActivation(String v) { set(activation, v); return self(); }
    public S setOptimizer(String v) { set(optimizer, v); return self(); }
    public S setLearningRate(double v) { set(learningRate, (Object) v); return self(); }
    public S setBatchSize(int v) { set(batchSize, (Object) v); return self(); }
    public S setEpochs(int v) { set(epochs, (Object) v); return self(); }
    public S setDropout(double v) { set(dropout, (Object) v); return self(); }
    public S setL2(double v) { set(l2, (Object) v); return self(); }
    public S setSeed(long v) { set(seed, (Object) v); return self(); }
    public S setPrecision(String v) { set(precision, v); return self(); }
    public S setNumTasks(int v) { set(numTasks, (Object) v); return self(); }
    public S setCheckpointDir(String v) { set(checkpointDir, v); return self(); }
    public S setSchedule(String v) { set(schedule, v); return self(); }
    public S setValidationSplit(double v) { set(validationSplit, (Object) v); return self(); }
    public S setEarlyStoppingPatience(int v) { set(earlyStoppingPatience, (Object) v); return self(); }

    /** inputs → [dense(h, activation) → dropout]* → dense(outputs, output), seeded by {@link #seed}. */
    Network buildNetwork(int inputs, int outputs, Activation output) {
        Activation hidden = Activation.byName(getActivation().toLowerCase(Locale.ROOT));
        NetworkBuilder b = Network.builder(inputs).seed(getSeed()).precision(precisionValue());
        for (int units : getLayers()) {
            if (units < 1) {
                throw new IllegalArgumentException("layers must be positive sizes, got " + units + " in " + java.util.Arrays.toString(getLayers()));
            }
            b.dense(units, hidden);
            if (getDropout() > 0) {
                b.dropout(getDropout());
            }
        }
        return b.dense(outputs, output).build();
    }

    Precision precisionValue() {
        return switch (getPrecision().toLowerCase(Locale.ROOT)) {
            case "float32" -> Precision.FLOAT32;
            case "float64" -> Precision.FLOAT64;
            default -> throw new IllegalArgumentException("precision must be float32 or float64, got " + getPrecision());
        };
    }

    /** The settings the trainer needs, read once on the driver. */
    TrainerSettings trainerSettings(String loss) {
        double split = getValidationSplit();
        if (!(split >= 0 && split < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + split);
        }
        int patience = getEarlyStoppingPatience();
        if (patience < -1) {
            throw new IllegalArgumentException("earlyStoppingPatience must be ≥ 0, or -1 for off; got " + patience);
        }
        double[] rates = switch (getSchedule().toLowerCase(Locale.ROOT)) {
            case "constant" -> null;
            case "cosine" -> {
                // η_e = ½η(1 + cos(π·e/E)) for the E epochs (CosineAnnealingLR to 0 at epoch E)
                double[] r = new double[getEpochs()];
                for (int e = 0; e < r.length; e++) {
                    r[e] = 0.5 * getLearningRate() * (1 + Math.cos(Math.PI * e / getEpochs()));
                }
                yield r;
            }
            default -> throw new IllegalArgumentException("schedule must be constant or cosine, got " + getSchedule());
        };
        return new TrainerSettings(loss, getOptimizer(), getLearningRate(), 0, getL2(), 0, rates, getBatchSize(), getEpochs(), getSeed(),
                getNumTasks(), getCheckpointDir(), split,
                patience < 0 ? null : new TrainerSettings.Stopping(split > 0 ? "val_loss" : "loss", patience, 0, true));
    }

    /** Checks the input columns and appends the output columns. */
    @Override
    public StructType transformSchema(StructType schema) {
        requireVector(schema, getFeaturesCol());
        requireNumeric(schema, getLabelCol());
        return appendOutputs(schema);
    }

    /** The output columns this estimator's model adds. */
    protected abstract StructType appendOutputs(StructType schema);

    static void requireVector(StructType schema, String col) {
        DataType t = field(schema, col).dataType();
        if (!t.equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("the column " + col + " must be a Vector (e.g. from VectorAssembler), but it is " + t.simpleString());
        }
    }

    static void requireNumeric(StructType schema, String col) {
        DataType t = field(schema, col).dataType();
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException("the column " + col + " must be numeric, but it is " + t.simpleString());
        }
    }

    static StructField field(StructType schema, String col) {
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException("there is no column " + col + " (columns: " + String.join(", ", schema.fieldNames()) + ")");
        }
        return schema.apply(col);
    }

    static StructType addColumn(StructType schema, String col, DataType type) {
        if (java.util.Arrays.asList(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException("the output column " + col + " already exists");
        }
        return schema.add(col, type, false);
    }

    static DataType doubleType() {
        return DataTypes.DoubleType;
    }

    @Override
    public S copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
