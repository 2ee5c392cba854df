package dev.myelin.cli.report;

import dev.myelin.metrics.ConfusionMatrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's pictures, drawn with JFreeChart off screen (headless) and encoded as PNG bytes. */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private Charts() {}

    /** A line chart of metrics over epochs (1-based), e.g. loss and val_loss; NaN points are skipped. */
    public static byte[] curves(String title, String yLabel, Map<String, double[]> series) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i])) {
                    s.add(i + 1, v[i]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, colors[i % colors.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        return png(chart, WIDTH, HEIGHT);
    }

    /** The confusion matrix as a heat map: rows true classes (top to bottom), columns predicted, counts in the cells. */
    public static byte[] confusion(ConfusionMatrix cm, List<String> classNames, String subtitle) throws IOException {
        int k = cm.classes();
        long[][] counts = cm.counts();
        double[][] xyz = new double[3][k * k];
        long max = 1;
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                int i = a * k + p;
                xyz[0][i] = p;
                xyz[1][i] = a;
                xyz[2][i] = counts[a][p];
                max = Math.max(max, counts[a][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("confusion", xyz);
        String[] names = new String[k];
        for (int c = 0; c < k; c++) {
            names[c] = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
        }
        SymbolAxis predicted = new SymbolAxis("predicted class", names);
        SymbolAxis actual = new SymbolAxis("true class", names);
        actual.setInverted(true);
        predicted.setGridBandsVisible(false);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        predicted.setTickLabelFont(ticks);
        actual.setTickLabelFont(ticks);
        actual.setGridBandsVisible(false);
        XYBlockRenderer renderer = new XYBlockRenderer();
        LookupPaintScale scale = new LookupPaintScale(0, max + 1, Color.WHITE);
        int steps = 32;
        for (int s = 0; s < steps; s++) {
            double lo = (max + 1.0) * s * s / ((double) steps * steps); // square-root colour scale: small counts show
            float t = (float) s / (steps - 1);
            scale.add(lo, new Color(1f - 0.8f * t, 1f - 0.55f * t, 1f - 0.2f * t));
        }
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, predicted, actual, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        if (k <= 30) {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 10 ? 13 : 9);
            for (int a = 0; a < k; a++) {
                for (int p = 0; p < k; p++) {
                    XYTextAnnotation t = new XYTextAnnotation(Long.toString(counts[a][p]), p, a);
                    t.setFont(font);
                    t.setPaint(counts[a][p] > max / 2 ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(t);
                }
            }
        }
        JFreeChart chart = new JFreeChart("Confusion matrix", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle));
        }
        int side = Math.max(500, Math.min(1200, 60 * k + 200));
        return png(chart, side, side);
    }

    private static byte[] png(JFreeChart chart, int w, int h) throws IOException {
        BufferedImage img = chart.createBufferedImage(w, h);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("this Java runtime cannot write PNG images");
        }
        return bytes.toByteArray();
    }

    /** Convenience for two series. */
    public static Map<String, double[]> series(String a, double[] av, String b, double[] bv) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put(a, av);
        if (bv != null && hasFinite(bv)) {
            m.put(b, bv);
        }
        return m;
    }

    static boolean hasFinite(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                return true;
            }
        }
        return false;
    }
}
