package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 14's numbered fixes, each as a learner meets it in headless Chromium (every test also fails
 * on any console error, see {@link BrowserTestBase}). Screenshots at 1280 × 800, 1920 × 1080 and
 * 400 px wide go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundFixesBrowserTest extends BrowserTestBase {

    static void open(String hash) {
        driver.get("about:blank");
        driver.get(url() + hash);
        waitFor(10).until(d -> epoch() == 0);
    }

    static Map<?, ?> rect(WebElement e) {
        return (Map<?, ?>) js("var r = arguments[0].getBoundingClientRect();"
                + "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};", e);
    }

    static double num(Map<?, ?> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    /** The page coordinates of the middle of link (layer, from, to), as the view laid it out. */
    static long[] linkMiddle(int layer, int from, int to) {
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) js("var v = document.getElementById('network');"
                + "var k = window.playground.view.links.find(l => l.layer === arguments[0] && l.from === arguments[1]"
                + " && l.to === arguments[2]);"
                + "var r = v.getBoundingClientRect(); var x = (k.x1 + k.x2) / 2, y = (k.y1 + k.y2) / 2;"
                + "v.scrollLeft = Math.max(0, x - v.clientWidth / 2);"
                + "return [x - v.scrollLeft + r.left, y - v.scrollTop + r.top];", layer, from, to);
        return new long[] {Math.round(p.get(0).doubleValue()), Math.round(p.get(1).doubleValue())};
    }

    static void clickAt(long[] xy) {
        new Actions(driver).moveToLocation((int) xy[0], (int) xy[1]).click().perform();
    }

    @Test
    @Order(1)
    void fix1ALinkCanBeHoveredAndClickedToEditItsWeight() throws Exception {
        driver.manage().window().setSize(new Dimension(1280, 800));
        open("#layers=4,2&features=x1,x2");
        waitFor(5).until(d -> ((Number) js("return window.playground.view.links.length")).intValue() == 2 * 4 + 4 * 2 + 2);
        long[] xy = linkMiddle(1, 2, 1);
        new Actions(driver).moveToLocation((int) xy[0], (int) xy[1]).perform();
        WebElement tip = driver.findElement(By.cssSelector("#network .link-tip"));
        waitFor(3).until(d -> tip.isDisplayed());
        assertThat(tip.getText()).startsWith("Weight 3 → 2 (layer 2):").endsWith("click to edit");
        clickAt(xy);
        WebElement popover = driver.findElement(By.id("popover"));
        waitFor(3).until(d -> popover.isDisplayed());
        assertThat(driver.findElement(By.id("popover-title")).getText()).isEqualTo("Weight 3 → 2 (layer 2)");
        WebElement input = driver.findElement(By.id("popover-input"));
        input.clear();
        input.sendKeys("1.5");
        driver.findElement(By.id("popover-ok")).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers[1].w[2][1]"))
                .doubleValue() == 1.5);
        screenshot("fix1-link-edited-1280");
    }

    @Test
    @Order(2)
    void fix2SixAndMoreHiddenLayersAreLaidOutToTheirContent() throws Exception {
        driver.manage().window().setSize(new Dimension(1280, 800));
        open("#layers=8,8,8,8,8,8,8,8&features=x1,x2");
        waitFor(5).until(d -> driver.findElements(By.cssSelector(".layer")).size() == 8);
        List<WebElement> controls = driver.findElements(By.cssSelector(".layer .layer-controls"));
        for (int i = 1; i < controls.size(); i++) {
            assertThat(num(rect(controls.get(i)), "left")).as("layer %d starts after layer %d ends", i + 1, i)
                    .isGreaterThanOrEqualTo(num(rect(controls.get(i - 1)), "right") - 1);
        }
        WebElement output = driver.findElement(By.cssSelector(".output-col .node.out"));
        assertThat(num(rect(output), "left")).as("the output node is right of the last layer's controls")
                .isGreaterThanOrEqualTo(num(rect(controls.getLast()), "right"));
        // everything can be reached: the network scrolls sideways within its panel
        js("document.getElementById('network').scrollLeft = 1e6");
        WebElement panel = driver.findElement(By.cssSelector(".network-panel"));
        assertThat(num(rect(output), "right")).isLessThanOrEqualTo(num(rect(panel), "right"));
        screenshot("fix2-eight-layers-1280-scrolled");
        js("document.getElementById('network').scrollLeft = 0");
        screenshot("fix2-eight-layers-1280");

        driver.manage().window().setSize(new Dimension(400, 900));
        open("#layers=4,2");
        double width = num(rect(driver.findElement(By.cssSelector(".network-panel"))), "width");
        assertThat(width).as("the network panel at 400 px").isGreaterThan(340);
        WebElement data = driver.findElement(By.cssSelector(".data-panel"));
        assertThat(num(rect(data), "top")).as("one column: the data panel is below the network")
                .isGreaterThan(num(rect(driver.findElement(By.cssSelector(".network-panel"))), "bottom") - 1);
        screenshot("fix2-400-wide");
        driver.manage().window().setSize(new Dimension(1920, 1080));
        open("#layers=6,6,6,6,6,6&features=x1,x2,x1sq");
        screenshot("fix2-six-layers-1920");
    }

    @Test
    @Order(3)
    void fix3PlusAndMinusForLayersAndNeuronsThrowNothing() throws Exception {
        driver.manage().window().setSize(new Dimension(1280, 800));
        open("#layers=4,2");
        driver.findElement(By.id("add-layer")).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers.length")).intValue() == 4);
        List<WebElement> plus = driver.findElements(By.cssSelector(".layer .pm button"));
        plus.get(0).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers[0].units")).intValue() == 5);
        driver.findElements(By.cssSelector(".layer .pm button")).get(1).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers[0].units")).intValue() == 4);
        driver.findElement(By.id("remove-layer")).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers.length")).intValue() == 3);
        Thread.sleep(300);
        // noConsoleErrors() checks the TypeError of the issue is gone
    }

    @Test
    @Order(4)
    void fix4AfterEarlyStoppingTheShownEpochAndMetricsAreTheRestoredOnesAndPlayGoesOn() throws Exception {
        open("#dataset=xor&noise=50&points=200&lr=1&early=5&layers=8&speed=5");
        driver.findElement(By.id("play")).click();
        waitFor(30).until(d -> driver.findElement(By.id("status")).getText().startsWith("Early stopping"));
        long restored = epoch();
        String status = driver.findElement(By.id("status")).getText();
        assertThat(status).contains("restored the weights of epoch " + restored);
        assertThat(driver.findElement(By.id("epoch")).getText().replace(",", "")).isEqualTo(String.format("%06d", restored));
        Number lastHistoryEpoch = (Number) js("var h = window.playground.lastFrame.history; return h[h.length - 1][0]");
        assertThat(lastHistoryEpoch.longValue()).isEqualTo(restored);
        driver.findElement(By.id("play")).click();
        waitFor(10).until(d -> epoch() >= restored + 3 || !driver.findElement(By.id("status")).getText().isEmpty()
                && epoch() > restored);
        assertThat(epoch()).isGreaterThan(restored);
        js("if (window.playground.lastFrame.playing) document.getElementById('play').click()");
    }

    @Test
    @Order(5)
    void fix5PlaneAxesKeepTrainingTheActivationSelectStaysReadableAndTheToastLeavesTheDialogFree() throws Exception {
        open("");
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("blobs", ".csv");
        java.nio.file.Files.writeString(csv, BrowserFixtures.threeBlobs());
        driver.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
        waitFor(10).until(d -> d.getCurrentUrl().contains("dataset=csv")
                && "multi".equals(js("return window.playground.lastFrame.output.kind")));
        for (int i = 0; i < 3; i++) {
            long e = epoch();
            driver.findElement(By.id("step")).click();
            waitFor(5).until(d -> epoch() == e + 1);
        }
        new Select(driver.findElement(By.id("planeY"))).selectByValue("2");
        waitFor(5).until(d -> "c".equals(js("return window.playground.lastFrame.data ? null : 'c'"))
                || d.getCurrentUrl().contains("planeY=2"));
        waitFor(5).until(d -> "c".equals(driver.findElement(By.id("axis-y")).getText()));
        assertThat(epoch()).as("changing the plot axes keeps the training").isEqualTo(3);

        open("#layers=4,2&activations=relu,relu");
        driver.findElement(By.id("remove-layer")).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers.length")).intValue() == 2);
        waitFor(5).until(d -> driver.findElements(By.cssSelector(".layer")).size() == 1);
        driver.findElement(By.id("remove-layer")).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers.length")).intValue() == 1);
        Select act = new Select(driver.findElement(By.id("activation")));
        assertThat(act.getFirstSelectedOption().getText()).isEqualTo("ReLU");
        assertThat(driver.findElement(By.id("activation")).isEnabled()).isFalse();
        driver.findElement(By.id("add-layer")).click();
        waitFor(5).until(d -> d.getCurrentUrl().contains("activations=relu"));

        driver.findElement(By.id("export-model")).click();
        driver.findElement(By.id("export-command")).click();
        WebElement card = driver.findElement(By.cssSelector(".modal-card"));
        waitFor(5).until(d -> card.isDisplayed());
        WebElement toast = driver.findElement(By.id("toast"));
        if (toast.isDisplayed()) {
            Map<?, ?> t = rect(toast), c = rect(card);
            boolean overlap = num(t, "left") < num(c, "right") && num(t, "right") > num(c, "left")
                    && num(t, "top") < num(c, "bottom") && num(t, "bottom") > num(c, "top");
            assertThat(overlap).as("the toast covers the export dialog").isFalse();
        }
        assertThat(driver.findElement(By.id("modal-note")).getText()).contains("playground.safetensors");
        screenshot("fix5-export-dialog-with-note-1280");
        driver.findElement(By.id("modal-close")).click();
    }

    @Test
    @Order(6)
    void fix6ResetDrawsANewSeedAndTheSeedFieldRepeatsARun() throws Exception {
        open("#layers=3");
        String seed0 = driver.findElement(By.id("initSeed")).getAttribute("value");
        double w0 = ((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]")).doubleValue();
        driver.findElement(By.id("reset")).click();
        waitFor(5).until(d -> !driver.findElement(By.id("initSeed")).getAttribute("value").equals(seed0));
        String seed1 = driver.findElement(By.id("initSeed")).getAttribute("value");
        assertThat(driver.getCurrentUrl()).contains("initSeed=" + seed1);
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]")).doubleValue() != w0);
        double w1 = ((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]")).doubleValue();
        WebElement field = driver.findElement(By.id("initSeed"));
        field.clear();
        field.sendKeys(seed0, "\t");
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]")).doubleValue() == w0);
        field = driver.findElement(By.id("initSeed"));
        field.clear();
        field.sendKeys(seed1, "\t");
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]")).doubleValue() == w1);
    }

    @Test
    @Order(7)
    void fix7HeatmapsEnlargeTheOutputIsFineTheChartHasAxesAndSmallLossesKeepTheirDigits() throws Exception {
        open("#problem=regression&dataset=plane&layers=4&lr=0.03&speed=20&optimizer=adam");
        assertThat(((Number) js("return window.playground.lastFrame.output.size")).intValue()).isGreaterThanOrEqualTo(100);
        WebElement neuron = driver.findElements(By.cssSelector(".layer .node.neuron")).get(1);
        new Actions(driver).moveToElement(neuron).perform();
        WebElement zoom = driver.findElement(By.cssSelector("#network .neuron-zoom"));
        waitFor(3).until(d -> zoom.isDisplayed());
        assertThat(zoom.getSize().getWidth()).isGreaterThanOrEqualTo(3 * neuron.getSize().getWidth());
        screenshot("fix7-neuron-zoom-1280");
        new Actions(driver).moveToElement(driver.findElement(By.id("epoch"))).perform();
        driver.findElement(By.id("play")).click();
        waitFor(40).until(d -> Double.parseDouble(driver.findElement(By.id("test-loss")).getText()) < 0.001);
        driver.findElement(By.id("play")).click();
        // the last frame may come after the pause: its loss, whatever it is, keeps three significant digits
        waitFor(30).until(d -> Boolean.FALSE.equals(js("return window.playground.lastFrame.playing")));
        String shown = driver.findElement(By.id("test-loss")).getText();
        assertThat(shown).as("a small regression loss keeps three significant digits").isNotEqualTo("0.000")
                .matches("0\\.0*[1-9]\\d{0,2}|\\d\\.\\d{2}e-\\d+");
        // the chart draws its axes: the y axis' label column is not blank
        Number ink = (Number) js("var c = document.getElementById('chart'); var x = c.getContext('2d');"
                + "var d = x.getImageData(0, 0, Math.round(30 * (window.devicePixelRatio || 1)), c.height).data;"
                + "var n = 0; for (var i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
        assertThat(ink.intValue()).isGreaterThan(20);
        screenshot("fix7-regression-1280");
    }

    /**
     * Fix 8's frame rate, printed (not asserted: the machine is shared). One command runs it alone:
     * {@code mvn -q -B -ntp -pl myelin-playground -am test -Dtest='PlaygroundFixesBrowserTest#fix8*'
     * -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    @Test
    @Order(8)
    void fix8EightByThirtyTwoOnFiveThousandPointsKeepsTheFrameRate() throws Exception {
        driver.manage().window().setSize(new Dimension(1920, 1080));
        open("#points=5000&batch=1&speed=50&layers=32,32,32,32,32,32,32,32&features=x1,x2");
        driver.findElement(By.id("play")).click();
        Thread.sleep(1000);
        // the display's frame rate while playing: requestAnimationFrame callbacks counted in the page over
        // ~3 s (a main thread blocked by drawing shows as a low count), beside the training frames drawn
        js("window.__raf = 0; window.__rafStart = performance.now(); (function tick() { window.__raf++; requestAnimationFrame(tick); })();"
                // where the main thread's time goes: Chromium's long animation frames (> 50 ms), split into script
                // and the rendering step after it (style, layout, paint)
                + "window.__loaf = {n: 0, total: 0, script: 0, render: 0};"
                + "try { new PerformanceObserver((l) => l.getEntries().forEach((e) => { const w = window.__loaf; w.n++;"
                + " w.total += e.duration; w.script += e.scripts.reduce((a, s) => a + s.duration, 0);"
                + " if (e.renderStart) w.render += e.startTime + e.duration - e.renderStart; }))"
                + ".observe({type: 'long-animation-frame'}); } catch (err) { window.__loaf = null; }");
        long f0 = ((Number) js("return window.playground.frames")).longValue();
        String perf0 = perfSnapshot();
        Map<String, Object> cdp0 = cdpMetrics();
        long t0 = System.nanoTime();
        Thread.sleep(3000);
        Map<String, Object> cdp1 = cdpMetrics();
        String perf1 = perfSnapshot();
        double window = (System.nanoTime() - t0) / 1e9;
        @SuppressWarnings("unchecked")
        List<Number> raf = (List<Number>) js("return [window.__raf, performance.now() - window.__rafStart];");
        long frames = ((Number) js("return window.playground.frames")).longValue() - f0;
        Object loaf = js("return window.__loaf ? JSON.stringify(window.__loaf, (k, v) => typeof v === 'number' ? Math.round(v) : v) : 'n/a';");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double displayFps = raf.get(0).doubleValue() / (raf.get(1).doubleValue() / 1000);
        // the page's own view of the Pause click: from the input event to its handler, and to the next frame
        // painted after it (what the learner sees), beside the WebDriver round trip below
        js("window.__click = null; document.getElementById('play').addEventListener('click', (e) => {"
                + " const c = window.__click = {handler: performance.now() - e.timeStamp};"
                + " requestAnimationFrame(() => setTimeout(() => { c.painted = performance.now() - e.timeStamp; }, 0)); },"
                + " {capture: true, once: true});"
                // and whether a frame built before the Pause turns the button back to playing afterwards
                + "window.__replayed = 0; new MutationObserver(() => { if (window.__click && document.body.classList.contains('playing'))"
                + " window.__replayed++; }).observe(document.body, {attributes: true, attributeFilter: ['class']});");
        long c0 = System.nanoTime();
        driver.findElement(By.id("play")).click();
        waitFor(30).until(d -> Boolean.FALSE.equals(js("return document.body.classList.contains('playing')")));
        double click = (System.nanoTime() - c0) / 1e6;
        waitFor(30).until(d -> Boolean.FALSE.equals(js("return window.playground.lastFrame.playing")));
        waitFor(10).until(d -> js("return window.__click && window.__click.painted") != null);
        @SuppressWarnings("unchecked")
        Map<String, Number> inPage = (Map<String, Number>) js("return window.__click;");
        Thread.sleep(500);
        assertThat(((Number) js("return window.__replayed")).intValue()).as("times the paused button turned back to playing")
                .isZero();
        // the same count paused, as the machine's baseline (a loaded machine starves the browser either way)
        js("window.__raf = 0; window.__rafStart = performance.now();");
        Thread.sleep(1500);
        @SuppressWarnings("unchecked")
        List<Number> idle = (List<Number>) js("return [window.__raf, performance.now() - window.__rafStart];");
        double idleFps = idle.get(0).doubleValue() / (idle.get(1).doubleValue() / 1000);
        // the page's own work for a frame whose heatmaps, weights and points all changed (7,264 links,
        // 256 neuron heatmaps, the 100×100 output, 2,500 points), measured in the page, median of 9
        @SuppressWarnings("unchecked")
        List<Number> full = (List<Number>) js("var r = []; for (var i = 0; i < 9; i++) r.push(window.playground.redrawAll());"
                + "return r.sort((a, b) => a - b);");
        double median = full.get(4).doubleValue();
        System.out.printf("8x32, 5,000 points, batch 1: %.1f display frames/s (requestAnimationFrame; %.1f paused), %.1f training frames/s "
                + "received and drawn on this (shared) machine; page work for a full frame median %.1f ms (room for %.0f frames/s); "
                + "Pause click to the paused button %.0f ms (in the page: input to handler %.0f ms, to the next painted frame %.0f ms); long animation frames while playing (ms) %s; "
                + "load average %.1f on %d processors%n", displayFps, idleFps, frames / seconds,
                median, 1000 / median, click, inPage.get("handler").doubleValue(), inPage.get("painted").doubleValue(), loaf,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println(phaseTable(perf0, perf1, cdp0, cdp1, window));
        screenshot("fix8-eight-by-32-1920");
        driver.manage().window().setSize(new Dimension(1280, 800));
        Thread.sleep(500);
        screenshot("fix8-eight-by-32-1280");
        driver.manage().window().setSize(new Dimension(400, 900));
        Thread.sleep(500);
        screenshot("fix8-eight-by-32-400");
        driver.manage().window().setSize(new Dimension(1920, 1080));
        // speed is measured and printed, not asserted (the machine is shared); this bound only catches a
        // return of the thousands of SVG paths redrawn per frame (several hundred ms per frame)
        assertThat(median).as("page work per full frame (ms)").isLessThan(200);
    }

    /** The page's own counters (frames, characters, ms per drawing phase, the server's costs per frame) as JSON. */
    static String perfSnapshot() {
        return (String) js("var p = window.playground.perf || {received: 0, drawn: window.playground.frames, bytes: 0, phases: {}, server: {}};"
                + " return JSON.stringify({received: p.received, drawn: p.drawn,"
                + " bytes: p.bytes, phases: Object.assign({}, p.phases, window.playground.view.perf), server: p.server});");
    }

    /** Chromium's own cumulative counters (seconds of script, style, layout, and all tasks of the page's main thread). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdpMetrics() {
        var chrome = (org.openqa.selenium.chrome.ChromeDriver) driver;
        chrome.executeCdpCommand("Performance.enable", Map.of());
        Map<String, Object> out = new java.util.TreeMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) chrome.executeCdpCommand("Performance.getMetrics", Map.of())
                .get("metrics")) {
            out.put((String) m.get("name"), m.get("value"));
        }
        return out;
    }

    /** Fix 8's profile: where a frame's time goes, per drawn frame, between two snapshots {@code seconds} apart. */
    static String phaseTable(String perf0, String perf1, Map<String, Object> cdp0, Map<String, Object> cdp1, double seconds)
            throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = mapper.readTree(perf0);
        var b = mapper.readTree(perf1);
        double drawn = Math.max(1, b.get("drawn").asDouble() - a.get("drawn").asDouble());
        double received = b.get("received").asDouble() - a.get("received").asDouble();
        StringBuilder t = new StringBuilder(String.format(java.util.Locale.ROOT,
                "fix 8 profile over %.1f s: %.0f frames received (%.1f/s), %.0f drawn (%.1f/s), %.0f KB per frame received%n",
                seconds, received, received / seconds, drawn, drawn / seconds,
                (b.get("bytes").asDouble() - a.get("bytes").asDouble()) / Math.max(1, received) / 1024));
        t.append(String.format("  phase                          ms per drawn frame%n"));
        b.get("phases").fieldNames().forEachRemaining(k -> t.append(String.format(java.util.Locale.ROOT, "  page %-26s %8.2f%n", k,
                (b.get("phases").get(k).asDouble() - a.get("phases").path(k).asDouble(0)) / drawn)));
        double n = Math.max(1, b.get("server").path("n").asDouble(0) - a.get("server").path("n").asDouble(0));
        for (String k : List.of("trainMs", "frameMs", "heatmapMs", "bytes")) {
            t.append(String.format(java.util.Locale.ROOT, "  server %-24s %8.2f%n", k,
                    (b.get("server").path(k).asDouble(0) - a.get("server").path(k).asDouble(0)) / n));
        }
        for (String k : List.of("TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration")) {
            double d = ((Number) cdp1.get(k)).doubleValue() - ((Number) cdp0.get(k)).doubleValue();
            t.append(String.format(java.util.Locale.ROOT, "  chromium %-22s %8.2f  (%.0f ms per second)%n", k, d * 1000 / drawn,
                    d * 1000 / seconds));
        }
        return t.toString();
    }

    /** The value (full double) of a cell of the teaching mode's weights table: row key "layer:i:j", column from the right. */
    static double cell(String key, int fromRight) {
        return ((Number) js("var tds = document.querySelectorAll('tr[data-key=\"' + arguments[0] + '\"] td');"
                + "return Number(tds[tds.length - 1 - arguments[1]].dataset.v);", key, fromRight)).doubleValue();
    }

    @Test
    @Order(9)
    void teachingModeShowsTheNumbersOfExplainForThePresetsAndStepsTheOwnNetwork() throws Exception {
        driver.manage().window().setSize(new Dimension(1280, 800));
        open("#layers=3");
        driver.findElement(By.id("teach")).click();
        waitFor(5).until(d -> driver.findElement(By.id("teach-step")).isDisplayed());
        new Select(driver.findElement(By.id("teach-source"))).selectByValue("odd-even");
        driver.findElement(By.id("teach-step")).click();
        waitFor(5).until(d -> !driver.findElements(By.cssSelector(".teach-weights")).isEmpty());
        TeachingPresets p = TeachingPresets.byName("odd-even");
        dev.myelin.explain.Explanation e = dev.myelin.explain.Explainer.explain(p.network(), new double[][] {p.x()[0]},
                new double[][] {p.y()[0]}, dev.myelin.losses.Loss.HALF_SSE, new dev.myelin.optim.Sgd(0.1), 1);
        var out = e.steps().getFirst().layers().get(1);
        // the w7 of the notes: layer 2, weight 1 → 1: w, ∂E/∂w, Δw, new w exactly as explain computes them
        assertThat(cell("1:0:0", 0)).isEqualTo(out.weightsAfter()[0][0]);
        assertThat(cell("1:0:0", 1)).isEqualTo(out.weightsAfter()[0][0] - 0.4);
        assertThat(cell("1:0:0", 2)).isEqualTo(out.weightGradients()[0][0]);
        assertThat(cell("1:0:0", 3)).isEqualTo(0.4);
        assertThat(cell("0:1:2", 0)).isEqualTo(e.steps().getFirst().layers().get(0).weightsAfter()[1][2]);
        String text = driver.findElement(By.id("teach-out")).getText();
        assertThat(text).contains("hidden layer 1, unit 1: ∂E/∂a = Σk δk·w1k", "g′(z) =", "E = ½ Σ (y − ŷ)²",
                "./myelin explain --network examples/notes.json --input \"2,9\" --target 1 --loss half_sse --lr 0.1");
        screenshot("teach-odd-even-1280");
        // a second step, with Adam: the slots appear and the numbers are explain's step 2
        new Select(driver.findElement(By.id("teach-optimizer"))).selectByValue("adam");
        driver.findElement(By.id("teach-step")).click();
        waitFor(5).until(d -> "adam".equals(js("return window.playground.teach.optimizer")));
        driver.findElement(By.id("teach-step")).click();
        waitFor(5).until(d -> ((Number) js("return window.playground.teach ? window.playground.teach.step : 0")).intValue() == 2
                && "adam".equals(js("return window.playground.teach.optimizer")));
        dev.myelin.explain.Explanation adam = dev.myelin.explain.Explainer.explain(p.network(), new double[][] {p.x()[0]},
                new double[][] {p.y()[0]}, dev.myelin.losses.Loss.HALF_SSE, dev.myelin.optim.Optimizers.create("adam", 0.1), 2);
        assertThat(cell("1:0:0", 0)).isEqualTo(adam.steps().get(1).layers().get(1).weightsAfter()[0][0]);
        assertThat(driver.findElements(By.cssSelector(".teach-weights th"))).hasSizeGreaterThan(7);
        // the own network: one example, the step is applied to the session's weights
        new Select(driver.findElement(By.id("teach-source"))).selectByValue("");
        double w = ((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]")).doubleValue();
        driver.findElement(By.id("teach-step")).click();
        waitFor(5).until(d -> "Your network".equals(js("return window.playground.teach.title.substring(0, 12)")));
        assertThat(cell("0:0:0", 3)).isCloseTo(w, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(cell("0:0:0", 1)).isNotZero();
        double after = cell("0:0:0", 0);
        waitFor(5).until(d -> Math.abs(((Number) js("return window.playground.lastFrame.network.layers[0].w[0][0]"))
                .doubleValue() - after) < 1e-5);
        screenshot("teach-own-network-1280");
        driver.findElement(By.id("modal-close")).click();
    }
}
