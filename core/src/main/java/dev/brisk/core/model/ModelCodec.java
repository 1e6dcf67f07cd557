package dev.brisk.core.model;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of the models of one training run, as the model store keeps them: a
 * header (magic, format version), the item indexes the models share (ids and trends; genres are
 * taken from the catalog when read back), then each model's arrays. Models read back score exactly
 * like the ones written. A payload that is not in this format, or is cut short, is refused with a
 * {@link ModelFormatException}; integrity (a checksum) is the store's business.
 */
public final class ModelCodec {
    private static final byte[] MAGIC = "BRSKMODL".getBytes(StandardCharsets.US_ASCII);
    /**
     * Raised whenever the layout below changes. Format 2 added the hybrid's sequential rules after its
     * weights, format 3 its {@link Hybrid.Scaling} after the rules; format 1 payloads are still read
     * (their hybrids have no rules and a zero sequence weight), and formats 1 and 2 keep the scaling
     * their weights were tuned with ({@link Hybrid.Scaling#MAX}); others are refused, not misread.
     */
    public static final int FORMAT = 3;
    private static final int FORMAT_WITHOUT_RULES = 1;
    private static final int FORMAT_WITHOUT_SCALING = 2;

    private ModelCodec() {
    }

    /** A payload that cannot be read as models. */
    public static final class ModelFormatException extends RuntimeException {
        public ModelFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes the models of one run (a hybrid's parts must be among them). */
    public static byte[] encode(List<Recommender> models) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            Out out = new Out(new DataOutputStream(bytes));
            out.data.write(MAGIC);
            out.data.writeInt(FORMAT);
            Map<ItemIndex, Integer> indexes = new IdentityHashMap<>();
            List<ItemIndex> ordered = new ArrayList<>();
            for (Recommender model : models) {
                ItemIndex index = indexOf(model);
                if (index != null && !indexes.containsKey(index)) {
                    indexes.put(index, ordered.size());
                    ordered.add(index);
                }
            }
            out.data.writeInt(ordered.size());
            for (ItemIndex index : ordered) {
                out.strings(idsOf(index.ids));
                out.floats(index.trend);
            }
            out.data.writeInt(models.size());
            for (Recommender model : models) {
                out.string(model.type());
                out.info(model.info());
                if (model instanceof Popularity p) {
                    writePopularity(out, p);
                } else if (model instanceof ItemKnn k) {
                    out.data.writeInt(indexes.get(k.index));
                    out.settings(k.settings);
                    out.ints(k.start);
                    out.ints(k.neighbour);
                    out.floats(k.similarity);
                } else if (model instanceof ImplicitAls a) {
                    out.data.writeInt(indexes.get(a.index));
                    out.settings(a.settings);
                    out.data.writeInt(a.k);
                    out.data.writeDouble(a.alpha);
                    out.floats(a.itemFactors);
                    out.booleans(a.hasData);
                    out.doubles(a.gram);
                } else if (model instanceof ContentModel c) {
                    out.data.writeInt(indexes.get(c.index));
                    out.settings(c.settings);
                    out.strings(c.tokenNames);
                    out.booleans(c.tokenIsGenre);
                    out.ints(c.start);
                    out.ints(c.tokens);
                    out.floats(c.values);
                    out.floats(c.trendBonus);
                } else if (model instanceof Hybrid h) {
                    out.data.writeInt(position(models, h.als));
                    out.data.writeInt(position(models, h.knn));
                    out.data.writeInt(position(models, h.content));
                    out.doubles(h.weights.asArray());
                    out.ints(h.rules.start);
                    out.ints(h.rules.next);
                    out.floats(h.rules.weight);
                    out.data.writeInt(h.scaling.ordinal());
                } else {
                    throw new IllegalArgumentException("No binary form for model " + model.type());
                }
            }
            out.data.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads models written by {@link #encode}; their item indexes take titles and genres from
     * {@code catalog}, their feedback weights name types of {@code types} (a weight of a type that is
     * no longer declared is dropped: its events are not trained on any more).
     */
    public static List<Recommender> decode(byte[] payload, Catalog catalog, EventTypes types) {
        try {
            In in = new In(new DataInputStream(new ByteArrayInputStream(payload)), types);
            byte[] magic = new byte[MAGIC.length];
            in.data.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new ModelFormatException("not a Brisk model payload", null);
            }
            int format = in.data.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_SCALING && format != FORMAT_WITHOUT_RULES) {
                throw new ModelFormatException("model format " + format + " is not readable by this version (reads "
                        + FORMAT + ")", null);
            }
            int indexCount = in.count();
            List<ItemIndex> indexes = new ArrayList<>(indexCount);
            for (int i = 0; i < indexCount; i++) {
                IdMap ids = new IdMap();
                for (String id : in.strings()) {
                    ids.add(id);
                }
                indexes.add(ItemIndex.of(ids, in.floats(), catalog));
            }
            int modelCount = in.count();
            List<Recommender> models = new ArrayList<>(modelCount);
            for (int m = 0; m < modelCount; m++) {
                String type = in.string();
                ModelInfo info = in.info();
                models.add(switch (type) {
                    case Popularity.TYPE -> readPopularity(in, info);
                    case ItemKnn.TYPE -> new ItemKnn(info, indexes.get(in.data.readInt()), in.settings(), in.ints(),
                            in.ints(), in.floats());
                    case ImplicitAls.TYPE -> new ImplicitAls(info, indexes.get(in.data.readInt()), in.settings(),
                            in.data.readInt(), in.data.readDouble(), in.floats(), in.booleans(), in.doubles());
                    case ContentModel.TYPE -> new ContentModel(info, indexes.get(in.data.readInt()), in.settings(),
                            in.strings(), in.booleans(), in.ints(), in.ints(), in.floats(), in.floats());
                    case Hybrid.TYPE -> readHybrid(in, info, models, format);
                    default -> throw new ModelFormatException("unknown model type " + type, null);
                });
            }
            if (in.data.read() != -1) {
                throw new ModelFormatException("trailing bytes after the last model", null);
            }
            return models;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelFormatException mfe) {
                throw mfe;
            }
            throw new ModelFormatException("the model payload is damaged: " + e, e);
        }
    }

    private static Hybrid readHybrid(In in, ModelInfo info, List<Recommender> models, int format) throws IOException {
        ImplicitAls als = (ImplicitAls) models.get(in.data.readInt());
        ItemKnn knn = (ItemKnn) models.get(in.data.readInt());
        ContentModel content = (ContentModel) models.get(in.data.readInt());
        Hybrid.Weights weights = Hybrid.Weights.of(in.doubles());
        SequentialRules rules = format == FORMAT_WITHOUT_RULES ? SequentialRules.none(als.index)
                : new SequentialRules(als.index, in.ints(), in.ints(), in.floats());
        if (rules.start.length != als.index.size() + 1 || rules.next.length != rules.weight.length) {
            throw new ModelFormatException("the hybrid's sequential rules do not fit its items", null);
        }
        Hybrid.Scaling scaling = Hybrid.Scaling.MAX;
        if (format == FORMAT) {
            int code = in.data.readInt();
            if (code < 0 || code >= Hybrid.Scaling.values().length) {
                throw new ModelFormatException("unknown hybrid scaling " + code, null);
            }
            scaling = Hybrid.Scaling.values()[code];
        }
        return new Hybrid(info, als, knn, content, rules, weights, scaling);
    }

    /** The index a model was trained with; null for popularity, and for a hybrid (its parts carry it). */
    private static ItemIndex indexOf(Recommender model) {
        if (model instanceof ItemKnn k) {
            return k.index;
        } else if (model instanceof ImplicitAls a) {
            return a.index;
        } else if (model instanceof ContentModel c) {
            return c.index;
        }
        return null;
    }

    private static int position(List<Recommender> models, Recommender part) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i) == part) {
                return i;
            }
        }
        throw new IllegalArgumentException("a hybrid is stored with its parts; " + part.type() + " is missing");
    }

    private static String[] idsOf(IdMap ids) {
        String[] out = new String[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.idAt(i);
        }
        return out;
    }

    private static void writePopularity(Out out, Popularity p) throws IOException {
        out.strings(p.ranked);
        out.doubles(p.scores);
        out.data.writeInt(p.rankedByGenre.size());
        for (Map.Entry<String, int[]> e : p.rankedByGenre.entrySet()) {
            out.string(e.getKey());
            out.ints(e.getValue());
        }
        out.string(p.window);
    }

    private static Popularity readPopularity(In in, ModelInfo info) throws IOException {
        String[] ranked = in.strings();
        double[] scores = in.doubles();
        int genres = in.count();
        Map<String, int[]> byGenre = new java.util.HashMap<>();
        for (int g = 0; g < genres; g++) {
            byGenre.put(in.string(), in.ints());
        }
        return new Popularity(info, ranked, scores, byGenre, in.string());
    }

    private static final byte NULL = 0;
    private static final byte BOOLEAN = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    private static final byte LIST = 5;
    private static final byte MAP = 6;

    private static final class Out {
        final DataOutputStream data;

        Out(DataOutputStream data) {
            this.data = data;
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            data.writeInt(b.length);
            data.write(b);
        }

        void strings(String[] values) throws IOException {
            data.writeInt(values.length);
            for (String s : values) {
                string(s);
            }
        }

        void ints(int[] values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES);
            b.asIntBuffer().put(values);
            data.writeInt(values.length);
            data.write(b.array());
        }

        void floats(float[] values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES);
            b.asFloatBuffer().put(values);
            data.writeInt(values.length);
            data.write(b.array());
        }

        void doubles(double[] values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES);
            b.asDoubleBuffer().put(values);
            data.writeInt(values.length);
            data.write(b.array());
        }

        void booleans(boolean[] values) throws IOException {
            data.writeInt(values.length);
            for (boolean v : values) {
                data.writeBoolean(v);
            }
        }

        void info(ModelInfo info) throws IOException {
            string(info.type());
            string(info.version());
            data.writeLong(info.trainedAt());
            data.writeLong(info.trainingMillis());
            data.writeInt(info.users());
            data.writeInt(info.items());
            data.writeInt(info.interactions());
            value(info.parameters());
        }

        void settings(InteractionMatrix.Settings s) throws IOException {
            value(s.weights().asMap());
            data.writeDouble(s.decayHalfLifeDays());
            data.writeDouble(s.trendHalfLifeDays());
        }

        /** The parameters' JSON-like values: null, booleans, numbers, strings, lists and maps of them. */
        void value(Object v) throws IOException {
            if (v == null) {
                data.writeByte(NULL);
            } else if (v instanceof Boolean b) {
                data.writeByte(BOOLEAN);
                data.writeBoolean(b);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                data.writeByte(LONG);
                data.writeLong(((Number) v).longValue());
            } else if (v instanceof Number n) {
                data.writeByte(DOUBLE);
                data.writeDouble(n.doubleValue());
            } else if (v instanceof Map<?, ?> m) {
                data.writeByte(MAP);
                data.writeInt(m.size());
                // Sorted: the same models always give the same bytes, whatever a map's iteration order.
                java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
                m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    string(e.getKey());
                    value(e.getValue());
                }
            } else if (v instanceof List<?> l) {
                data.writeByte(LIST);
                data.writeInt(l.size());
                for (Object o : l) {
                    value(o);
                }
            } else {
                data.writeByte(STRING);
                string(v.toString());
            }
        }
    }

    private static final class In {
        final DataInputStream data;
        final EventTypes types;

        In(DataInputStream data, EventTypes types) {
            this.data = data;
            this.types = types;
        }

        /** A length, checked against what is left so that a damaged length cannot allocate gigabytes. */
        int count() throws IOException {
            int n = data.readInt();
            if (n < 0 || n > data.available()) {
                throw new ModelFormatException("a length of " + n + " does not fit the payload", null);
            }
            return n;
        }

        private byte[] bytes(int n, int width) throws IOException {
            if ((long) n * width > data.available()) {
                throw new ModelFormatException("an array of " + n + " does not fit the payload", null);
            }
            byte[] b = new byte[n * width];
            data.readFully(b);
            return b;
        }

        String string() throws IOException {
            return new String(bytes(count(), 1), StandardCharsets.UTF_8);
        }

        String[] strings() throws IOException {
            String[] out = new String[count()];
            for (int i = 0; i < out.length; i++) {
                out[i] = string();
            }
            return out;
        }

        int[] ints() throws IOException {
            int n = data.readInt();
            int[] out = new int[Math.max(0, n)];
            ByteBuffer.wrap(bytes(n, Integer.BYTES)).asIntBuffer().get(out);
            return out;
        }

        float[] floats() throws IOException {
            int n = data.readInt();
            float[] out = new float[Math.max(0, n)];
            ByteBuffer.wrap(bytes(n, Float.BYTES)).asFloatBuffer().get(out);
            return out;
        }

        double[] doubles() throws IOException {
            int n = data.readInt();
            double[] out = new double[Math.max(0, n)];
            ByteBuffer.wrap(bytes(n, Double.BYTES)).asDoubleBuffer().get(out);
            return out;
        }

        boolean[] booleans() throws IOException {
            boolean[] out = new boolean[count()];
            for (int i = 0; i < out.length; i++) {
                out[i] = data.readBoolean();
            }
            return out;
        }

        ModelInfo info() throws IOException {
            return new ModelInfo(string(), string(), data.readLong(), data.readLong(), data.readInt(), data.readInt(),
                    data.readInt(), asMap(value()));
        }

        InteractionMatrix.Settings settings() throws IOException {
            Map<EventType, Double> weights = new HashMap<>();
            asMap(value()).forEach((name, w) -> types.fromWire(name)
                    .ifPresent(t -> weights.put(t, ((Number) w).doubleValue())));
            return new InteractionMatrix.Settings(FeedbackWeights.of(types, weights), data.readDouble(), data.readDouble());
        }

        Object value() throws IOException {
            byte tag = data.readByte();
            return switch (tag) {
                case NULL -> null;
                case BOOLEAN -> data.readBoolean();
                case LONG -> data.readLong();
                case DOUBLE -> data.readDouble();
                case STRING -> string();
                case LIST -> {
                    int n = count();
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(value());
                    }
                    yield list;
                }
                case MAP -> {
                    int n = count();
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        map.put(string(), value());
                    }
                    yield map;
                }
                default -> throw new ModelFormatException("unknown value tag " + tag, null);
            };
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> asMap(Object value) {
            if (!(value instanceof Map<?, ?>)) {
                throw new ModelFormatException("expected a map of parameters", null);
            }
            return (Map<String, Object>) value;
        }
    }
}
