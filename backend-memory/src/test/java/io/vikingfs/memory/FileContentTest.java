package io.vikingfs.memory;

import io.vikingfs.memory.PowerLossModel.DataOp;
import io.vikingfs.trials.Trials;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FileContent} against the plain definition, {@link DataOp#applyTo} on arrays: every value ever made keeps
 * exactly its bytes, whatever is later written through it or through any older or newer value sharing its buffer
 * (a crash point holds old values while the live store keeps appending).
 */
class FileContentTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyValue_keepsExactlyItsBytes_whateverIsAppliedToAnyValueLater() {
        // No shrinking needed: values are checked after every step, so a failure names the first step that breaks.
        Trials.of(300).check(rnd -> {
            List<FileContent> values = new ArrayList<>();
            List<byte[]> expected = new ArrayList<>();
            values.add(rnd.nextBoolean() ? FileContent.empty() : FileContent.copyOf(randomBytes(rnd, 40)));
            expected.add(values.get(0).toArray());
            for (int step = 0; step < 60; step++) {
                // Mostly the newest value (the live file), sometimes an older one (what a crash point or a
                // materialisation starts from).
                int from = rnd.nextInt(4) > 0 ? values.size() - 1 : rnd.nextInt(values.size());
                FileContent v = values.get(from);
                DataOp op = randomOp(rnd, v.length());
                values.add(v.apply(op));
                expected.add(op.applyTo(expected.get(from)));
                for (int i = 0; i < values.size(); i++) {
                    assertThat(values.get(i).toArray()).as("value %d after step %d (%s)", i, step, op)
                            .isEqualTo(expected.get(i));
                    assertThat(values.get(i).length()).isEqualTo(expected.get(i).length);
                }
            }
        });
    }

    /**
     * A write read from a buffer ({@code write}, how the crash recorder records one) makes the same value as
     * {@code apply} of the same bytes, moves no buffer, and {@code range} reads back exactly the bytes written
     * from that value — after any later writes through it or older values (a pending step's bytes are read so).
     */
    @Test
    void aWriteFromABuffer_isApply_andItsBytesReadBackWhateverIsWrittenLater() {
        Trials.of(300).check(rnd -> {
            List<FileContent> values = new ArrayList<>();
            List<byte[]> expected = new ArrayList<>();
            List<int[]> writes = new ArrayList<>(); // value index, offset, length
            List<byte[]> written = new ArrayList<>();
            values.add(FileContent.empty());
            expected.add(new byte[0]);
            for (int step = 0; step < 40; step++) {
                int from = rnd.nextInt(4) > 0 ? values.size() - 1 : rnd.nextInt(values.size());
                DataOp op = randomOp(rnd, values.get(from).length());
                if (op.bytes() == null) {
                    values.add(values.get(from).apply(op));
                } else {
                    byte[] padded = new byte[op.bytes().length + 7];
                    System.arraycopy(op.bytes(), 0, padded, 3, op.bytes().length);
                    // A slice (its array offset 1), read from its index 2: the bytes at padded[3...].
                    ByteBuffer src = ByteBuffer.wrap(padded).position(1).slice();
                    if (rnd.nextBoolean()) {
                        src = src.asReadOnlyBuffer(); // no array to copy from: read through the buffer
                    }
                    values.add(values.get(from).write(op.offset(), src, 2, op.bytes().length));
                    assertThat(src.position()).as("the buffer is not moved").isZero();
                    writes.add(new int[] {values.size() - 1, (int) op.offset(), op.bytes().length});
                    written.add(op.bytes());
                }
                expected.add(op.applyTo(expected.get(from)));
                assertThat(values.get(values.size() - 1).toArray()).as("step %d (%s)", step, op)
                        .isEqualTo(expected.get(expected.size() - 1));
                for (int w = 0; w < writes.size(); w++) {
                    int[] at = writes.get(w);
                    assertThat(values.get(at[0]).range(at[1], at[2])).as("write %d after step %d", w, step)
                            .isEqualTo(written.get(w));
                }
            }
        });
    }

    /**
     * A positioned read ({@code read}, how the memory store reads a file) is {@code FileChannel.read}'s: the bytes
     * from its position that fit the buffer, put at the buffer's position (across the blocks appends added), -1 at
     * or past the end, 0 into a full buffer.
     */
    @Test
    void aPositionedRead_isTheBytesFromThere_thatFitTheBuffer() {
        Trials.of(300).check(rnd -> {
            FileContent v = FileContent.empty();
            byte[] expected = new byte[0];
            for (int step = 0; step < 30; step++) {
                DataOp op = randomOp(rnd, v.length());
                v = v.apply(op);
                expected = op.applyTo(expected);
                long at = rnd.nextInt(expected.length + 3);
                int room = rnd.nextInt(400);
                ByteBuffer dst = ByteBuffer.allocate(room + 5).position(2).limit(2 + room);
                int n = v.read(dst, at);
                if (room == 0) {
                    assertThat(n).isZero();
                } else if (at >= expected.length) {
                    assertThat(n).as("at %d of %d", at, expected.length).isEqualTo(-1);
                } else {
                    int want = (int) Math.min(room, expected.length - at);
                    assertThat(n).isEqualTo(want);
                    assertThat(dst.position()).isEqualTo(2 + want);
                    assertThat(Arrays.copyOfRange(dst.array(), 2, 2 + want))
                            .isEqualTo(Arrays.copyOfRange(expected, (int) at, (int) at + want));
                }
            }
        });
    }

    @Test
    void aRangeOutsideTheContent_isRefused() {
        FileContent v = FileContent.copyOf(utf8("abcd"));
        assertThat(v.range(1, 3)).isEqualTo(utf8("bcd"));
        assertThatThrownBy(() -> v.range(2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("bytes 2+3 of a content of 4");
        assertThatThrownBy(() -> v.range(-1, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static DataOp randomOp(Random rnd, int length) {
        return switch (rnd.nextInt(8)) {
            case 0 -> new DataOp(rnd.nextInt(length + 4), null);                     // truncate (may not extend)
            case 1 -> new DataOp(rnd.nextInt(length + 1), randomBytes(rnd, 12));       // overwrite or append
            case 2 -> new DataOp(length + 1 + rnd.nextInt(5), randomBytes(rnd, 6));    // past the end: a gap
            case 3 -> new DataOp(rnd.nextInt(length + 3), new byte[0]);                // empty write
            default -> new DataOp(length, randomBytes(rnd, 300));                      // append
        };
    }

    private static byte[] randomBytes(Random rnd, int max) {
        byte[] b = new byte[rnd.nextInt(max + 1)];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void append_toTheNewestValue_leavesTheOlderOneUnchanged() {
        FileContent first = FileContent.copyOf(utf8("r1\n"));
        FileContent second = first.apply(new DataOp(3, utf8("r2\n")));
        assertThat(first.toArray()).isEqualTo(utf8("r1\n"));
        assertThat(second.toArray()).isEqualTo(utf8("r1\nr2\n"));
    }

    @Test
    void twoAppendsToOneOlderValue_neverSeeEachOther() {
        FileContent base = FileContent.copyOf(utf8("r1\n"));
        FileContent a = base.apply(new DataOp(3, utf8("aa\n")));
        FileContent b = base.apply(new DataOp(3, utf8("bb\n")));
        assertThat(a.toArray()).isEqualTo(utf8("r1\naa\n"));
        assertThat(b.toArray()).isEqualTo(utf8("r1\nbb\n"));
    }

    @Test
    void appendAfterTruncation_readsZerosNotTheCutBytes_inTheGap() {
        FileContent full = FileContent.copyOf(utf8("abcdef"));
        FileContent cut = full.apply(new DataOp(2, null));
        FileContent gap = cut.apply(new DataOp(4, utf8("X")));
        assertThat(gap.toArray()).isEqualTo(new byte[] {'a', 'b', 0, 0, 'X'});
        assertThat(full.toArray()).isEqualTo(utf8("abcdef"));
    }

    @Test
    void truncation_pastTheEnd_neverExtends() {
        FileContent v = FileContent.copyOf(utf8("ab"));
        assertThat(v.apply(new DataOp(10, null)).toArray()).isEqualTo(utf8("ab"));
    }
}
