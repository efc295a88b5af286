package dev.tav.model.safetensors;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.stream.JsonWriter;
import dev.tav.internal.AtomicFiles;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensor.HalfFloats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Collects tensors and metadata and writes them as one safetensors file, atomically: the bytes go to a temporary
 * file beside the target, are forced to disk, and the temporary file is then moved over the target. A reader never
 * sees a half-written file, and a failed write leaves any previous file in place.
 *
 * <p>Tensors are written in the order they were added. Not thread-safe.
 */
public final class SafetensorsWriter {
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Pending> tensors = new LinkedHashMap<>();

    private record Pending(DataType type, Shape shape, ByteBuffer bytes) {}

    /** Creates an empty writer. */
    public SafetensorsWriter() {}

    /**
     * Adds a {@code __metadata__} entry.
     *
     * @param key the key
     * @param value the value
     * @return this writer
     */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a float32 tensor.
     *
     * @param name the tensor name, unique in the file
     * @param tensor the values
     * @return this writer
     */
    public SafetensorsWriter add(String name, FloatTensor tensor) {
        ByteBuffer b = ByteBuffer.allocate(4 * tensor.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(tensor.buffer());
        return add(name, DataType.FLOAT32, tensor.shape(), b);
    }

    /**
     * Adds a float tensor stored in half precision ({@link DataType#FLOAT16}) or bfloat16
     * ({@link DataType#BFLOAT16}), rounding each value to nearest even.
     *
     * @param name the tensor name, unique in the file
     * @param tensor the values
     * @param storedType {@code FLOAT16}, {@code BFLOAT16} or {@code FLOAT32}
     * @return this writer
     */
    public SafetensorsWriter add(String name, FloatTensor tensor, DataType storedType) {
        if (storedType == DataType.FLOAT32) {
            return add(name, tensor);
        }
        if (storedType != DataType.FLOAT16 && storedType != DataType.BFLOAT16) {
            throw new IllegalArgumentException("storedType must be FLOAT32, FLOAT16 or BFLOAT16, not " + storedType);
        }
        ByteBuffer b = ByteBuffer.allocate(2 * tensor.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tensor.size(); i++) {
            float v = tensor.get(i);
            b.putShort(storedType == DataType.FLOAT16 ? HalfFloats.floatToHalf(v) : HalfFloats.floatToBfloat16(v));
        }
        return add(name, storedType, tensor.shape(), b.flip());
    }

    /**
     * Adds a 64-bit integer tensor.
     *
     * @param name the tensor name, unique in the file
     * @param shape the shape
     * @param values the values in row-major order
     * @return this writer
     */
    public SafetensorsWriter addLongs(String name, Shape shape, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return add(name, DataType.INT64, shape, b);
    }

    /**
     * Adds a tensor from its raw little-endian bytes.
     *
     * @param name the tensor name, unique in the file
     * @param type the stored dtype
     * @param shape the shape
     * @param bytes exactly {@code shape.size() × size(type)} bytes, from position to limit (copied)
     * @return this writer
     * @throws IllegalArgumentException if the name is taken, the dtype has no safetensors name, or the byte count
     *     is wrong
     */
    public SafetensorsWriter add(String name, DataType type, Shape shape, ByteBuffer bytes) {
        Objects.requireNonNull(name, "name");
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        if (name.equals("__metadata__")) {
            throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
        }
        long expected = Math.multiplyExact(shape.size(), (long) DTypes.size(type));
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + DTypes.name(type) + shape + " needs "
                    + expected + " bytes, " + bytes.remaining() + " given");
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes.duplicate()).flip();
        tensors.put(name, new Pending(type, shape, copy));
        return this;
    }

    /**
     * Writes the file atomically, replacing {@code target} if it exists: a temporary file
     * {@code .NAME.<digits>.tmp} beside the target is written, forced to disk and renamed over it. Temporaries left
     * by an earlier write that was killed are deleted first.
     *
     * @param target the file to write; its parent folder is created if missing
     * @throws IOException if writing fails; {@code target} is then unchanged
     */
    public void write(Path target) throws IOException {
        byte[] header = header();
        AtomicFiles.writeFile(target, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(ch, len.flip());
                writeFully(ch, ByteBuffer.wrap(header));
                for (Pending p : tensors.values()) {
                    writeFully(ch, p.bytes().duplicate());
                }
            }
        });
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private byte[] header() {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name("__metadata__").beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    w.name(e.getKey()).value(e.getValue());
                }
                w.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, Pending> e : tensors.entrySet()) {
                Pending p = e.getValue();
                w.name(e.getKey()).beginObject();
                w.name("dtype").value(DTypes.name(p.type()));
                w.name("shape").beginArray();
                for (long d : p.shape().getShape()) {
                    w.value(d);
                }
                w.endArray();
                long end = offset + p.bytes().remaining();
                w.name("data_offsets").beginArray().value(offset).value(end).endArray();
                w.endObject();
                offset = end;
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] json = sw.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
