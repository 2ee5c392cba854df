package dev.myelin.cli.train;

import dev.myelin.Network;
import dev.myelin.Version;
import dev.myelin.activations.Activation;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.Evaluation;
import dev.myelin.cli.base.UsageException;
import dev.myelin.dataset.CsvTable;
import dev.myelin.cli.data.DataSets;
import dev.myelin.cli.base.Figures;
import dev.myelin.cli.report.Reports;
import dev.myelin.diagnostics.DiagnosticsListener;
import dev.myelin.io.AtomicFiles;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import dev.myelin.data.Dataset;
import dev.myelin.data.Scaler;
import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import dev.myelin.losses.Loss;
import dev.myelin.optim.LearningRateSchedule;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.optim.Optimizers;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code train} run: load and split the data (test, then validation, each by a seeded shuffle),
 * fit the scaler on the training part only (and, for regression with an identity output, a standard
 * scaler of the targets, saved as the model's target scaler), build the network and the loss for the task, train with
 * progress output and optional checkpoints, score the test set, then save the model and the report.
 * Nothing is written before training starts, so a bad input leaves no file behind.
 */
public final class TrainRun {

    private final TrainSettings s;
    private final PrintWriter out;
    private final boolean terminal;
    private DiagnosticsListener diagnostics;
    private String spark;
    private boolean quiet;
    private int logEvery = 1;

    public TrainRun(TrainSettings settings, PrintWriter out, boolean terminal) {
        this.s = settings;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Records per-layer diagnostics (gradient norm, update/weight ratio, activation statistics,
     * saturated and dead units) every tenth batch, prints them after each epoch line and writes them
     * to the report.
     */
    public TrainRun diagnostics(boolean on) {
        diagnostics = on ? new DiagnosticsListener(10) : null;
        return this;
    }

    /**
     * How much to print: {@code quiet} keeps only the last epoch's line, the final summary (trained,
     * test, saved, report) and errors; otherwise an epoch line every {@code logEvery} epochs and the last.
     */
    public TrainRun progress(boolean quiet, int logEvery) {
        if (logEvery < 1) {
            throw new UsageException("--log-every takes a number of epochs of at least 1, got " + logEvery);
        }
        this.quiet = quiet;
        this.logEvery = logEvery;
        return this;
    }

    /** Trains on Spark ({@code local[N]} or {@code spark://host:port}) instead of in this process; null for here. */
    public TrainRun spark(String master) {
        spark = master;
        return this;
    }

    /**
     * @param resume the checkpoint folder to continue from, or null
     * @param checkpoints where to save checkpoints, or null
     * @param report the report folder, or null
     * @param command the command line, for provenance
     */
    public int run(Path resume, Path checkpoints, Path report, String command) throws IOException {
        PrintWriter talk = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : out; // what --quiet leaves out
        DataSets.Loaded all = DataSets.load(s.data(), new DataSets.Request(s.label(), CsvTable.LabelMode.REQUIRED, null, s.task(),
                null, s.samples(), s.noise(), s.dataSeed(), s.features(), false, s.ignore()), talk);
        boolean classification = ModelInfo.CLASSIFICATION.equals(all.task());
        Dataset train = all.data();
        all = all.withoutData(); // once split, the unsplit copy is garbage (MNIST: 188 MB)
        Dataset test = null;
        String testName = null;
        if (DataSets.isMnist(s.data())) {
            test = DataSets.load("mnist", new DataSets.Request(null, CsvTable.LabelMode.REQUIRED, null, null, null, 0, 0, 0,
                    List.of(), true), talk).data();
            testName = "MNIST test set";
        } else if (s.test() != null) {
            test = DataSets.load(s.test(), new DataSets.Request(all.labelName(), CsvTable.LabelMode.REQUIRED, all.featureNames(),
                    all.task(), classification ? all.classNames() : null, 0, 0, 0, List.of(), false), talk).data();
            testName = Path.of(s.test()).getFileName().toString();
        } else if (s.testSplit() > 0) {
            Dataset[] parts = split(train, s.testSplit(), s.dataSeed() ^ Dataset.TEST_SPLIT_STREAM, "--test-split");
            train = parts[0];
            test = parts[1];
            testName = "held-out test split";
        }
        Dataset validation = null;
        if (s.validationSplit() > 0) {
            if (Math.round(train.size() * s.validationSplit()) >= 1 && Math.round(train.size() * (1 - s.validationSplit())) >= 1) {
                Dataset[] parts = split(train, s.validationSplit(), s.dataSeed() ^ Dataset.VALIDATION_SPLIT_STREAM, "--validation-split");
                train = parts[0];
                validation = parts[1];
            } else {
                talk.println("note: " + train.size() + " examples are too few to hold out " + s.validationSplit()
                        + " for validation; training without a validation set");
            }
        }
        Scaler.Kind kind = Scaler.Kind.parse(s.scale());
        Scaler scaler = null;
        if (kind != Scaler.Kind.NONE) {
            scaler = Scaler.fit(kind, train.x());
            train = scaler.transform(train);
            validation = validation == null ? null : scaler.transform(validation);
            test = test == null ? null : scaler.transform(test);
        }
        int classes = classification ? all.classNames().size() : 0;

        // The network, loss and optimizer.
        Optimizer optimizer = optimizer();
        Network network;
        Loss loss;
        int epochsDone = 0;
        List<Map<String, Double>> earlier = List.of();
        OptimizerState optimizerState = null;
        if (resume != null) {
            Checkpoint.Resumed r = Checkpoint.load(resume, optimizer);
            network = r.model().network();
            optimizerState = r.optimizerState();
            epochsDone = r.epochsDone();
            earlier = r.history();
            loss = s.loss() != null ? Architecture.named(s.loss()) : s.network() != null ? Evaluation.lossFor(network)
                    : Architecture.loss(null, all.task(), classes);
        } else if (s.network() != null) {
            network = Architecture.fromJson(Path.of(s.network()), s);
            loss = s.loss() != null ? Architecture.loss(s.loss(), all.task(), classes) : Evaluation.lossFor(network);
        } else {
            loss = Architecture.loss(s.loss(), all.task(), classes);
            Activation output = Architecture.outputActivation(s.outputActivation(), loss, all.task());
            network = Architecture.build(train.features(), train.outputs(), s, output);
        }
        String source = resume != null ? "the checkpoint in " + resume : s.network() != null ? Path.of(s.network()).getFileName().toString()
                : "the network";
        if (network.inputs() != train.features()) {
            throw new CliException(source + " takes " + network.inputs() + " inputs but the data has " + train.features() + " features");
        }
        if (network.outputs() != train.outputs()) {
            throw new CliException(source + " gives " + network.outputs() + " outputs but the targets have " + train.outputs()
                    + " values per example" + (classification ? " (" + classes + " classes" + (classes == 2 ? ", one 0/1 column" : "")
                    + ")" : ""));
        }

        // Regression targets are standardized like the features (same --scale switch), when the output is
        // identity: the network learns (y − μ)/σ, predictions are unscaled by ŷ = a·σ + μ.
        Scaler targetScaler = null;
        if (!classification && kind != Scaler.Kind.NONE && network.outputActivation().name().equals("identity")) {
            targetScaler = Scaler.fit(Scaler.Kind.STANDARD, train.y());
            train = new Dataset(train.x(), targetScaler.transform(train.y()), train.classNames());
            validation = validation == null ? null
                    : new Dataset(validation.x(), targetScaler.transform(validation.y()), validation.classNames());
        }

        Map<String, String> provenance = provenance(all, loss, command);
        ModelInfo info = new ModelInfo(all.task(), all.featureNames(), all.labelName(), all.classNames(), scaler, s.features(),
                provenance, targetScaler);

        talk.println("data: " + all.description() + ", " + all.task() + (classification ? " (" + classes + " classes)" : "")
                + ", " + train.features() + " features");
        if (all.note() != null) {
            talk.println("task: " + all.note());
        }
        talk.printf(Locale.ROOT, "split: %,d training, %,d validation, %,d test (seed %d)%s%n", train.size(),
                validation == null ? 0 : validation.size(), test == null ? 0 : test.size(), s.dataSeed(),
                scaler == null ? "" : ", " + kind.label() + " scaling fitted on the training part");
        if (targetScaler != null) {
            talk.println("target: " + all.labelName() + " standardized (mean " + Figures.loss(targetScaler.offset()[0])
                    + ", std " + Figures.loss(targetScaler.scale()[0]) + ", from the training part); epoch losses are in "
                    + "standardized units, test scores and predictions in the target's");
        }
        talk.println("network: " + Architecture.describe(network));
        talk.printf(Locale.ROOT, "training: %s lr %s%s, %s, batch %d, %d epochs%s%n", optimizer.name(), fmt(s.lr()),
                s.lrSchedule().equals("constant") ? "" : " (" + s.lrSchedule() + ")", loss.name(),
                s.batch(), s.epochs(), resume != null ? ", resuming after epoch " + epochsDone : "");
        talk.flush();

        Training training = Training.of(loss, optimizer).epochs(s.epochs()).batchSize(s.batch()).seed(s.seed())
                .startEpoch(Math.min(epochsDone, s.epochs())).accuracy(classification);
        if (validation != null) {
            training.validation(validation);
        }
        if (s.earlyStopping() >= 0) {
            training.earlyStopping(new EarlyStopping(validation != null ? "val_loss" : "loss", s.earlyStopping(), 0, true));
        }
        if (diagnostics != null) {
            training.listener(diagnostics);
        }
        ProgressPrinter progress = new ProgressPrinter(out, terminal, train.size(), logEvery, quiet);
        training.listener(progress);
        if (diagnostics != null) {
            DiagnosticsListener d = diagnostics;
            training.listener(new TrainingListener() {
                @Override
                public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
                    if (progress.shows(epoch, state.epochs())) {
                        out.println("  diagnostics: " + d.epochLine(epoch));
                        out.flush();
                    }
                }
            });
        }
        if (checkpoints != null) {
            Map<String, String> config = new java.util.LinkedHashMap<>(s.toMap());
            config.putAll(DataFingerprint.of(s)); // resume refuses data that changed since
            training.listener(new CheckpointWriter(checkpoints, info, config, earlier));
        }
        long start = System.nanoTime();
        Trainer trainer = new Trainer(network, training);
        List<Map<String, Double>> sparkRows = spark == null || epochsDone >= s.epochs() ? null
                : SparkBridge.fit(spark, network, training, train, out);
        History history = epochsDone >= s.epochs() || sparkRows != null ? null
                : optimizerState != null ? trainer.fit(train, optimizerState) : trainer.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Map<String, Double>> rows = new ArrayList<>(earlier);
        if (history != null) {
            for (int e = 0; e < history.epochs(); e++) {
                rows.add(history.epoch(e));
            }
            if (!history.stopReason().isEmpty()) {
                out.println("stopped: " + history.stopReason());
                provenance.put("stop_reason", history.stopReason());
            }
        } else if (sparkRows != null) {
            rows.addAll(sparkRows);
        } else {
            out.println("the checkpoint already has " + epochsDone + " epochs; nothing left to train (raise --epochs to go on)");
        }
        out.printf(Locale.ROOT, "trained %d epochs in %.1f s%n", rows.size() - earlier.size(), seconds);
        provenance.put("epochs_run", Integer.toString(rows.size()));
        provenance.put("training_seconds", String.format(Locale.ROOT, "%.1f", seconds));
        if (!rows.isEmpty()) {
            rows.get(rows.size() - 1).forEach((k, v) -> {
                if (!k.equals("lr")) {
                    provenance.put(k.startsWith("val_") ? k : "train_" + k, String.format(Locale.ROOT, "%.6g", v));
                }
            });
        }

        Evaluation scored = null;
        String scoredOn = null;
        if (test != null) {
            scored = Evaluation.of(network, targetScaler, test, loss, classification, all.classNames());
            scoredOn = testName;
            out.println("test: " + scored.line());
            scored.putMetrics(provenance, "test_");
        }
        ModelInfo finalInfo = new ModelInfo(info.task(), info.featureNames(), info.labelName(), info.classNames(), info.scaler(),
                info.featureCrosses(), provenance, info.targetScaler());
        Path saveFile = Path.of(s.save());
        ModelFile.save(saveFile, new Model(network, finalInfo));
        out.println("saved " + saveFile + (saveFile.toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? " (JSON network format: the network only, without scaler, class names or provenance)" : ""));

        if (report != null) {
            if (classification && scored == null) {
                Dataset on = validation != null ? validation : train;
                scored = Evaluation.of(network, on, loss, true, all.classNames());
                scoredOn = validation != null ? "validation set" : "training set";
            }
            String subtitle = scored == null ? null : String.format(Locale.ROOT, "%s, %,d examples, accuracy %.2f%%", scoredOn,
                    scored.samples(), 100 * scored.accuracy());
            List<Path> files = new ArrayList<>(
                    Reports.write(report, rows, classification ? scored.confusion() : null, all.classNames(), subtitle));
            if (diagnostics != null) {
                Path json = report.resolve("diagnostics.json");
                Path table = report.resolve("diagnostics.txt");
                AtomicFiles.writeString(json, diagnostics.toJson().toPrettyString() + "\n");
                AtomicFiles.writeString(table, diagnostics.table());
                files.add(json);
                files.add(table);
            }
            out.println("report: " + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()) + " in " + report);
        }
        out.flush();
        return 0;
    }

    private Optimizer optimizer() {
        Optimizer o;
        try {
            o = Optimizers.create(s.optimizer(), s.lr());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (s.lrSchedule().equals("cosine")) {
            o.schedule(LearningRateSchedule.cosine(s.epochs(), 0));
        }
        if (s.l1() > 0) {
            o.l1(s.l1());
        }
        if (s.l2() > 0) {
            o.l2(s.l2());
        }
        return o;
    }

    private static Dataset[] split(Dataset d, double fraction, long seed, String flag) {
        long held = Math.round(d.size() * fraction);
        if (held < 1 || held >= d.size()) {
            throw new CliException(flag + " " + fraction + " of " + d.size() + " examples leaves one side empty");
        }
        return d.split(fraction, seed);
    }

    private Map<String, String> provenance(DataSets.Loaded all, Loss loss, String command) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("library", Version.library());
        p.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("command", "myelin " + command);
        p.put("data", all.description());
        p.put("seed", Long.toString(s.seed()));
        if (s.dataSeed() != s.seed()) {
            p.put("data_seed", Long.toString(s.dataSeed()));
        }
        p.put("task", all.task());
        p.put("loss", loss.name());
        p.put("optimizer", s.optimizer());
        p.put("lr", fmt(s.lr()));
        p.put("lr_schedule", s.lrSchedule());
        p.put("batch", Integer.toString(s.batch()));
        p.put("epochs", Integer.toString(s.epochs()));
        if (s.network() != null) {
            p.put("network", Path.of(s.network()).getFileName().toString());
        } else {
            p.put("layers", String.join(",", s.layers().stream().map(String::valueOf).toList()));
            p.put("activation", s.activation());
            p.put("dropout", fmt(s.dropout()));
        }
        p.put("l1", fmt(s.l1()));
        p.put("l2", fmt(s.l2()));
        p.put("precision", s.precision());
        p.put("scale", s.scale());
        p.put("validation_split", fmt(s.validationSplit()));
        return p;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
