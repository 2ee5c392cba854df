package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.UsageException;
import dev.myelin.cli.data.DataSets;
import dev.myelin.cli.train.ResumeConfig;
import dev.myelin.cli.train.TrainRun;
import dev.myelin.cli.train.TrainSettings;
import dev.myelin.compute.Compute;
import dev.myelin.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin train}: trains a network on a data set and saves it. */
@Command(name = "train", sortOptions = false,
        description = {"Train a network on MNIST, a synthetic set or a CSV file, evaluate it, and save it.",
            "The task is inferred from the label column; multi-class → softmax + categorical cross-entropy, two classes → "
                    + "sigmoid + binary cross-entropy, regression → identity + mean squared error."},
        footer = {"", "Examples:",
            "  myelin train --data mnist                      (saves mnist.safetensors here)",
            "  myelin train --data spiral --layers 16,16 --activation tanh --epochs 300 --save spiral.safetensors",
            "  myelin train --data iris.csv --label species --report report/ --save iris.safetensors",
            "  myelin train --data mnist --layers 30 --activation sigmoid --loss half_sse --optimizer sgd --lr 3 --batch 10 "
                    + "--epochs 30 --validation-split 0 --save textbook.safetensors",
            "  myelin train --data examples/energy.csv --epochs 2000 --log-every 200",
            "  myelin train --resume checkpoints/"})
public final class TrainCommand extends BaseCommand {
    private static final Set<String> RESUME_FLAGS = Set.of("--resume", "--epochs", "--save", "--report", "--threads",
            "--checkpoint-dir", "--debug", "--quiet", "--log-every");

    @Option(names = "--data", paramLabel = "DATA",
            description = "mnist, circle, xor, gauss, spiral, plane, multigauss, or a CSV file with a header row.")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The CSV column to predict (default: the last column).")
    String label;

    @Option(names = "--ignore", paramLabel = "COLUMNS", split = ",",
            description = "CSV columns to leave out, e.g. id,name (default: none; every column but the label is a feature).")
    List<String> ignore;

    @Option(names = "--test", paramLabel = "FILE.csv", description = "A CSV test set, scored once after training.")
    Path test;

    @Option(names = "--test-split", paramLabel = "FRACTION",
            description = "Hold out this fraction of the data as a test set (default: 0; MNIST has its own test set).")
    double testSplit;

    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: inferred from the label column).")
    String task;

    @Option(names = "--layers", paramLabel = "SIZES",
            description = "Hidden layer sizes, e.g. 128,64; 'none' for no hidden layer (default: 256,128 for mnist, 32,16 otherwise).")
    String layers;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "Hidden activation: relu, tanh, sigmoid, leaky_relu, elu, gelu, softplus, identity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--output-activation", paramLabel = "NAME", description = "Override the output activation chosen for the task.")
    String outputActivation;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "mse, half_sse, binary_cross_entropy or categorical_cross_entropy (default: chosen for the task).")
    String loss;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "sgd, momentum, nesterov, adam, adamw, adagrad, rmsprop, adadelta (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's usual one; 0.001 for adam).")
    Double lr;

    @Option(names = "--lr-schedule", paramLabel = "NAME",
            description = "constant, or cosine: anneal the rate to 0 over the epochs (default: cosine for mnist, constant otherwise).")
    String lrSchedule;

    @Option(names = "--batch", paramLabel = "SIZE", description = "Examples per batch (default: 128 for mnist, 32 otherwise).")
    Integer batch;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default: 8 for mnist, 100 otherwise).")
    Integer epochs;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout after each hidden layer (default: 0.2 for mnist, 0 otherwise).")
    Double dropout;

    @Option(names = "--l1", paramLabel = "LAMBDA", description = "L1 weight penalty (default: 0).")
    double l1;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 weight penalty (default: 0).")
    double l2;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop after this many epochs without a better validation loss, keeping the best weights.")
    Integer earlyStopping;

    @Option(names = "--validation-split", paramLabel = "FRACTION",
            description = "Fraction of the training data held out for validation each epoch (default: 0.1; 0 for mnist, "
                    + "which has its own test set, unless --early-stopping needs a validation set).")
    Double validationSplit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the initial weights, dropout, shuffling, splits and synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-seed", paramLabel = "N",
            description = "Seed of the synthetic data and of the test and validation splits (default: --seed); "
                    + "the playground's exported command sets it to the playground's data seed.")
    Long dataSeed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix kernels (default: all processors).")
    Integer threads;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "float32",
            description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--scale", paramLabel = "KIND",
            description = "Feature scaling fitted on the training data: minmax, standard or none (default: standard for CSV, none otherwise); "
                    + "unless none, a regression target is standardized too, and predictions are unscaled.")
    String scale;

    @Option(names = "--network", paramLabel = "NET.json", description = "A JSON network file to train instead of --layers.")
    Path network;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Examples to generate for a synthetic set (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", paramLabel = "PERCENT", defaultValue = "0",
            description = "Noise of a synthetic set, 0-50 as in the TensorFlow Playground (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--features", paramLabel = "LIST", split = ",",
            description = "Input features of a synthetic set: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (default: x1,x2).")
    List<String> features;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Save a checkpoint after every epoch into DIR.")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run checkpointed in DIR with its settings (only --epochs, --save, --report, --threads may change).")
    Path resume;

    @Option(names = "--diagnostics", description = "Record per layer and epoch the gradient norm, the update-to-weight ratio, "
            + "the mean and spread of activations, saturated sigmoid/tanh units and dead ReLUs; print them after each epoch "
            + "and write them to the report.")
    boolean diagnostics;

    @Option(names = "--report", paramLabel = "DIR", description = "Write history.csv, history.json and loss/accuracy/confusion charts into DIR.")
    Path report;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train data-parallel on Spark: local[N] or spark://host:port "
            + "(see docs/SPARK.md; not with --resume, --checkpoint-dir or --diagnostics).")
    String spark;

    @Option(names = {"-q", "--quiet"}, description = "Print only the last epoch's line, the final summary (test score, "
            + "saved file) and errors.")
    boolean quiet;

    @Option(names = "--log-every", paramLabel = "N", defaultValue = "1",
            description = "Print an epoch line every N epochs, and for the last (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--save", paramLabel = "FILE", description = "Where to save the model (.safetensors; .json keeps the network only; "
            + "default: the data set's name with .safetensors in the current folder, e.g. mnist.safetensors; the path is printed).")
    Path save;

    @Override
    protected int run() throws Exception {
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be at least 1, got " + threads);
            }
            Compute.setThreads(threads);
        }
        if (logEvery < 1) {
            throw new UsageException("--log-every takes a number of epochs of at least 1, got " + logEvery);
        }
        TrainSettings settings;
        Path checkpoints = checkpointDir;
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        if (resume != null) {
            TrainSettings stored = ResumeConfig.read(resume);
            checkSameSettings(stored, args);
            settings = stored.withEpochsAndSave(epochs != null ? epochs : stored.epochs(),
                    save != null ? save.toAbsolutePath().toString() : stored.save());
            if (checkpoints == null) {
                checkpoints = resume;
            }
        } else {
            settings = settings();
        }
        settings.validate();
        checkOutputs(Path.of(settings.save()), report);
        if (spark != null && (resume != null || checkpoints != null || diagnostics)) {
            throw new UsageException("--spark trains with checkpoints of its own: --resume, --checkpoint-dir and --diagnostics "
                    + "work without it");
        }
        boolean terminal = System.console() != null && System.console().isTerminal();
        try (dev.myelin.cli.train.CheckpointLock lock = checkpoints == null ? null
                : dev.myelin.cli.train.CheckpointLock.acquire(checkpoints)) {
            return new TrainRun(settings, out(), terminal).progress(quiet, logEvery).diagnostics(diagnostics).spark(spark)
                    .run(resume, checkpoints, report, String.join(" ", args));
        }
    }

    /**
     * Resuming accepts the original command's flags when their values are the checkpoint's (so the same
     * command line can be run again with --resume added); a flag whose value differs is refused, naming
     * its old and new value. Only --epochs, --save, --report, --threads and --checkpoint-dir may change.
     */
    private void checkSameSettings(TrainSettings stored, List<String> args) {
        List<String> given = new java.util.ArrayList<>();
        for (String a : args) {
            String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (flag.startsWith("--") && !RESUME_FLAGS.contains(flag)) {
                given.add(flag);
            }
        }
        if (given.isEmpty()) {
            return;
        }
        if (data == null) {
            data = stored.data();
        }
        java.util.Map<String, String> was = stored.toMap();
        java.util.Map<String, String> now;
        try {
            now = settings().toMap();
        } catch (UsageException e) {
            throw new UsageException("--resume continues the checkpoint's run, and the flags given with it do not make a valid run: "
                    + e.getMessage());
        }
        for (String flag : given) {
            String key = flag.substring(2);
            if (!now.containsKey(key) && !was.containsKey(key)) {
                if (key.equals("diagnostics")) {
                    continue;
                }
                throw new UsageException(flag + " cannot be changed when resuming"
                        + " (only --epochs, --save, --report, --threads, --checkpoint-dir may change)");
            }
            String before = was.get(key);
            String after = now.get(key);
            if (!java.util.Objects.equals(before, after)) {
                throw new UsageException(flag + " cannot be changed when resuming: it was " + (before == null ? "not set" : before)
                        + " in the checkpoint, not " + (after == null ? "unset" : after)
                        + " (only --epochs, --save, --report, --threads, --checkpoint-dir may change)");
            }
        }
    }

    /** The settings from the flags, with the per-data-set defaults the options describe. */
    TrainSettings settings() {
        if (data == null) {
            throw new UsageException("name the training data with --data (mnist, circle, xor, gauss, spiral, plane, multigauss or FILE.csv)");
        }
        boolean mnist = DataSets.isMnist(data);
        boolean builtIn = DataSets.isBuiltIn(data);
        String opt = optimizer.strip().toLowerCase(java.util.Locale.ROOT);
        if (!Optimizers.NAMES.contains(opt)) {
            throw new UsageException("unknown optimizer '" + optimizer + "': expected one of " + String.join(", ", Optimizers.NAMES));
        }
        List<Integer> hidden = layers != null ? TrainSettings.parseLayers(layers)
                : network != null ? List.of() : mnist ? TrainSettings.MNIST_LAYERS : List.of(32, 16);
        double drop = dropout != null ? dropout : network != null ? 0 : mnist ? TrainSettings.MNIST_DROPOUT : 0;
        double validation = validationSplit != null ? validationSplit
                : mnist && earlyStopping == null ? TrainSettings.MNIST_VALIDATION_SPLIT : 0.1;
        String scaling = scale != null ? scale : builtIn ? "none" : "standard";
        try {
            scaling = dev.myelin.data.Scaler.Kind.parse(scaling).label();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scale: " + e.getMessage());
        }
        if (features != null && !features.isEmpty() && !DataSets.isSynthetic(data)) {
            throw new UsageException("--features chooses the inputs of a synthetic set (circle, xor, ...), not of " + data);
        }
        if (test != null && builtIn) {
            throw new UsageException("--test takes a CSV test set for CSV training data; "
                    + (mnist ? "MNIST brings its own test set" : "use --test-split with a synthetic set"));
        }
        return new TrainSettings(builtIn ? data.toLowerCase(java.util.Locale.ROOT) : Path.of(data).toAbsolutePath().toString(),
                label, test == null ? null : test.toAbsolutePath().toString(), testSplit, task, hidden, activation,
                outputActivation, loss, opt, lr != null ? lr : Optimizers.defaultLearningRate(opt),
                lrSchedule != null ? lrSchedule.strip().toLowerCase(java.util.Locale.ROOT)
                        : mnist ? TrainSettings.MNIST_SCHEDULE : "constant",
                batch != null ? batch : mnist ? TrainSettings.MNIST_BATCH : 32,
                epochs != null ? epochs : mnist ? TrainSettings.MNIST_EPOCHS : 100, drop, l1, l2,
                earlyStopping == null ? -1 : earlyStopping, validation, seed, dataSeed != null ? dataSeed : seed, precision, scaling,
                network == null ? null : network.toAbsolutePath().toString(), samples, noise,
                features == null ? List.of() : features,
                (save == null ? TrainSettings.defaultSaveFile(data) : save).toAbsolutePath().toString(),
                ignore == null ? List.of() : ignore);
    }

    /** Refuses output paths that cannot be written, before any training time is spent. */
    static void checkOutputs(Path saveFile, Path reportDir) {
        if (Files.isDirectory(saveFile)) {
            throw new UsageException("--save " + saveFile + " is a folder; give a file name such as model.safetensors");
        }
        Path parent = saveFile.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new UsageException("--save " + saveFile + ": " + parent + " is not a folder");
        }
        if (reportDir != null && Files.exists(reportDir) && !Files.isDirectory(reportDir)) {
            throw new UsageException("--report " + reportDir + " is a file; give a folder");
        }
    }
}
