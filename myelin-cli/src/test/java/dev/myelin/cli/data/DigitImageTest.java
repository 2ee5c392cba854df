package dev.myelin.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.cli.base.CliException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The MNIST-style conversion of a digit picture. */
public class DigitImageTest {

    /** A thick vertical stroke off-centre on a large canvas, dark on light or light on dark. */
    public static BufferedImage stroke(boolean darkOnLight) {
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(darkOnLight ? Color.WHITE : Color.BLACK);
        g.fillRect(0, 0, 300, 200);
        g.setColor(darkOnLight ? Color.BLACK : Color.WHITE);
        g.setStroke(new BasicStroke(16));
        g.drawLine(60, 30, 60, 170); // 140 px tall, 16 px wide, far left of centre
        g.drawLine(60, 30, 40, 50);
        g.dispose();
        return img;
    }

    @Test
    void cropsScalesIntoTwentyPixelsAndCentresByMass() {
        BufferedImage img = stroke(true);
        double[] px = DigitImage.toMnist(DigitImage.gray(img), img.getWidth(), img.getHeight(), "one.png");
        assertThat(px).hasSize(784);
        double mass = 0, mx = 0, my = 0, max = 0;
        int top = 28, bottom = -1, left = 28, right = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double v = px[y * 28 + x];
                assertThat(v).isBetween(0.0, 1.0);
                max = Math.max(max, v);
                mass += v;
                mx += v * x;
                my += v * y;
                if (v > 0.05) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        assertThat(max).isEqualTo(1.0);
        assertThat(bottom - top + 1).isEqualTo(20); // the longer side fills the 20-pixel box
        assertThat(right - left + 1).isLessThan(10);
        assertThat(mx / mass).isCloseTo(13.5, Offset.offset(0.6));
        assertThat(my / mass).isCloseTo(13.5, Offset.offset(0.6));
        assertThat(px[0]).isZero(); // the white paper became the black ground
    }

    @Test
    void lightOnDarkNeedsNoInversion() {
        BufferedImage a = stroke(true);
        BufferedImage b = stroke(false);
        double[] pa = DigitImage.toMnist(DigitImage.gray(a), 300, 200, "a.png");
        double[] pb = DigitImage.toMnist(DigitImage.gray(b), 300, 200, "b.png");
        assertThat(pb).containsExactly(pa, Offset.offset(1e-9));
    }

    @Test
    void blankPictureIsRefused() {
        double[] white = new double[50 * 50];
        java.util.Arrays.fill(white, 255);
        assertThatThrownBy(() -> DigitImage.toMnist(white, 50, 50, "blank.png")).isInstanceOf(CliException.class)
                .hasMessageContaining("blank.png looks blank");
    }

    /** A PNG of a few bytes whose header claims 30000 × 30000 pixels (3.6 GB decoded). */
    static byte[] hugePngHeader() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put(new byte[] {'I', 'H', 'D', 'R'}).putInt(30000).putInt(30000).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        out.write(new byte[] {0, 0, 0, 13});
        out.write(ihdr.array());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
        return out.toByteArray();
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeDecoding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("huge.png");
        java.nio.file.Files.write(f, hugePngHeader());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DigitImage.read(f))
                .isInstanceOf(dev.myelin.cli.base.CliException.class)
                .hasMessage(f + " has 30000×30000 pixels, more than the limit of 16777216 (4096×4096) for a digit picture");
    }
}
