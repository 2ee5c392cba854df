package dev.myelin.spark;

import dev.myelin.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * ML persistence of a {@link MyelinModel}: {@code path/metadata} (Spark ML's params JSON, as every
 * stage writes it) and {@code path/model.safetensors} (the Myelin model file, readable by
 * {@code ./myelin predict} too). Paths go through Hadoop's file systems, so HDFS and object stores
 * work as for any Spark model.
 */
final class MyelinModelWriter extends MLWriter {
    static final String MODEL_FILE = "model.safetensors";

    private final MyelinModel<?> instance;

    MyelinModelWriter(MyelinModel<?> instance) {
        this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
        Path file = new Path(path, MODEL_FILE);
        try {
            FileSystem fs = file.getFileSystem(hadoopConf());
            try (OutputStream out = fs.create(file, true)) {
                out.write(ModelBytes.of(instance.myelinModel()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private Configuration hadoopConf() {
        return sparkSession().sparkContext().hadoopConfiguration();
    }

    /** Reads what {@link MyelinModelWriter} wrote, building the model with {@code create(uid, model)}. */
    static final class Reader<M extends MyelinModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, Model, M> create;

        Reader(Class<M> type, BiFunction<String, Model, M> create) {
            this.type = type;
            this.create = create;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
            Path file = new Path(path, MODEL_FILE);
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (InputStream in = fs.open(file)) {
                    bytes = in.readAllBytes();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
            }
            M model = create.apply(metadata.uid(), ModelBytes.load(bytes, file.toString()));
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
