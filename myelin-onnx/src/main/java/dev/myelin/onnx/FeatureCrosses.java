package dev.myelin.onnx;

import static dev.myelin.onnx.GraphWriter.intAttribute;

import dev.myelin.data.FeatureCross;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The playground's feature crosses (x1, x2, x1², x2², x1·x2, sin x1, sin x2; see {@link FeatureCross})
 * as ONNX nodes, so an exported model takes the raw (x1, x2):
 * <pre>
 *   x1 = Gather(input, [0], axis 1), x2 = Gather(input, [1], axis 1)      [batch, 1] each
 *   x1sq = Mul(x1, x1), x2sq = Mul(x2, x2), x1x2 = Mul(x1, x2), sinx1 = Sin(x1), sinx2 = Sin(x2)
 *   features = Concat(the chosen ones, in order, axis 1)                   [batch, k]
 * </pre>
 * and the importer's reading of that block back into the list of cross names.
 */
final class FeatureCrosses {
    private FeatureCrosses() {}

    /** Writes the block; the concatenated features become current. Nothing is written for none or exactly [x1, x2]. */
    static void export(List<String> crosses, GraphWriter g) {
        if (crosses.isEmpty() || crosses.equals(List.of("x1", "x2"))) {
            return;
        }
        Map<String, String> made = new HashMap<>();
        List<String> columns = new ArrayList<>();
        for (String c : crosses) {
            columns.add(value(FeatureCross.byName(c), made, g));
        }
        String features = g.node("Concat", "crosses.features", columns, intAttribute("axis", 1));
        g.setCurrent(features);
    }

    private static String value(FeatureCross f, Map<String, String> made, GraphWriter g) {
        String have = made.get(f.label());
        if (have != null) {
            return have;
        }
        String name = "crosses." + f.label();
        String out = switch (f) {
            case X1, X2 -> g.node("Gather", name, List.of(GraphWriter.INPUT,
                    g.int64Constant(name + ".index", new long[] {1}, new long[] {f == FeatureCross.X1 ? 0 : 1})),
                    intAttribute("axis", 1));
            case X1_SQUARED -> mul(name, FeatureCross.X1, FeatureCross.X1, made, g);
            case X2_SQUARED -> mul(name, FeatureCross.X2, FeatureCross.X2, made, g);
            case X1_TIMES_X2 -> mul(name, FeatureCross.X1, FeatureCross.X2, made, g);
            case SIN_X1 -> g.node("Sin", name, List.of(value(FeatureCross.X1, made, g)));
            case SIN_X2 -> g.node("Sin", name, List.of(value(FeatureCross.X2, made, g)));
        };
        made.put(f.label(), out);
        return out;
    }

    private static String mul(String name, FeatureCross a, FeatureCross b, Map<String, String> made, GraphWriter g) {
        return g.node("Mul", name, List.of(value(a, made, g), value(b, made, g)));
    }

    /**
     * Reads a block written by {@link #export}, starting at its first {@code Gather} (the node being
     * read): Gather, Mul, Sin nodes over x1 and x2 up to one Concat. Sets the reader's crosses.
     */
    static void read(NodeProto first, GraphReader r) {
        if (r.lastDense() != null || !r.preprocessing.isEmpty() || r.crosses != null) {
            throw r.unsupported(first, "Gather is read only at the start of the graph, as the playground's feature crosses");
        }
        String input = r.current();
        Map<String, String> labels = new HashMap<>(); // value name → cross label
        NodeProto n = first;
        int ahead = 0;
        while (true) {
            if (n == null) {
                throw r.unsupported(first, "the feature crosses starting here end without a Concat");
            }
            String op = n.getOpType();
            String label = switch (op) {
                case "Gather" -> gathered(n, r, input);
                case "Mul" -> {
                    String a = operandLabel(n, 0, labels, r), b = operandLabel(n, 1, labels, r);
                    String key = a.compareTo(b) <= 0 ? a + "*" + b : b + "*" + a;
                    yield switch (key) {
                        case "x1*x1" -> "x1sq";
                        case "x2*x2" -> "x2sq";
                        case "x1*x2" -> "x1x2";
                        default -> throw r.unsupported(n, "Mul of " + a + " and " + b + " is not one of the feature crosses");
                    };
                }
                case "Sin" -> {
                    String a = operandLabel(n, 0, labels, r);
                    if (!a.equals("x1") && !a.equals("x2")) {
                        throw r.unsupported(n, "Sin of " + a + " is not one of the feature crosses");
                    }
                    yield "sin" + a;
                }
                case "Concat" -> null;
                default -> throw r.unsupported(n, "only Gather, Mul, Sin and Concat make the feature crosses");
            };
            if (n.getOutputCount() != 1) {
                throw r.unsupported(n, "it should have one output");
            }
            if (label == null) {
                if (r.intAttribute(n, "axis", 0) != 1) {
                    throw r.unsupported(n, "the feature crosses are concatenated along axis 1");
                }
                List<String> crosses = new ArrayList<>();
                for (int i = 0; i < n.getInputCount(); i++) {
                    crosses.add(operandLabel(n, i, labels, r));
                }
                r.crosses = crosses;
                r.skip(ahead);
                r.advance(n);
                return;
            }
            labels.put(n.getOutput(0), label);
            ahead++;
            n = r.peek(ahead);
        }
    }

    private static String gathered(NodeProto n, GraphReader r, String input) {
        Constant index = n.getInputCount() == 2 ? r.constant(n.getInput(1)) : null;
        if (!n.getInput(0).equals(input) || index == null || index.values().length != 1 || r.intAttribute(n, "axis", 0) != 1
                || index.dims().length != 1) {
            throw r.unsupported(n, "Gather is read only as one column [0] or [1] of the input, axis 1 (x1 or x2)");
        }
        double i = index.values()[0];
        if (i != 0 && i != 1) {
            throw r.unsupported(n, "it takes column " + i + "; the feature crosses use x1 (0) and x2 (1)");
        }
        return i == 0 ? "x1" : "x2";
    }

    private static String operandLabel(NodeProto n, int i, Map<String, String> labels, GraphReader r) {
        String label = i < n.getInputCount() ? labels.get(n.getInput(i)) : null;
        if (label == null) {
            throw r.unsupported(n, "its input " + (i < n.getInputCount() ? "\"" + GraphReader.clip(n.getInput(i)) + "\"" : i)
                    + " is not x1, x2 or a feature cross of them");
        }
        return label;
    }
}
