package routes.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which warehouse table an event key goes to: an ordered list of {@code glob=table} rules, first match
 * wins, e.g. {@code payroll.*=public.payroll_events,*=public.events}. Globs know {@code *} (any run of
 * characters) and {@code ?} (one character): a {@link GlobPattern}. Without a catch-all rule, {@code *=public.events} is appended.
 */
public final class TableRouting {

    public static final String DEFAULT_TABLE = "public.events";
    public static final String DEFAULT_RULES = "*=" + DEFAULT_TABLE;

    private record Rule(String glob, GlobPattern pattern, SqlIdentifier table) {
    }

    private final List<Rule> rules;

    private TableRouting(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The default routing: everything to {@code public.events}. */
    public static TableRouting defaults() {
        return parse(DEFAULT_RULES);
    }

    /**
     * Parses {@code glob=table[,glob=table…]}; blank means the default.
     *
     * @throws IllegalArgumentException for a malformed rule or an invalid table identifier
     */
    public static TableRouting parse(String config) {
        List<Rule> rules = new ArrayList<>();
        if (config != null && !config.isBlank()) {
            for (String entry : config.split(",")) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.lastIndexOf('=');
                if (eq <= 0 || eq == trimmed.length() - 1) {
                    throw new IllegalArgumentException("table routing rule must be glob=table: " + trimmed);
                }
                String glob = trimmed.substring(0, eq).trim();
                rules.add(new Rule(glob, compile(glob), SqlIdentifier.of(trimmed.substring(eq + 1).trim())));
            }
        }
        if (rules.stream().noneMatch(r -> r.glob().equals("*"))) {
            rules.add(new Rule("*", compile("*"), SqlIdentifier.of(DEFAULT_TABLE)));
        }
        return new TableRouting(rules);
    }

    private static GlobPattern compile(String glob) {
        try {
            return GlobPattern.compile(glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table routing " + e.getMessage(), e);
        }
    }

    /** The table for {@code eventKey}: the first rule whose glob matches the whole key. */
    public SqlIdentifier tableFor(String eventKey) {
        for (Rule rule : rules) {
            if (rule.pattern().matches(eventKey)) {
                return rule.table();
            }
        }
        throw new IllegalStateException("no catch-all rule"); // unreachable: parse() always adds one
    }

    /** Every configured target table, in rule order, without repeats. */
    public Set<SqlIdentifier> tables() {
        Set<SqlIdentifier> tables = new LinkedHashSet<>();
        rules.forEach(r -> tables.add(r.table()));
        return tables;
    }

    /** Whether {@code qualifiedName} names one of the configured tables. */
    public boolean isConfigured(String qualifiedName) {
        return SqlIdentifier.isValid(qualifiedName) && tables().contains(SqlIdentifier.of(qualifiedName));
    }
}
