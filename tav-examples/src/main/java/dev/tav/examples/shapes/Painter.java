package dev.tav.examples.shapes;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Draws Shapes world objects with Java2D, antialiased, for the generator and for the analyser's templates alike. */
final class Painter {
    private Painter() {}

    /**
     * @param appearance the object and background
     * @param centre the object's centre in pixels
     * @param side the image side in pixels
     * @return a new {@code side × side} {@link BufferedImage#TYPE_INT_RGB} picture
     */
    static BufferedImage paint(Appearance appearance, Point centre, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(appearance.background().rgb().toColor());
            g.fillRect(0, 0, side, side);
            ShapeObject object = appearance.object();
            fill(g, object.shape().outline(centre.x(), centre.y(), object.size().radius(side)),
                    object.colour().rgb().toColor());
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * @param shape the shape
     * @param centre its centre in pixels
     * @param radius its radius in pixels
     * @param width the image width in pixels
     * @param height the image height in pixels
     * @return the fraction of each pixel the shape covers, 0 to 1, row-major, as the generator's antialiasing
     *     draws it
     */
    static float[] coverage(Shape shape, Point centre, double radius, int width, int height) {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        try {
            fill(g, shape.outline(centre.x(), centre.y(), radius), Color.WHITE);
        } finally {
            g.dispose();
        }
        byte[] bytes = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (bytes[i] & 0xFF) / 255f;
        }
        return out;
    }

    private static void fill(Graphics2D g, java.awt.Shape outline, Color colour) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(colour);
        g.fill(outline);
    }
}
