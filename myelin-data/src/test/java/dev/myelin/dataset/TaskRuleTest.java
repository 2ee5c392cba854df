package dev.myelin.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRuleTest {
    private static CsvTable table(String csv) throws Exception {
        return CsvTable.parse("t.csv", new StringReader(csv), null, CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT);
    }

    @Test
    void classesAreSortedNumericallyOrByText() {
        assertThat(TaskRule.DEFAULT.classNames(new String[] {"10", "9", "1.0", "9"}, "y", "t.csv")).containsExactly("1", "9", "10");
        assertThat(TaskRule.DEFAULT.classNames(new String[] {"virginica", "setosa", "versicolor"}, "y", "t.csv"))
                .containsExactly("setosa", "versicolor", "virginica");
    }

    @Test
    void theInferenceLimitIsAParameter() {
        String[] labels = new String[60];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Integer.toString(i % 12);
        }
        assertThat(TaskRule.DEFAULT.infer(labels)).isEqualTo(TaskRule.CLASSIFICATION);
        assertThat(new TaskRule(10, 10).infer(labels)).isEqualTo(TaskRule.REGRESSION);
    }

    @Test
    void tooManyClassesFailBeforeAnyOneHotMatrixNamingTheLimit() throws Exception {
        StringBuilder csv = new StringBuilder("x,name\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(",n").append(i).append('\n');
        }
        CsvTable t = table(csv.toString());
        assertThatThrownBy(() -> Targets.encode(t, null, null, TaskRule.DEFAULT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("the label column \"name\" of t.csv has more than 1000 distinct values, the limit of classes; "
                        + "is it an id or a regression target (--task regression)?");
    }

    @Test
    void encodesTwoClassesAsOneColumnAndMoreAsOneHot() throws Exception {
        Targets.Encoded two = Targets.encode(table("x,y\n1,b\n2,a\n3,b\n"), null, null, TaskRule.DEFAULT);
        assertThat(two.classNames()).containsExactly("a", "b");
        assertThat(two.y().toArray()).isEqualTo(new double[][] {{1}, {0}, {1}});
        Targets.Encoded three = Targets.encode(table("x,y\n1,c\n2,a\n3,b\n"), null, null, TaskRule.DEFAULT);
        assertThat(three.y().toArray()).isEqualTo(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
        assertThat(three.inferred()).isEqualTo("classification (inferred: the label column \"y\" holds text; set --task to change)");
    }
}
