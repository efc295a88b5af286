package dev.tav.video;

import dev.tav.model.ModelFormatException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.CompositionOffsetsBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.SampleSizesBox;
import org.jcodec.containers.mp4.boxes.SyncSamplesBox;
import org.jcodec.containers.mp4.boxes.TimeToSampleBox;
import org.jcodec.containers.mp4.boxes.TrakBox;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.containers.mp4.demuxer.MP4DemuxerTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads H.264 video from MP4 through JCodec's demuxer and decoder, in display order.
 *
 * <p>Samples are decoded in file (decode) order; each sample's display index is the rank of its composition time
 * ({@code stts} + {@code ctts}), so B-frames come out in the right order. Only frames at or after the reading position
 * are colour-converted and kept. {@link #seek(int)} jumps to the last IDR frame at or before the first sample needed
 * (an IDR frame never depends on earlier samples), so a far-away start is not decoded from the beginning.
 *
 * <p>JCodec sees the file only after {@link Mp4Boxes} has checked its structure, and through a {@link PatchedChannel}
 * that hides the boxes it does not need; frames are decoded by a {@link GuardedDecoder} with a time limit. Both
 * because JCodec loops or allocates without bound on some corrupt data.
 */
final class Mp4Reader extends AbstractVideoReader {
    private static final Logger LOG = LoggerFactory.getLogger(Mp4Reader.class);

    static {
        JCodecLogging.install();
    }

    private final PatchedChannel channel;
    private final MP4DemuxerTrack track;
    private final ByteBuffer codecPrivate;
    private final int[] displayOfSample;
    private final int[] firstSampleFrom;
    private final int[] syncSamples;
    private final YuvColor.Matrix matrix;
    private final boolean fullRange;
    private final byte[][] buffer;
    private final int codedWidth;
    private final int codedHeight;
    private final Map<Integer, int[]> ready = new HashMap<>();
    private GuardedDecoder decoder;
    private int nextSample;

    private Mp4Reader(VideoInfo info, PatchedChannel channel, MP4DemuxerTrack track, ByteBuffer codecPrivate,
            int[] displayOfSample, int[] syncSamples, SeqParameterSet sps) {
        super(info);
        this.channel = channel;
        this.track = track;
        this.codecPrivate = codecPrivate;
        this.displayOfSample = displayOfSample;
        this.syncSamples = syncSamples;
        int n = displayOfSample.length;
        int[] sampleOfDisplay = new int[n];
        for (int s = 0; s < n; s++) {
            sampleOfDisplay[displayOfSample[s]] = s;
        }
        firstSampleFrom = new int[n + 1];
        firstSampleFrom[n] = n;
        for (int d = n - 1; d >= 0; d--) {
            firstSampleFrom[d] = Math.min(sampleOfDisplay[d], firstSampleFrom[d + 1]);
        }
        VUIParameters vui = sps.vuiParams;
        matrix = YuvColor.Matrix.fromVui(vui != null && vui.colourDescriptionPresentFlag ? vui.matrixCoefficients : -1);
        fullRange = vui != null && vui.videoSignalTypePresentFlag && vui.videoFullRangeFlag;
        int mbW = sps.picWidthInMbsMinus1 + 1;
        int mbH = SeqParameterSet.getPicHeightInMbs(sps);
        codedWidth = mbW * 16;
        codedHeight = mbH * 16;
        buffer = Picture.create(codedWidth, codedHeight, ColorSpace.YUV444).getData();
    }

    static Mp4Reader open(Path path) throws IOException {
        Mp4Boxes.Result boxes = Mp4Boxes.check(path);
        PatchedChannel ch = PatchedChannel.open(path, boxes.freed());
        try {
            return open(path, ch, boxes);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            if (e instanceof ModelFormatException || e instanceof Error) {
                throw e;
            }
            throw new ModelFormatException(path, null, "not a readable MP4 file (" + e + ")", e);
        }
    }

    private static Mp4Reader open(Path path, PatchedChannel ch, Mp4Boxes.Result boxes) throws IOException {
        long fileSize = boxes.fileSize();
        MP4Demuxer demuxer;
        try {
            demuxer = MP4Demuxer.createMP4Demuxer(ch);
        } catch (OutOfMemoryError e) {
            // Last resort: a corrupt count in a box not checked above made JCodec request a huge array. The request
            // failed at once, so nothing was filled and the heap is intact.
            throw new ModelFormatException(path, "moov", "a table in the movie header claims more entries than fit"
                    + " in memory: the file is corrupt", e);
        }
        DemuxerTrack vt = demuxer.getVideoTrack();
        if (vt == null) {
            throw new ModelFormatException(path, null, "the MP4 file has no video track");
        }
        if (!(vt instanceof MP4DemuxerTrack track)) {
            throw new ModelFormatException(path, null, "the video track stores samples of constant size, "
                    + "which is not H.264 video");
        }
        DemuxerTrackMeta meta = track.getMeta();
        if (meta.getCodec() != Codec.H264) {
            throw new ModelFormatException(path, null, "the video codec is " + meta.getCodec() + " ('"
                    + track.getFourcc() + "'); only H.264 can be decoded (re-encode, e.g. ffmpeg -c:v libx264)");
        }
        ByteBuffer codecPrivate = meta.getCodecPrivate();
        List<ByteBuffer> spsList = codecPrivate == null ? List.of() : H264Utils.getRawSPS(codecPrivate.duplicate());
        if (spsList.isEmpty()) {
            throw new ModelFormatException(path, "avcC", "the H.264 track has no sequence parameter set");
        }
        SeqParameterSet sps = H264Utils.readSPS(spsList.get(0).duplicate());
        int[] size = checkSupported(path, sps);
        for (ByteBuffer raw : H264Utils.getRawPPS(codecPrivate.duplicate())) {
            PictureParameterSet pps = H264Utils.readPPS(raw.duplicate());
            if (pps.weightedBipredIdc == 2) {
                LOG.warn("{}: uses implicit weighted bi-prediction, which JCodec decodes inexactly;"
                        + " frames may differ from FFmpeg's by a few levels", path);
            }
        }
        TrakBox trak = track.getBox();
        long timescale = trak.getTimescale();
        if (timescale <= 0) {
            throw new ModelFormatException(path, "mdhd", "the video track's timescale is " + timescale);
        }
        SampleSizesBox stsz = NodeBox.findFirstPath(trak, SampleSizesBox.class, Box.path("mdia.minf.stbl.stsz"));
        int[] sizes = stsz.getSizes();
        int n = sizes.length;
        if (n == 0) {
            throw new ModelFormatException(path, "stsz", "the video track has no frames");
        }
        for (int s = 0; s < n; s++) {
            if (sizes[s] < 0 || sizes[s] > fileSize) {
                throw new ModelFormatException(path, "stsz", "frame " + s + " claims " + sizes[s]
                        + " bytes in a file of " + fileSize + " bytes");
            }
        }
        long[] pts = new long[n];
        TimeToSampleBox stts = NodeBox.findFirstPath(trak, TimeToSampleBox.class, Box.path("mdia.minf.stbl.stts"));
        long t = 0;
        int s = 0;
        for (TimeToSampleBox.TimeToSampleEntry e : stts.getEntries()) {
            if (e.getSampleCount() < 0 || e.getSampleDuration() < 0) {
                throw new ModelFormatException(path, "stts", "negative sample count or duration");
            }
            for (int i = 0; i < e.getSampleCount() && s < n; i++, s++) {
                pts[s] = t;
                t += e.getSampleDuration();
            }
        }
        if (s != n) {
            throw new ModelFormatException(path, "stts", "times are given for " + s + " of " + n + " frames");
        }
        CompositionOffsetsBox ctts = NodeBox.findFirstPath(trak, CompositionOffsetsBox.class,
                Box.path("mdia.minf.stbl.ctts"));
        if (ctts != null) {
            s = 0;
            for (CompositionOffsetsBox.Entry e : ctts.getEntries()) {
                for (int i = 0; i < e.getCount() && s < n; i++, s++) {
                    pts[s] += e.getOffset();
                }
            }
            if (s != n) {
                throw new ModelFormatException(path, "ctts", "offsets are given for " + s + " of " + n + " frames");
            }
        }
        if (t <= 0) {
            throw new ModelFormatException(path, "stts", "the video track lasts 0 time units");
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> pts[a] != pts[b] ? Long.compare(pts[a], pts[b]) : Integer.compare(a, b));
        int[] displayOfSample = new int[n];
        for (int d = 0; d < n; d++) {
            displayOfSample[order[d]] = d;
        }
        SyncSamplesBox stss = NodeBox.findFirstPath(trak, SyncSamplesBox.class, Box.path("mdia.minf.stbl.stss"));
        int[] sync = stss == null ? null : stss.getSyncSamples().clone();
        if (sync != null) {
            Arrays.sort(sync);
        }
        double fps = n / (t / (double) timescale);
        VideoInfo info = new VideoInfo(path, VideoFormat.MP4, n, size[0], size[1], fps, boxes.metadata());
        return new Mp4Reader(info, ch, track, codecPrivate, displayOfSample, sync, sps);
    }

    /** @return {width, height} after cropping */
    private static int[] checkSupported(Path path, SeqParameterSet sps) throws ModelFormatException {
        String problem = null;
        // The profile first: JCodec's SPS parser misreads the fields of profiles it does not know (e.g. 4:4:4).
        if (sps.profileIdc != 66 && sps.profileIdc != 77 && sps.profileIdc != 100) {
            problem = "the " + profileName(sps.profileIdc) + " profile (Baseline, Main and High are supported)";
        } else if (sps.chromaFormatIdc != ColorSpace.YUV420J) {
            problem = "chroma format " + sps.chromaFormatIdc + " (only 4:2:0 is supported)";
        } else if (sps.bitDepthLumaMinus8 != 0 || sps.bitDepthChromaMinus8 != 0) {
            problem = (8 + sps.bitDepthLumaMinus8) + "-bit samples (only 8-bit is supported)";
        } else if (!sps.frameMbsOnlyFlag) {
            problem = "interlaced coding (only progressive is supported)";
        }
        if (problem != null) {
            throw new ModelFormatException(path, "SPS", "JCodec cannot decode H.264 with " + problem
                    + "; re-encode, e.g. ffmpeg -c:v libx264 -pix_fmt yuv420p");
        }
        int codedW = (sps.picWidthInMbsMinus1 + 1) * 16;
        int codedH = SeqParameterSet.getPicHeightInMbs(sps) * 16;
        int w = codedW;
        int h = codedH;
        if (sps.frameCroppingFlag) {
            w -= 2 * (sps.frameCropLeftOffset + sps.frameCropRightOffset);
            h -= 2 * (sps.frameCropTopOffset + sps.frameCropBottomOffset);
        }
        checkSize(path, "the SPS's coded picture", codedW, codedH);
        if (w < 1 || h < 1) {
            throw new ModelFormatException(path, "SPS", "cropping leaves a picture of " + w + "x" + h + " (coded "
                    + codedW + "x" + codedH + ")");
        }
        return new int[] {w, h};
    }

    private static String profileName(int idc) {
        return switch (idc) {
            case 44 -> "CAVLC 4:4:4 Intra (44)";
            case 88 -> "Extended (88)";
            case 110 -> "High 10 (110)";
            case 122 -> "High 4:2:2 (122)";
            case 244 -> "High 4:4:4 Predictive (244)";
            default -> "H.264 profile_idc " + idc;
        };
    }


    @Override
    int[] decode(int index) throws IOException {
        while (!ready.containsKey(index)) {
            decodeSample(index);
        }
        return ready.remove(index);
    }

    private void decodeSample(int wanted) throws IOException {
        int s = nextSample;
        if (s >= displayOfSample.length) {
            throw corrupt(wanted, "the decoder produced no picture for it", null);
        }
        Packet packet;
        Picture pic;
        try {
            packet = readPacket(s);
            if (packet == null) {
                throw corrupt(displayOfSample[s], "its data lies beyond the end of the file: the file is truncated",
                        null);
            }
            if (decoder == null) {
                decoder = new GuardedDecoder(codecPrivate, buffer, (long) codedWidth * codedHeight,
                        info().source().getFileName().toString());
            }
            pic = decoder.decode(packet.getData());
        } catch (RuntimeException e) {
            throw corrupt(displayOfSample[s], "cannot be decoded: the H.264 data is corrupt or uses an"
                    + " unsupported feature", e);
        } catch (TimeoutException e) {
            throw corrupt(displayOfSample[s], "decoding did not finish within " + decoder.timeoutMillis()
                    + " ms: the H.264 data is corrupt (JCodec's decoder loops on it)", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding " + info().source());
        }
        if (pic == null) {
            throw corrupt(displayOfSample[s], "sample " + s + " holds no picture", null);
        }
        nextSample++;
        int d = displayOfSample[s];
        if (d >= position()) {
            ready.put(d, YuvColor.toRgb(pic, matrix, fullRange));
        }
    }

    @Override
    void seek(int target) throws IOException {
        ready.keySet().removeIf(d -> d < target);
        int first = firstSampleFrom[target];
        if (first <= nextSample) {
            return;
        }
        int idr = lastIdrAtOrBefore(first);
        if (idr > nextSample) {
            track.gotoFrame(idr);
            nextSample = idr;
            ready.clear();
        }
    }

    /** @return the last IDR sample in {@code (nextSample, limit]}, or -1 */
    private int lastIdrAtOrBefore(int limit) throws IOException {
        for (int s = limit; s > nextSample; s--) {
            if (isSync(s) && isIdr(s)) {
                return s;
            }
        }
        return -1;
    }

    private boolean isSync(int sample) {
        return syncSamples == null || Arrays.binarySearch(syncSamples, sample + 1) >= 0;
    }

    /** @return the next sample's packet, null past the end of the file */
    private Packet readPacket(int sample) throws ModelFormatException {
        try {
            return track.nextFrame();
        } catch (IOException e) {
            throw corrupt(displayOfSample[sample], "cannot be read: the sample table points outside the file", e);
        }
    }

    private boolean isIdr(int sample) throws IOException {
        try {
            track.gotoFrame(sample);
            Packet p = readPacket(sample);
            return p != null && H264Utils.idrSlice(H264Utils.splitFrame(p.getData()));
        } catch (RuntimeException e) {
            throw corrupt(displayOfSample[sample], "cannot be read", e);
        } finally {
            track.gotoFrame(nextSample);
        }
    }

    @Override
    public void close() throws IOException {
        if (decoder != null) {
            decoder.close();
        }
        channel.close();
    }
}
