package dev.myelin.cli.data;

import dev.myelin.cli.base.CliException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Converts a picture of a handwritten digit, of any size, the way MNIST's digits were made
 * (LeCun et al.): gray levels; a light digit on a dark background (inverted if the picture is dark
 * on light, judged by its border); cropped to the ink's bounding box; scaled, keeping the aspect
 * ratio, to fit a 20×20 box (area averaging); placed in a 28×28 field so that the centre of mass
 * of the ink is at the centre. The result is 784 values in [0, 1], row-major, brightest pixel 1.
 */
public final class DigitImage {
    public static final int SIDE = 28;
    private static final int BOX = 20;
    private static final long MAX_BYTES = 50L << 20;
    /** The most pixels decoded (4096 × 4096): checked on the header, before any pixel is decoded. */
    static final long MAX_PIXELS = 4096L * 4096L;

    private DigitImage() {}

    /** True for file names ImageIO reads: png, jpg, jpeg, gif, bmp. */
    public static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".gif") || n.endsWith(".bmp");
    }

    /** Reads an image file and converts it. */
    public static double[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such image file: " + file);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new CliException(file + " is larger than " + (MAX_BYTES >> 20) + " MB, too large for a digit picture");
        }
        BufferedImage img;
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new CliException(file + " is not an image format this Java can read (PNG, JPEG, GIF, BMP)");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the size from the header, before a pixel is decoded: a small file can claim 30000 × 30000
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw new CliException(file + " has " + w + "×" + h + " pixels, more than the limit of " + MAX_PIXELS
                            + " (4096×4096) for a digit picture");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (CliException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException(file + " is not a readable image (" + why + ")", e);
        }
        if (img == null) {
            throw new CliException(file + " is not an image format this Java can read (PNG, JPEG, GIF, BMP)");
        }
        return toMnist(gray(img), img.getWidth(), img.getHeight(), file.getFileName().toString());
    }

    /** Gray levels 0..255 (transparent pixels count as white paper), row-major. */
    static double[] gray(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        double[] g = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                double a = ((argb >>> 24) & 0xFF) / 255.0;
                double lum = 0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF);
                g[y * w + x] = a * lum + (1 - a) * 255;
            }
        }
        return g;
    }

    /** The MNIST conversion of a w × h gray picture (0 black .. 255 white). */
    public static double[] toMnist(double[] gray, int w, int h, String name) {
        // Ink: light digit on dark ground. The border tells which way round the picture is.
        double border = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            border += gray[x] + gray[(h - 1) * w + x];
            count += 2;
        }
        for (int y = 0; y < h; y++) {
            border += gray[y * w] + gray[y * w + w - 1];
            count += 2;
        }
        boolean darkOnLight = border / count > 127.5;
        double[] ink = new double[w * h];
        double max = 0;
        for (int i = 0; i < ink.length; i++) {
            ink[i] = darkOnLight ? 255 - gray[i] : gray[i];
            max = Math.max(max, ink[i]);
        }
        // Ground noise below a fifth of the strongest ink does not count towards the bounding box.
        double threshold = Math.max(8, 0.2 * max);
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] > threshold) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            throw new CliException(name + " looks blank: no stroke stands out from the background");
        }
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        double scale = (double) BOX / Math.max(cw, ch);
        int tw = Math.max(1, (int) Math.round(cw * scale)), th = Math.max(1, (int) Math.round(ch * scale));
        double[] small = resample(ink, w, x0, y0, cw, ch, tw, th);
        // Centre of mass of the scaled digit, then shift it to the centre of the 28×28 field.
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                double v = small[y * tw + x];
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        int ox = (int) Math.round(SIDE / 2.0 - 0.5 - mx / mass);
        int oy = (int) Math.round(SIDE / 2.0 - 0.5 - my / mass);
        double[] out = new double[SIDE * SIDE];
        double top = 0;
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                int tx = x + ox, ty = y + oy;
                if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE) {
                    out[ty * SIDE + tx] = small[y * tw + x];
                    top = Math.max(top, small[y * tw + x]);
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = top > 0 ? Math.min(1, out[i] / top) : 0;
        }
        return out;
    }

    /** Area-average resampling of the crop (x0, y0, cw × ch) of a w-wide image to tw × th. */
    private static double[] resample(double[] src, int w, int x0, int y0, int cw, int ch, int tw, int th) {
        double[] out = new double[tw * th];
        double sx = (double) cw / tw, sy = (double) ch / th;
        for (int ty = 0; ty < th; ty++) {
            double ya = ty * sy, yb = (ty + 1) * sy;
            for (int tx = 0; tx < tw; tx++) {
                double xa = tx * sx, xb = (tx + 1) * sx;
                double sum = 0, area = 0;
                for (int y = (int) Math.floor(ya); y < Math.min(ch, (int) Math.ceil(yb)); y++) {
                    double fy = Math.min(yb, y + 1) - Math.max(ya, y);
                    for (int x = (int) Math.floor(xa); x < Math.min(cw, (int) Math.ceil(xb)); x++) {
                        double f = fy * (Math.min(xb, x + 1) - Math.max(xa, x));
                        sum += f * src[(y0 + y) * w + x0 + x];
                        area += f;
                    }
                }
                out[ty * tw + tx] = area > 0 ? sum / area : 0;
            }
        }
        return out;
    }
}
