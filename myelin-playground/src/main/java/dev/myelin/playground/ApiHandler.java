package dev.myelin.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The JSON API under {@code /api}. Sessions: {@code POST /api/sessions} (body: a configuration,
 * possibly {}) → {@code {id, config, limits}}; then, under {@code /api/sessions/{id}/}:
 * {@code events} (GET, the live stream; {@code events?ack=1} with backpressure, see {@link EventStream}),
 * {@code ack} (POST {@code {seq}}: the page took that frame), {@code frame} (GET, one frame), {@code config} (POST),
 * {@code control} (POST {@code {action: play|pause|step|reset}}), {@code weight} (POST
 * {@code {layer, from, to, value}}, from −1 = bias), {@code csv} (POST {@code {name, label, text}}: the file's text, label column optional),
 * {@code explain} (POST {@code {set: train|test, index}}), {@code export/model} (GET safetensors),
 * {@code export/onnx} (GET ONNX),
 * {@code export/code} (GET {@code {command, java}}), {@code teach} (POST {@code {mode: example|batch, index}}
 * or {@code {preset, mode, steps, optimizer}}: one training step with every number, see {@link Teacher}),
 * {@code close} (POST). Also {@code GET /api/thumbnails}
 * and {@code GET /api/limits}.
 *
 * <p>Errors are {@code {"error": "..."}} with 400 (malformed JSON, bad values), 404 (unknown session
 * or route), 405, 413 (over a {@link Limits} cap) or 503 (too many sessions).
 */
final class ApiHandler {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxNumberLength(64).maxStringLength(4 * Limits.MAX_UPLOAD_BYTES).build());
    }

    private final SessionRegistry registry;
    private final TrainingPool pool;
    private final BooleanSupplier running;
    private volatile ObjectNode thumbnails;

    ApiHandler(SessionRegistry registry, TrainingPool pool, BooleanSupplier running) {
        this.registry = registry;
        this.pool = pool;
        this.running = running;
    }

    void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        String[] parts = path.substring(1).split("/", -1);
        if (path.equals("/api/limits")) {
            Http.json(ex, 200, limits());
            return;
        }
        if (path.equals("/api/thumbnails")) {
            Http.json(ex, 200, thumbnails());
            return;
        }
        if (path.equals("/api/sessions")) {
            requireMethod(method, "POST");
            PlaygroundConfig c = PlaygroundConfig.fromJson(readJson(ex));
            Session s = registry.create(c);
            ObjectNode o = MAPPER.createObjectNode();
            o.put("id", s.id);
            o.set("config", s.config().toJson());
            o.set("limits", limits());
            Http.json(ex, 201, o);
            return;
        }
        if (parts.length < 4 || !parts[1].equals("sessions")) {
            throw HttpError.notFound("no API route " + path);
        }
        Session s = registry.get(parts[2]);
        String route = String.join("/", java.util.Arrays.copyOfRange(parts, 3, parts.length));
        switch (route) {
            case "events" -> {
                requireMethod(method, "GET");
                String query = ex.getRequestURI().getRawQuery();
                EventStream.run(ex, s, registry, MAPPER, pool, running, "ack=1".equals(query));
            }
            case "ack" -> {
                requireMethod(method, "POST");
                JsonNode b = readJson(ex);
                JsonNode seq = b.get("seq");
                if (seq == null || !seq.canConvertToLong() || seq.asLong() < 0) {
                    throw HttpError.badRequest("the body must be {\"seq\": n} with n the number of a frame the page took");
                }
                s.tab().frameTaken(seq.asLong());
                Http.json(ex, 200, MAPPER.createObjectNode().put("ok", true));
            }
            case "frame" -> {
                requireMethod(method, "GET");
                Http.json(ex, 200, new FrameBuilder().frame(s, true));
            }
            case "config" -> {
                requireMethod(method, "POST");
                s.configure(PlaygroundConfig.fromJson(readJson(ex)));
                ObjectNode o = MAPPER.createObjectNode();
                o.set("config", s.config().toJson());
                Http.json(ex, 200, o);
            }
            case "control" -> {
                requireMethod(method, "POST");
                JsonNode body = readJson(ex);
                JsonNode action = body.get("action");
                if (action == null || !action.isTextual()) {
                    throw HttpError.badRequest("the body must be {\"action\": \"play|pause|step|reset\"}");
                }
                if (action.asText().equals("step")) {
                    try {
                        pool.run(() -> {
                            s.stepEpoch();
                            return null;
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new HttpError(503, "the server is stopping");
                    }
                } else if (action.asText().equals("pause")) {
                    s.pause();
                } else {
                    s.control(action.asText());
                }
                ObjectNode o = MAPPER.createObjectNode().put("epoch", s.epoch()).put("playing", s.playing())
                        .put("pauses", s.pauses());
                o.set("config", s.config().toJson());
                Http.json(ex, 200, o);
            }
            case "weight" -> {
                requireMethod(method, "POST");
                JsonNode b = readJson(ex);
                s.setWeight(intField(b, "layer"), intField(b, "from"), intField(b, "to"), numberField(b, "value"));
                Http.json(ex, 200, MAPPER.createObjectNode().put("ok", true));
            }
            case "csv" -> {
                requireMethod(method, "POST");
                // the file's text is checked against the limit below; JSON escaping may double its size
                JsonNode b = readJson(ex, 4 * Limits.MAX_UPLOAD_BYTES, "CSV upload");
                String text = textField(b, "text", true);
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > Limits.MAX_UPLOAD_BYTES) {
                    throw HttpError.tooLarge("the CSV upload is " + bytes + " bytes, above the limit of "
                            + Limits.MAX_UPLOAD_BYTES + " bytes");
                }
                String name = textField(b, "name", false);
                CsvData csv = CsvData.parse(name == null ? "upload.csv" : name, text, textField(b, "label", false));
                s.upload(csv);
                Http.json(ex, 200, csvInfo(csv));
            }
            case "explain" -> {
                requireMethod(method, "POST");
                JsonNode b = readJson(ex);
                JsonNode set = b.get("set");
                boolean test = set != null && set.asText().equals("test");
                Http.json(ex, 200, Explainer.explain(s, test, intField(b, "index")));
            }
            case "teach" -> {
                requireMethod(method, "POST");
                JsonNode b = readJson(ex);
                boolean batch = "batch".equals(textField(b, "mode", false));
                String preset = textField(b, "preset", false);
                if (preset != null) {
                    String opt = textField(b, "optimizer", false);
                    Http.json(ex, 200, Teacher.preset(preset, batch, b.has("steps") ? intField(b, "steps") : 1,
                            opt == null ? "sgd" : opt));
                } else {
                    Http.json(ex, 200, Teacher.session(s, batch, b.has("index") ? intField(b, "index") : 0));
                }
            }
            case "export/model" -> {
                requireMethod(method, "GET");
                byte[] bytes = Exporter.modelFile(s);
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"playground.safetensors\"");
                Http.bytes(ex, 200, bytes);
            }
            case "export/onnx" -> {
                requireMethod(method, "GET");
                byte[] bytes = Exporter.onnxFile(s);
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"playground.onnx\"");
                Http.bytes(ex, 200, bytes);
            }
            case "export/code" -> {
                requireMethod(method, "GET");
                ObjectNode o = MAPPER.createObjectNode();
                synchronized (s) {
                    o.put("command", Exporter.command(s));
                    o.put("java", Exporter.java(s));
                }
                Http.json(ex, 200, o);
            }
            case "close" -> {
                requireMethod(method, "POST");
                registry.remove(s.id);
                Http.json(ex, 200, MAPPER.createObjectNode().put("closed", true));
            }
            default -> throw HttpError.notFound("no API route " + path);
        }
    }

    private static ObjectNode csvInfo(CsvData csv) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", csv.name());
        o.put("rows", csv.rows());
        o.put("label", csv.labelName());
        o.put("problem", csv.classification() ? "classification" : "regression");
        csv.featureNames().forEach(o.putArray("features")::add);
        csv.classNames().forEach(o.putArray("classes")::add);
        return o;
    }

    static ObjectNode limits() {
        return MAPPER.createObjectNode()
                .put("maxHiddenLayers", Limits.MAX_HIDDEN_LAYERS).put("maxUnits", Limits.MAX_UNITS)
                .put("maxPoints", Limits.MAX_POINTS).put("maxUploadBytes", Limits.MAX_UPLOAD_BYTES)
                .put("maxCsvFeatures", Limits.MAX_CSV_FEATURES).put("maxClasses", Limits.MAX_CLASSES)
                .put("maxSpeed", Limits.MAX_EPOCHS_PER_FRAME);
    }

    /** 200 points of every synthetic set at noise 0, for the data set pictures. */
    private ObjectNode thumbnails() {
        ObjectNode t = thumbnails;
        if (t == null) {
            t = MAPPER.createObjectNode();
            for (String name : Synthetic.NAMES) {
                Dataset d = Synthetic.byName(name, 200, 0, 7);
                var a = t.putArray(name);
                for (int r = 0; r < d.size(); r++) {
                    a.addArray().add(FrameBuilder.r(d.x().get(r, 0))).add(FrameBuilder.r(d.x().get(r, 1)))
                            .add(FrameBuilder.r(d.y().get(r, 0)));
                }
            }
            thumbnails = t;
        }
        return t;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, "this route takes " + allowed + ", not " + method);
        }
    }

    private static String textField(JsonNode b, String key, boolean required) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw HttpError.badRequest("the body must have a \"" + key + "\" string");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest(key + " must be a string");
        }
        return v.asText();
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        return readJson(ex, Limits.MAX_JSON_BYTES, "JSON body");
    }

    private static JsonNode readJson(HttpExchange ex, int limit, String what) throws IOException {
        byte[] body = Http.readBody(ex, limit, what);
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw HttpError.badRequest("the request body is empty; expected a JSON object");
            }
            if (!n.isObject()) {
                throw HttpError.badRequest("the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static int intField(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw HttpError.badRequest(key + " must be a whole number");
        }
        return v.asInt();
    }

    private static double numberField(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || !v.isNumber()) {
            throw HttpError.badRequest(key + " must be a number");
        }
        return v.asDouble();
    }


}
