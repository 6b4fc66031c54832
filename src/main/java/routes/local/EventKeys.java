package routes.local;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The event-key distribution: the named keys the apps emit, weighted as in the sample (a handful
 * carry most of the traffic), followed by a generated long tail {@code feature.x<rank>.<verb>} whose
 * weights continue the head's Zipf-like decay (weight ∝ 1/rank). With {@code n} distinct keys at most
 * {@code n} ever appear: the first {@code n} named keys, then tail ranks up to {@code n}.
 */
final class EventKeys {

    /** A chosen key and the shape of the {@code data} that goes with it. */
    record Pick(String name, SyntheticEvents.Kind kind) {
    }

    private record Named(String name, SyntheticEvents.Kind kind, int weight) {
    }

    // Weights are counts per ~500 events, from examples/events.ndjson, lightly smoothed.
    private static final List<Named> NAMED = List.of(
            named("payroll.run.created", 179), named("payroll.run.approved", 75),
            named("payroll.run.completed", 51), named("employee.onboarded", 26),
            named("payroll.run.failed", 25), named("employee.profile.updated", 16),
            named("benefits.enrollment.completed", 12), named("employee.terminated", 12),
            named("benefits.enrollment.started", 9), named("time_off.requested", 8),
            named("employee.address.changed", 8), named("expense.submitted", 7),
            named("sidekiq.heartbeat", 6), named("benefits.plan.changed", 6),
            named("report.exported", 6), named("bank_account.added", 6),
            named("invoice.issued", 5), named("invoice.paid", 5), named("time_off.denied", 5),
            named("tax.form.w4.submitted", 5), named("tax.form.i9.verified", 5),
            named("user.mfa.enabled", 4), named("pto.policy.updated", 4), named("bank_account.removed", 4),
            named("time_off.approved", 3), named("user.password.reset", 2), named("bank_account.verified", 2),
            named("user.signed_in", 2), named("company.created", 2), named("expense.reimbursed", 2),
            named("user.signed_out", 2), named("document.uploaded", 2), named("company.settings.updated", 2),
            named("contractor.paid", 2));

    private static final String[] TAIL_VERBS = {"used", "viewed", "enabled", "clicked"};

    private final List<Named> head;
    private final double[] headCumulative;
    private final double headWeight;
    private final double tailWeight;
    private final int firstTailRank;
    private final int lastTailRank;

    EventKeys(int distinctKeys) {
        if (distinctKeys < 1) {
            throw new IllegalArgumentException("distinctKeys must be at least 1: " + distinctKeys);
        }
        head = new ArrayList<>(NAMED.subList(0, Math.min(distinctKeys, NAMED.size())));
        headCumulative = new double[head.size()];
        double sum = 0;
        for (int i = 0; i < head.size(); i++) {
            sum += head.get(i).weight();
            headCumulative[i] = sum;
        }
        headWeight = sum;
        firstTailRank = NAMED.size() + 1;
        lastTailRank = distinctKeys;
        // Tail rank r weighs (named keys)/r, so the curve continues where the named keys stop;
        // the integral of that over [first, last + 1) is the tail's total weight.
        tailWeight = distinctKeys > NAMED.size()
                ? NAMED.size() * Math.log((lastTailRank + 1.0) / firstTailRank)
                : 0;
    }

    Pick pick(SplittableRandom random) {
        double u = random.nextDouble() * (headWeight + tailWeight);
        if (u < headWeight) {
            Named named = head.get(headIndex(u));
            return new Pick(named.name(), named.kind());
        }
        // Inverse of the 1/r density over the tail's ranks: log-uniform between first and last + 1.
        double fraction = (u - headWeight) / tailWeight;
        long rank = (long) (firstTailRank * Math.pow((lastTailRank + 1.0) / firstTailRank, fraction));
        rank = Math.min(Math.max(rank, firstTailRank), lastTailRank);
        return new Pick("feature.x" + rank + "." + TAIL_VERBS[(int) (rank % TAIL_VERBS.length)],
                SyntheticEvents.Kind.PLAIN);
    }

    private int headIndex(double u) {
        int low = 0;
        int high = headCumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (headCumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private static Named named(String name, int weight) {
        return new Named(name, kindOf(name), weight);
    }

    private static SyntheticEvents.Kind kindOf(String name) {
        if (name.endsWith(".heartbeat")) {
            return SyntheticEvents.Kind.HEARTBEAT;
        } else if (name.startsWith("payroll.run.")) {
            return SyntheticEvents.Kind.PAYROLL;
        } else if (name.startsWith("employee.") || name.startsWith("tax.form.")) {
            return SyntheticEvents.Kind.EMPLOYEE;
        } else if (name.startsWith("bank_account.")) {
            return SyntheticEvents.Kind.BANK_ACCOUNT;
        } else if (name.startsWith("user.")) {
            return SyntheticEvents.Kind.SESSION;
        }
        return SyntheticEvents.Kind.PLAIN;
    }
}
