/**
 * The Shapes world: a tiny world of one coloured shape moving on a plain background, whose truth is known. It
 * gives captioned pictures for pretraining a small text-to-image model ({@link dev.tav.examples.shapes.ShapeWorld}),
 * captioned videos ({@link dev.tav.examples.shapes.ShapeVideo}), a fixed benchmark of source videos and edit
 * prompts ({@link dev.tav.examples.shapes.QualitySet}), analysers that recover the truth from decoded frames
 * ({@link dev.tav.examples.shapes.FrameAnalyser}, {@link dev.tav.examples.shapes.VideoAnalysis}) and a CLIP
 * vocabulary in which each of the world's words is one token ({@link dev.tav.examples.shapes.ShapeVocabulary}).
 * Everything is deterministic.
 */
package dev.tav.examples.shapes;
