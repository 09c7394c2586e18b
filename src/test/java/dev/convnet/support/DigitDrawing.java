package dev.convnet.support;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Digits drawn with Java2D the way MNIST frames them: pen strokes (round caps and joins, 2.5 units wide)
 * along hand-written shapes in a 20x20 box (an open-top 4, a straight 7, a 9 of a small loop and a straight stem), scaled
 * to 20/28 of the picture's shorter side and centred, in ink on paper. Printed fonts were tried first: a
 * LeNet-5 trained on MNIST reads a typeset 4, 6, 7 and 9 wrongly, as they differ from handwriting.
 */
public final class DigitDrawing {

    private static final float PEN = 2.5f;

    private DigitDrawing() {
    }

    public static BufferedImage draw(int digit, int width, int height, Color ink, Color paper, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(ink);
        double scale = Math.min(width, height) / 28.0;
        AffineTransform transform = new AffineTransform();
        transform.translate(width / 2.0, height / 2.0);
        transform.scale(scale, scale);
        transform.translate(-10, -10);
        Shape strokes = new BasicStroke(PEN, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(shape(digit));
        g.fill(transform.createTransformedShape(strokes));
        g.dispose();
        return image;
    }

    /** The pen's path for a digit, in a 20x20 box. */
    private static Shape shape(int digit) {
        Path2D.Double p = new Path2D.Double();
        switch (digit) {
            case 0 -> {
                return new Ellipse2D.Double(3.5, 0.5, 13, 19);
            }
            case 1 -> {
                p.moveTo(11, 0.5);
                p.lineTo(9, 19.5);
            }
            case 2 -> {
                p.moveTo(3.5, 5);
                p.curveTo(5, -1, 16, -1, 15.5, 5.5);
                p.curveTo(15, 10, 6, 14, 3, 19.5);
                p.lineTo(17, 19.5);
            }
            case 3 -> {
                p.moveTo(4, 2.5);
                p.curveTo(9, -1, 16, 0.5, 15, 5);
                p.curveTo(14, 8.5, 10, 9.5, 7.5, 9.5);
                p.curveTo(13, 9.5, 17, 12, 16, 15.5);
                p.curveTo(15, 20, 7, 21, 3.5, 17.5);
            }
            case 4 -> {
                p.moveTo(5, 0.5);
                p.lineTo(3.5, 12);
                p.lineTo(17, 12);
                p.moveTo(14, 0.5);
                p.lineTo(14, 19.5);
            }
            case 5 -> {
                p.moveTo(16, 0.5);
                p.lineTo(5.5, 0.5);
                p.lineTo(4.5, 9);
                p.curveTo(9, 6.5, 16, 7.5, 16, 13.5);
                p.curveTo(16, 20, 7, 21, 3.5, 17.5);
            }
            case 6 -> {
                p.moveTo(13, 0.5);
                p.curveTo(8, 3.5, 5, 8.5, 5, 14);
                p.curveTo(5, 17.5, 7, 19.5, 10, 19.5);
                p.curveTo(13, 19.5, 15, 17.5, 15, 14.5);
                p.curveTo(15, 11.5, 13, 10, 10, 10);
                p.curveTo(7.5, 10, 5.5, 11.5, 5, 14);
            }
            case 7 -> {
                p.moveTo(4, 1);
                p.lineTo(16, 1);
                p.lineTo(9, 19.5);
            }
            case 8 -> {
                p.append(new Ellipse2D.Double(5, 0.5, 10, 9), false);
                p.append(new Ellipse2D.Double(4, 9.5, 12, 10), false);
            }
            case 9 -> {
                p.append(new Ellipse2D.Double(5, 0.5, 9.5, 8.5), false);
                p.moveTo(14.5, 4.5);
                p.lineTo(14, 19.5);
            }
            default -> throw new IllegalArgumentException("digit must be 0..9, was " + digit);
        }
        return p;
    }

    /** Black on white, opaque. */
    public static BufferedImage blackOnWhite(int digit, int width, int height) {
        return draw(digit, width, height, Color.BLACK, Color.WHITE, false);
    }

    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
