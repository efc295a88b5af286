/**
 * Pretraining of the embedded shapes-world model with tav's own trainers (the {@code tav pretrain} command):
 * {@link dev.tav.examples.pretrain.ShapesPretraining} runs the stages — tokenizer and frozen text encoder, autoencoder,
 * text-to-image U-Net on still pictures — each resumable from its checkpoint, and exports the model in half precision;
 * {@link dev.tav.examples.pretrain.PretrainSettings} holds the schedule. See {@code docs/shapes-world.md}.
 */
package dev.tav.examples.pretrain;
