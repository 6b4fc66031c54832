package routes.preflight;

import java.util.List;

/**
 * Reconcile's statements on two small temp tables. Not run in this version: reconcile gains its Redshift
 * dialect separately, and its queries should be exercised here once that lands (TODO), so the line says so
 * instead of passing silently.
 */
public final class ReconcileStatementsCheck implements PreflightCheck {

    @Override
    public List<CheckResult> run() {
        return List.of(CheckResult.warn("reconcile.statements", "not checked in this version",
                "run `reconcile` over a short window after the first loads"));
    }
}
