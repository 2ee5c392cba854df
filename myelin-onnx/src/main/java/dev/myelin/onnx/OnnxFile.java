package dev.myelin.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.myelin.Network;
import dev.myelin.io.AtomicFiles;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * ONNX model files, beside {@link dev.myelin.ModelFile}:
 * <pre>{@code
 * OnnxFile.save(model, Path.of("iris.onnx"));      // Myelin → ONNX Runtime, a browser, a phone
 * Model m = OnnxFile.load(Path.of("torch.onnx"));  // a PyTorch MLP → Myelin
 * }</pre>
 * {@link #save} writes an inference graph (see {@link OnnxExporter}): the scaler as nodes, every
 * layer through its registered {@link LayerExporter}, opset 13 (20 with GELU), float32, a dynamic
 * batch dimension, the model info in {@code metadata_props}. {@link #load} reads multilayer
 * perceptrons as {@code torch.onnx.export} and Myelin write them (see {@link NodeImporters}) and
 * treats the file as untrusted (see {@link OnnxLimits}); every problem is a
 * {@link ModelFormatException} of one sentence.
 */
public final class OnnxFile {
    /** The opset of every export, unless an operator needs a newer one. */
    public static final int OPSET = 13;
    /** The opset that has {@code Gelu}. */
    public static final int OPSET_GELU = 20;
    /** The metadata_props key of the whole {@link dev.myelin.io.ModelInfo} as JSON. */
    public static final String INFO_KEY = "myelin.info";

    private OnnxFile() {}

    /** Writes {@code model} as ONNX, atomically (temp file, fsync, rename). */
    public static void save(Model model, Path file) throws IOException {
        AtomicFiles.write(file, toBytes(model));
    }

    /** Writes a bare network (default {@link dev.myelin.io.ModelInfo}) as ONNX. */
    public static void save(Network network, Path file) throws IOException {
        save(Model.of(network), file);
    }

    /** The ONNX bytes of {@code model}. */
    public static byte[] toBytes(Model model) {
        return OnnxExporter.export(model).toByteArray();
    }

    /** Reads an ONNX model in float32 within {@link OnnxLimits#DEFAULT}. */
    public static Model load(Path file) throws IOException {
        return load(file, Precision.FLOAT32, OnnxLimits.DEFAULT);
    }

    /** Reads an ONNX model, computing in {@code precision}, within {@code limits}. */
    public static Model load(Path file, Precision precision, OnnxLimits limits) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such ONNX file");
        }
        if (size > limits.maxBytes()) {
            throw new ModelFormatException(file, "the file is " + size + " bytes, larger than the limit of "
                    + limits.maxBytes() + " bytes");
        }
        return fromBytes(Files.readAllBytes(file), file, precision, limits);
    }

    /** Reads ONNX bytes; {@code file} only names the source in errors (may be null). */
    public static Model fromBytes(byte[] bytes, Path file, Precision precision, OnnxLimits limits) {
        if (bytes.length > limits.maxBytes()) {
            throw new ModelFormatException(file, "the model is " + bytes.length + " bytes, larger than the limit of "
                    + limits.maxBytes() + " bytes");
        }
        ModelProto proto;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(32);
            proto = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(file, "the file is not a valid ONNX (protobuf) model: " + protobufProblem(e));
        } catch (IOException e) {
            throw new ModelFormatException(file, "the file could not be parsed as ONNX: " + e.getMessage());
        }
        return OnnxImporter.read(proto, file, limits, precision);
    }

    /** protobuf's complaint as a clause of one sentence. */
    private static String protobufProblem(InvalidProtocolBufferException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("ended unexpectedly")) {
            return "it ends in the middle of a field (is it cut short?)";
        }
        if (m.contains("levels of nesting")) {
            return "its messages are nested more than 32 deep";
        }
        int dot = m.indexOf('.');
        String first = dot > 0 ? m.substring(0, dot) : m;
        return first.isEmpty() ? "protobuf could not parse it" : Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }

    /** This library's version, as the manifest says (or "dev" when run from classes). */
    static String libraryVersion() {
        String v = OnnxFile.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
