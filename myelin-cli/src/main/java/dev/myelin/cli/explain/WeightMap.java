package dev.myelin.cli.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The weights of a dense layer whose inputs are named features, not pixels: a heat map with one row
 * per input (its name on the left), one column per unit (its index on top), each cell W[i][u] coloured
 * by the diverging map of {@link Pictures#diverging} (blue negative, white 0, red positive, scaled by
 * the largest |W|), and a colour scale on the right labelled −max, 0 and +max. The picture grows
 * with the names: the left margin is as wide as the longest label.
 */
final class WeightMap {
    /** Pixels per cell side (a cell is wider when its unit's label needs it). */
    static final int CELL = 18;
    private static final int PAD = 8;
    private static final int BAR = 14;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private WeightMap() {}

    /**
     * @param weights [inputs][units]: weights[i][k] is the weight from input i to the k-th unit drawn
     * @param inputNames a label per input (rows)
     * @param unitLabels a label per unit drawn (columns), e.g. its index
     * @param title a line above the map
     */
    static BufferedImage draw(double[][] weights, List<String> inputNames, List<String> unitLabels, String title) {
        int rows = weights.length;
        int cols = unitLabels.size();
        if (rows != inputNames.size() || rows == 0 || cols == 0 || weights[0].length != cols) {
            throw new IllegalArgumentException("a weight map needs [inputs][units] weights with a name per input and a label per "
                    + "unit, got " + rows + " rows, " + inputNames.size() + " names and " + cols + " unit labels");
        }
        double max = 0;
        for (double[] row : weights) {
            for (double w : row) {
                max = Math.max(max, Math.abs(w));
            }
        }
        FontMetrics fm = metrics();
        int labelWidth = 0;
        for (String n : inputNames) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(n));
        }
        String maxText = String.format(Locale.ROOT, "%.3g", max);
        int scaleText = Math.max(fm.stringWidth("+" + maxText), fm.stringWidth("−" + maxText));
        int cellWidth = CELL; // as wide as the widest unit label, so that "10" and "11" do not touch
        for (String u : unitLabels) {
            cellWidth = Math.max(cellWidth, fm.stringWidth(u) + 6);
        }
        int line = fm.getHeight();
        int left = PAD + labelWidth + PAD;
        int top = PAD + line + PAD + line;
        int mapWidth = cols * cellWidth;
        int mapHeight = rows * CELL;
        int barX = left + mapWidth + 2 * PAD;
        int width = Math.max(barX + BAR + 4 + scaleText + PAD, PAD + fm.stringWidth(title) + PAD);
        int height = top + Math.max(mapHeight, 3 * line) + PAD + line + PAD;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.drawString(title, PAD, PAD + fm.getAscent());
        for (int k = 0; k < cols; k++) {
            String u = unitLabels.get(k);
            g.drawString(u, left + k * cellWidth + (cellWidth - fm.stringWidth(u)) / 2, top - PAD / 2 - fm.getDescent());
        }
        for (int i = 0; i < rows; i++) {
            String n = inputNames.get(i);
            g.setColor(Color.BLACK);
            g.drawString(n, left - PAD - fm.stringWidth(n), top + i * CELL + (CELL + fm.getAscent() - fm.getDescent()) / 2);
            for (int k = 0; k < cols; k++) {
                g.setColor(colour(max == 0 ? 0 : weights[i][k] / max));
                g.fillRect(left + k * cellWidth, top + i * CELL, cellWidth, CELL);
            }
        }
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(left, top, mapWidth - 1, mapHeight - 1);
        // The colour scale: +max at the top, 0 in the middle, −max at the bottom.
        int barHeight = Math.max(mapHeight, 3 * line);
        for (int y = 0; y < barHeight; y++) {
            g.setColor(colour(1 - 2.0 * y / Math.max(1, barHeight - 1)));
            g.drawLine(barX, top + y, barX + BAR - 1, top + y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(barX, top, BAR - 1, barHeight - 1);
        g.drawString("+" + maxText, barX + BAR + 4, top + fm.getAscent());
        g.drawString("0", barX + BAR + 4, top + barHeight / 2 + fm.getAscent() / 2);
        g.drawString("−" + maxText, barX + BAR + 4, top + barHeight);
        g.drawString("rows: inputs · columns: units · colour: weight", PAD, top + barHeight + PAD + fm.getAscent());
        g.dispose();
        return img;
    }

    /** t in [−1, 1]: blue (−1) through white (0) to red (+1), as {@link Pictures#diverging}. */
    static Color colour(double t) {
        t = Math.max(-1, Math.min(1, t));
        int fade = (int) Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    private static FontMetrics metrics() {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }
}
