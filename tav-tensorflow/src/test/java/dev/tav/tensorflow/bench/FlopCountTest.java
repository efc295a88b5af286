package dev.tav.tensorflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.model.UNetConfig;
import dev.tav.tensorflow.TestFixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FlopCountTest {
    private static UNetConfig tiny(String model) throws IOException {
        return UNetConfig.read(TestFixtures.resolve("models/" + model + "/unet/config.json"));
    }

    /*
     * Hand count for tiny-sd (channels 32,32,64,64; 2 layers; text width 32) on one 16x16 image, 77 text tokens.
     * Positions per level P = 256, 64, 16, 4. A 3x3 conv in->out at P costs 2*in*out*9*P, a 1x1 one 2*in*out*P.
     * conv: conv_in 589,824; down0 resnets 4x4,718,592 + proj 4x524,288 + downsample 1,179,648; down1 4x1,179,648
     *   + 4x131,072 + 294,912; down2 589,824+1,179,648+65,536 + 2x1,179,648 + 4x131,072 + 294,912; down3 4x294,912;
     *   mid 4x294,912 + 2x32,768; up0 3x(589,824+294,912+65,536) + 1,179,648; up1 (128,128,96 in) 10,747,904
     *   + 6x131,072 + 4,718,592; up2 (96,64,64 in) 12,713,984 + 6x131,072 + 4,718,592; up3 3x15,204,352
     *   + 6x524,288; conv_out 589,824.  Total 123,568,128.
     * linear: time embedding 2*32*128 + 2*128*128 = 40,960; time_emb_proj 2*128*(sum of 22 resnet widths = 1,088)
     *   = 278,528; per transformer 36*C*C*T (q,k,v,out of attn1; q,out of attn2; GEGLU 8C and 4C->C) plus the
     *   text keys/values 4*32*C*77: 78,626,816 in all.
     * attention: per transformer 4*T*T*C (self) + 4*T*77*C (text) = 62,321,664.
     */
    @Test
    void tiny_sd_on_one_image_matches_the_hand_count() throws IOException {
        FlopCount count = FlopCount.of(tiny("tiny-sd"), new StepShape(1, 1, 16, 16, 77, 1));

        assertThat(count.convolution()).isEqualTo(123_568_128L);
        assertThat(count.linear()).isEqualTo(78_626_816L);
        assertThat(count.attention()).isEqualTo(62_321_664L);
        assertThat(count.total()).isEqualTo(264_516_608L);
    }

    /*
     * tiny-tav, batch 2 x 3 frames (6 images), sparse-causal attention (frames 0 and 1 attend to frame 0 once,
     * frame 2 to frames 0 and 1: 4 key frames of 16x16, 8x8, ... per video) and temporal attention (3 keys per
     * query; q,k,v,out projections 8*C*C*T more). The same hand derivation with every positional count multiplied
     * by 6, the text projections per image, time layers per batch item. Self-attention per key frame and image is
     * 44,896,256 (tiny-sd's 62,321,664 less its text part 17,425,408): the reference's 6 key frames per video
     * would count 2 x 2 x 44,896,256 = 179,585,024 more.
     */
    @Test
    void tiny_tav_video_step_counts_sparse_causal_and_temporal_attention() throws IOException {
        FlopCount count = FlopCount.of(tiny("tiny-tav"), StepShape.sparseCausal(2, 3, 16));

        assertThat(count.convolution()).isEqualTo(741_408_768L);
        assertThat(count.linear()).isEqualTo(565_641_216L);
        assertThat(count.attention()).isEqualTo(467_795_968L);
    }

    @Test
    void convolutions_grow_linearly_with_frames_and_self_attention_with_key_frames() throws IOException {
        UNetConfig config = tiny("tiny-sd");
        FlopCount one = FlopCount.of(config, new StepShape(2, 1, 16, 16, 77, 1));
        FlopCount eight = FlopCount.of(config, new StepShape(2, 8, 16, 16, 77, 8));
        FlopCount sparse = FlopCount.of(config, new StepShape(2, 8, 16, 16, 77, 16));

        assertThat(eight.convolution()).isEqualTo(8 * one.convolution());
        assertThat(eight.attention()).isEqualTo(8 * one.attention());
        assertThat(sparse.attention()).isGreaterThan(eight.attention()).isLessThan(2 * eight.attention());
    }
}
