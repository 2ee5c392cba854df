package dev.myelin.cli.explain;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Square pictures of input-sized vectors (28×28 for MNIST), enlarged by whole pixels, and grids of
 * them, written as PNG with javax.imageio.
 */
final class Pictures {
    private Pictures() {}

    /** The side of a square picture of {@code n} values, or −1 if n is not a square. */
    static int side(int n) {
        int s = (int) Math.round(Math.sqrt(n));
        return s * s == n ? s : -1;
    }

    /** Gray levels: the smallest value black, the largest white (or fixed bounds lo..hi if lo &lt; hi). */
    static BufferedImage gray(double[] v, int scale, double lo, double hi) {
        if (!(lo < hi)) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (double d : v) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        double range = hi > lo ? hi - lo : 1;
        int s = side(v.length);
        BufferedImage img = new BufferedImage(s * scale, s * scale, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < v.length; i++) {
            int g = (int) Math.round(255 * Math.max(0, Math.min(1, (v[i] - lo) / range)));
            fill(img, i % s, i / s, scale, new Color(g, g, g).getRGB());
        }
        return img;
    }

    /** A diverging map for weights: negative blue, zero white, positive red, scaled by the largest |w|. */
    static BufferedImage diverging(double[] v, int scale) {
        double max = 0;
        for (double d : v) {
            max = Math.max(max, Math.abs(d));
        }
        int s = side(v.length);
        BufferedImage img = new BufferedImage(s * scale, s * scale, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < v.length; i++) {
            double t = max == 0 ? 0 : v[i] / max;
            int fade = (int) Math.round(255 * (1 - Math.abs(t)));
            Color c = t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
            fill(img, i % s, i / s, scale, c.getRGB());
        }
        return img;
    }

    private static void fill(BufferedImage img, int x, int y, int scale, int rgb) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                img.setRGB(x * scale + dx, y * scale + dy, rgb);
            }
        }
    }

    /** Pictures of equal size in rows of {@code columns}, separated by 2-pixel gray gaps. */
    static BufferedImage grid(List<BufferedImage> tiles, int columns) {
        int w = tiles.get(0).getWidth(), h = tiles.get(0).getHeight(), gap = 2;
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * (w + gap) + gap, rows * (h + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), gap + (i % cols) * (w + gap), gap + (i / cols) * (h + gap), null);
        }
        g.dispose();
        return img;
    }

    static void write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer is available to write " + file);
        }
    }
}
