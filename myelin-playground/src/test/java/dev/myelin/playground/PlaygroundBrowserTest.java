package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The playground in a real browser: the learner's main paths, with screenshots. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundBrowserTest extends BrowserTestBase {
    @Test
    @Order(1)
    void pickADataSetPressPlayAndTheTestLossFalls() throws Exception {
        driver.get(url());
        waitFor(10).until(d -> epoch() == 0);
        screenshot("01-start");
        driver.findElement(By.cssSelector("button.dataset[data-dataset='xor']")).click();
        waitFor(5).until(d -> d.getCurrentUrl().contains("dataset=xor"));
        new Select(driver.findElement(By.id("speed"))).selectByValue("5");
        new Select(driver.findElement(By.id("lr"))).selectByValue("0.1");
        waitFor(5).until(d -> d.getCurrentUrl().contains("lr=0.1"));
        driver.findElement(By.id("play")).click();
        waitFor(5).until(d -> epoch() > 10);
        long seen = epoch();
        waitFor(5).until(d -> epoch() > seen);
        waitFor(40).until(d -> testLoss() < 0.15);
        assertThat(driver.findElement(By.id("epoch")).getText()).matches("\\d{3},\\d{3}");
        assertThat(driver.findElement(By.id("test-acc")).getText()).endsWith("%");
        screenshot("02-xor-trained");
        driver.findElement(By.id("play")).click();
        waitFor(5).until(d -> Boolean.FALSE.equals(js("return window.playground.lastFrame.playing")));
    }

    @Test
    @Order(2)
    void controlsChangeTheUrlAndALinkReproducesTheSetup() throws Exception {
        driver.findElement(By.id("add-layer")).click();
        waitFor(5).until(d -> d.getCurrentUrl().contains("layers=4,2,2"));
        driver.findElement(By.cssSelector(".feature[data-feature='x1sq']")).click();
        waitFor(5).until(d -> d.getCurrentUrl().contains("features=x1,x2,x1sq"));
        new Select(driver.findElement(By.id("regularization"))).selectByValue("l2");
        new Select(driver.findElement(By.id("optimizer"))).selectByValue("adam");
        waitFor(5).until(d -> d.getCurrentUrl().contains("reg=l2") && d.getCurrentUrl().contains("optimizer=adam"));
        waitFor(5).until(d -> ((Number) js("return window.playground.lastFrame.network.layers.length")).intValue() == 4);
        String link = driver.getCurrentUrl();
        driver.get("about:blank");
        driver.get(link);
        waitFor(10).until(d -> epoch() == 0 && ((Number) js("return window.playground.lastFrame.network.inputs.length"))
                .intValue() == 3);
        assertThat(new Select(driver.findElement(By.id("optimizer"))).getFirstSelectedOption().getText()).isEqualTo("Adam");
        assertThat(driver.findElements(By.cssSelector(".layer"))).hasSize(3);
        driver.findElement(By.id("step")).click();
        waitFor(5).until(d -> epoch() == 1);
    }

    @Test
    @Order(3)
    void clickingANeuronExplainsItsNumbers() throws Exception {
        List<WebElement> neurons = driver.findElements(By.cssSelector(".layer .node.neuron"));
        neurons.get(1).click();
        WebElement modal = driver.findElement(By.id("modal"));
        waitFor(5).until(d -> modal.isDisplayed());
        assertThat(driver.findElement(By.id("modal-body")).getText()).contains("Neuron 2 of the hidden layer 1", "δ = ∂E/∂z");
        screenshot("03-explain-neuron");
        driver.findElement(By.id("modal-close")).click();
        WebElement heatmap = driver.findElement(By.id("heatmap"));
        @SuppressWarnings("unchecked")
        Map<String, Object> hit = (Map<String, Object>) js("return window.playground.hits[7]");
        int dx = (int) Math.round(((Number) hit.get("x")).doubleValue() - heatmap.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(((Number) hit.get("y")).doubleValue() - heatmap.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(heatmap, dx, dy).click().perform();
        waitFor(5).until(d -> modal.isDisplayed());
        assertThat(driver.findElement(By.id("modal-body")).getText()).contains("Training point #8");
        assertThat(driver.findElement(By.id("modal-body")).getText()).contains("output layer");
        driver.findElement(By.id("modal-close")).click();
    }

    @Test
    @Order(4)
    void uploadACsvWithThreeClassesAndExportTheModel() throws Exception {
        driver.get(url());
        waitFor(10).until(d -> epoch() == 0);
        Path csv = Files.createTempFile("blobs", ".csv");
        Files.writeString(csv, BrowserFixtures.threeBlobs());
        driver.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
        waitFor(10).until(d -> d.getCurrentUrl().contains("dataset=csv")
                && ((Number) js("var f = window.playground.lastFrame; return f.output.kind === 'multi' ? 3 : 0")).intValue() == 3);
        assertThat(driver.findElement(By.id("csv-info")).getText()).contains("300 rows", "3 classes");
        new Select(driver.findElement(By.id("planeY"))).selectByValue("2");
        waitFor(5).until(d -> d.getCurrentUrl().contains("planeY=2"));
        new Select(driver.findElement(By.id("speed"))).selectByValue("5");
        driver.findElement(By.id("showTest")).click();
        driver.findElement(By.id("play")).click();
        waitFor(30).until(d -> epoch() > 40 && testLoss() < 0.2);
        driver.findElement(By.id("play")).click();
        assertThat(driver.findElements(By.cssSelector("#confusion tr"))).hasSize(4);
        screenshot("04-csv-three-classes");

        driver.findElement(By.id("export-model")).click();
        Path file = downloads.resolve("playground.safetensors");
        waitFor(10).until(d -> Files.exists(file) && file.toFile().length() > 0 && noPartialDownloads());
        Model model = ModelFile.load(file);
        assertThat(model.network().inputs()).isEqualTo(3);
        assertThat(model.network().outputs()).isEqualTo(3);
        assertThat(model.info().classNames()).containsExactly("setosa", "versicolor", "virginica");
        // the model file, like `./myelin evaluate`, classifies the blobs: scale, predict, compare
        double[] red = model.info().scaler().transformRow(new double[] {-3, -2, 0});
        double[] out = model.network().predict(red);
        assertThat(out[0]).isGreaterThan(out[1]).isGreaterThan(0.5);

        driver.findElement(By.id("export-command")).click();
        waitFor(5).until(d -> driver.findElement(By.id("modal")).isDisplayed());
        assertThat(driver.findElement(By.id("export-cli")).getText()).startsWith("./myelin train --data");
        assertThat(driver.findElement(By.id("export-java")).getText()).contains("Network.builder(3)");
        screenshot("05-export");
        driver.findElement(By.id("modal-close")).click();
    }

    @Test
    @Order(5)
    void regressionAndADeepNetworkLookRight() throws Exception {
        driver.get(url() + "#problem=regression&dataset=multigauss&layers=8,8,6&activations=relu,relu,tanh"
                + "&features=x1,x2,x1sq,x2sq&lr=0.01&optimizer=adam&speed=10&showTest=1");
        waitFor(10).until(d -> epoch() == 0);
        driver.findElement(By.id("play")).click();
        waitFor(20).until(d -> epoch() > 300);
        driver.findElement(By.id("play")).click();
        assertThat(driver.findElement(By.id("confusion-wrap")).isDisplayed()).isFalse();
        screenshot("06-regression-deep");
    }

    static boolean noPartialDownloads() {
        try (Stream<Path> s = Files.list(downloads)) {
            return s.noneMatch(p -> p.toString().endsWith(".crdownload"));
        } catch (Exception e) {
            return false;
        }
    }
}
