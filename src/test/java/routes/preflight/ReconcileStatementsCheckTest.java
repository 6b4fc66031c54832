package routes.preflight;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileStatementsCheckTest {

    @Test
    void passesWhenEveryStatementFindsTheFixturesDifferences() {
        assertThat(ReconcileStatementsCheck.verdict(answers("pf-only-new")).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void failsNamingTheStatementThatMissedADifference() {
        CheckResult line = ReconcileStatementsCheck.verdict(answers(null));

        assertThat(line.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(line.saw()).contains("only-in-new gave [], expected [pf-only-new]");
    }

    private static Map<String, List<List<String>>> answers(String onlyInNew) {
        Map<String, List<List<String>>> a = new LinkedHashMap<>();
        a.put("counts", List.of(List.of("preflight.reconcile", "2020-01-01 10:00:00+00", "5", "4", "4", "4")));
        a.put("ids", List.of());
        a.put("only-in-new", onlyInNew == null ? List.of() : List.of(List.of(onlyInNew, "k", "o")));
        a.put("only-in-legacy", List.of(List.of("pf-only-legacy", "k", "o")));
        a.put("duplicates-new", List.of(List.of("pf-dup", "2", "1", "2")));
        a.put("duplicates-legacy", List.of());
        a.put("content", List.of(java.util.Arrays.asList("path", "k", "hr", "a", "1", null), List.of("sample", "k", "hr", "a", "1", "pf-diff")));
        a.put("latency", List.of(List.of("new", "hr", "5", "5000", "5000", "5000", "5000")));
        a.put("per-minute", List.of());
        return a;
    }
}
