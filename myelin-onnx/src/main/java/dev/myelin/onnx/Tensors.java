package dev.myelin.onnx;

import com.google.protobuf.ByteString;
import dev.myelin.onnx.proto.OnnxProtos.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes a constant tensor of an untrusted file: float32, float64, int32, int64 or bool (others are refused), data
 * inline (external data is refused), dims non-negative and their product within the limits and
 * equal to the number of values the tensor really carries, all before the values are copied out;
 * every value finite.
 */
final class Tensors {
    private Tensors() {}

    /**
     * @param what how to name the tensor in an error, e.g. {@code initializer "fc1.weight"}
     * @throws IllegalArgumentException one sentence naming the tensor and the problem
     */
    static Constant decode(TensorProto t, String what, OnnxLimits limits) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new IllegalArgumentException(what + " keeps its data in an external file, which is not read "
                    + "(save the model with its weights inside the .onnx file)");
        }
        if (t.hasSegment()) {
            throw new IllegalArgumentException(what + " is a segment of a larger tensor, which is not supported");
        }
        int type = t.getDataType();
        int width = switch (type) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE -> 4;
            case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE -> 8;
            case TensorProto.DataType.BOOL_VALUE -> 1;
            default -> throw new IllegalArgumentException(what + " has element type " + typeName(type)
                    + "; only float, double, int32, int64 and bool tensors are read");
        };
        long[] dims = new long[t.getDimsCount()];
        if (dims.length > 8) {
            throw new IllegalArgumentException(what + " has " + dims.length + " dimensions; at most 8 are read");
        }
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new IllegalArgumentException(what + " has a negative dimension " + dims[i]);
            }
            try {
                elements = Math.multiplyExact(elements, dims[i]);
            } catch (ArithmeticException e) {
                elements = Long.MAX_VALUE;
            }
        }
        if (elements > limits.maxTensorElements()) {
            throw new IllegalArgumentException(what + " declares " + elements + " elements, more than the limit of "
                    + limits.maxTensorElements());
        }
        ByteString raw = t.getRawData();
        long carried = !raw.isEmpty() ? raw.size() / width : switch (type) {
            case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
            case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
            case TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
        if (!raw.isEmpty() && raw.size() % width != 0 || carried != elements) {
            throw new IllegalArgumentException(what + " declares shape " + java.util.Arrays.toString(dims) + " ("
                    + elements + " elements) but carries " + (raw.isEmpty() ? carried + " values" : raw.size() + " bytes"));
        }
        double[] values = new double[(int) elements];
        if (!raw.isEmpty()) {
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> b.getFloat();
                    case TensorProto.DataType.DOUBLE_VALUE -> b.getDouble();
                    case TensorProto.DataType.INT64_VALUE -> b.getLong();
                    case TensorProto.DataType.INT32_VALUE -> b.getInt();
                    default -> b.get();
                };
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> t.getFloatData(i);
                    case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleData(i);
                    case TensorProto.DataType.INT64_VALUE -> t.getInt64Data(i);
                    default -> t.getInt32Data(i);
                };
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " holds " + values[i] + " at element " + i
                        + "; every value must be finite");
            }
        }
        boolean floating = type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE;
        return new Constant(dims, values, floating);
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "code " + type : d.name().toLowerCase(java.util.Locale.ROOT);
    }
}
