package dev.myelin.playground;

import dev.myelin.init.Rng;
import java.util.Locale;

/** Test data shared by the API and browser tests. */
final class BrowserFixtures {
    private BrowserFixtures() {}

    /** 300 rows, features a, b, c, three well separated classes setosa, versicolor and virginica. */
    static String threeBlobs() {
        StringBuilder sb = new StringBuilder("a,b,c,label\n");
        Rng rng = new Rng(5);
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] centres = {{-3, -2, 0}, {3, -2, 1}, {0, 3, -1}};
        for (int i = 0; i < 300; i++) {
            int k = i % 3;
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s%n", centres[k][0] + rng.nextGaussian(),
                    centres[k][1] + rng.nextGaussian(), centres[k][2] + 0.5 * rng.nextGaussian(), names[k]));
        }
        return sb.toString();
    }
}
