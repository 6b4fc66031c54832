package routes.load;

import routes.contract.BatchNotification;
import routes.monitor.TablePauses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redshift dialect inside the loader's routes as packaged (routes.yaml: the transacted loader-load-transaction
 * running the one load, WarehouseLoad, and the retries of load-retries), against {@link ScriptedRedshift}: which statements a cycle
 * sends on one pooled session, and how each kind of Redshift failure ends (loaded, rejected, isolated), never in a
 * loop.
 */
class RedshiftLoadCycleTest {

    private static final String BUCKET = "event-logs";
    private static final String ROLE = "arn:aws:iam::123456789012:role/redshift-copy";

    private final ScriptedRedshift redshift = new ScriptedRedshift();
    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final SlowHeads heads = new SlowHeads(objects);
    /** As the application's: a cycle's HEAD requests run side by side. */
    private final ObjectFetcher fetcher = new ObjectFetcher(heads, 4, 32L << 20);
    private LoaderRouteHarness loader;

    @BeforeEach
    void startLoaderRoutes() throws Exception {
        loader = new LoaderRouteHarness(redshift.dataSource(),
                new RedshiftDialect(new RedshiftCopyStatements(ROLE, "us-east-1"), redshift.manifestWriter, fetcher, BUCKET),
                LoadSettings.defaults(), Map.of());
    }

    @AfterEach
    void stopLoaderRoutes() {
        loader.close();
        fetcher.close();
    }

    @Test
    void headRequestsOfACycleRunSideBySideAndTheManifestKeepsTheCyclesOrder() {
        heads.delay = Duration.ofMillis(50);
        List<BatchNotification> cycle = IntStream.range(0, 12)
                .mapToObj(i -> i % 5 == 2 ? notification("gone" + i) : batch("h" + i)).toList();
        List<String> copied = new java.util.concurrent.CopyOnWriteArrayList<>();
        redshift.copy = copied::addAll;

        LoadReport report = loader.load("public.events", cycle);

        assertThat(heads.mostAtOnce.get()).isEqualTo(4);
        assertThat(report.fetchWaitMillis()).as("12 HEADs of 50 ms, 4 at a time: the load line's fetch_wait_ms")
                .isBetween(150L, 550L);
        assertThat(reasons(report)).containsOnlyKeys("gone2", "gone7").containsValue("object missing");
        assertThat(copied).containsExactlyElementsOf(cycle.stream()
                .filter(b -> !b.batchId().startsWith("gone")).map(RedshiftLoadCycleTest::url).toList());
        assertThat(redshift.ledger).hasSize(10);
    }

    @Test
    void aHeadRequestTheStoreCannotAnswerFailsTheAttemptWithoutBlameAndTheRetryLoads() {
        BatchNotification flaky = batch("flaky");
        heads.failures.set(1);
        heads.failing = flaky.key();

        LoadReport report = loader.load("public.events", List.of(batch("f0"), flaky, batch("f2")));

        assertThat(heads.failures.get()).isNegative();
        assertThat(report.failed()).isEmpty();
        assertThat(redshift.ledger).containsExactlyInAnyOrder("f0", "flaky", "f2");
    }

    @Test
    void sixCyclesOnOnePooledSessionEachStageAndDropATableOfTheirOwn() {
        for (int cycle = 0; cycle < 6; cycle++) {
            LoadReport report = loader.load("public.events", List.of(batch("c" + cycle + "a"), batch("c" + cycle + "b")));
            assertThat(report.batchesLoaded()).isEqualTo(2);
            assertThat(report.failed()).isEmpty();
        }
        List<String> created = redshift.statements.stream().filter(s -> s.startsWith("CREATE TEMP TABLE")).toList();
        List<String> dropped = redshift.statements.stream().filter(s -> s.startsWith("DROP TABLE")).toList();
        assertThat(created).hasSize(6).doesNotHaveDuplicates()
                .allSatisfy(s -> assertThat(s).matches("CREATE TEMP TABLE load_stage_[a-f0-9]{32} \\(doc SUPER\\)"));
        assertThat(dropped).hasSize(6).allSatisfy(s -> assertThat(s).doesNotContain("IF EXISTS"));
        assertThat(created.stream().map(s -> s.split(" ")[3]).toList())
                .isEqualTo(dropped.stream().map(s -> s.split(" ")[2]).toList());
        assertThat(redshift.ledger).hasSize(12);
    }

    @Test
    void everyStatementOfALoadRunsInTheOneLoadOnTheTransactionsSessionNoneThroughCamelJdbc() throws Exception {
        loader.close();
        loader = new LoaderRouteHarness(redshift.dataSource(),
                new RedshiftDialect(new RedshiftCopyStatements(ROLE, "us-east-1"), redshift.manifestWriter, fetcher, BUCKET),
                LoadSettings.defaults(), Map.of(routes.config.Setting.WAREHOUSE_DIALECT, "Redshift"));

        loader.load("public.events", List.of(batch("spelled")));

        assertThat(loader.jdbcSends()).as("statements sent through a camel-jdbc endpoint").isZero();
        assertThat(redshift.statements).anyMatch(s -> s.startsWith("LOCK")).anyMatch(s -> s.startsWith("COPY"));
        assertThat(redshift.ledger).containsExactly("spelled");
    }

    @Test
    void everyTransactionSetsItsTimeoutAndCaseSensitiveAttributesBeforeLockingItsTargetsLedgerAndNeverTheTarget() {
        loader.load("public.events", List.of(batch("l1")));

        assertThat(redshift.statements.subList(0, 3)).containsExactly(
                "SELECT SET_CONFIG('statement_timeout', ?, true)",
                "SET enable_case_sensitive_super_attribute TO true",
                "LOCK event_pipeline.loads__public__events");
        assertThat(redshift.statements).noneMatch(s -> s.startsWith("LOCK") && s.contains("public.events"));
    }

    @Test
    void aLoadRunsExactlyTheseStatementsInOrder() {
        BatchNotification one = batch("s1");
        BatchNotification two = batch("s2");

        LoadReport report = loader.load("public.events", List.of(one, two));

        String stage = RedshiftCopyStatements.stageName(report.loadId());
        RedshiftCopyStatements sql = new RedshiftCopyStatements(ROLE, "us-east-1");
        routes.contract.SqlIdentifier events = routes.contract.SqlIdentifier.of("public.events");
        assertThat(redshift.statements).containsExactly(
                RedshiftCopyStatements.setStatementTimeout(),
                RedshiftCopyStatements.caseSensitiveSuperAttributes(),
                RedshiftCopyStatements.lock(events),
                RedshiftCopyStatements.selectLoadedBatches(events, 2),
                RedshiftCopyStatements.selectLegacyLoadedBatches(2),
                RedshiftCopyStatements.createStage(stage),
                RedshiftCopyStatements.serverTime(),
                sql.copy(stage, RedshiftCopyStatements.manifestUrl(BUCKET, RedshiftCopyStatements.manifestKey(events, report.loadId()))),
                RedshiftCopyStatements.checkStage(stage),
                RedshiftCopyStatements.stageDays(stage),
                RedshiftCopyStatements.insertDeduplicated(events, stage, List.of(java.time.LocalDate.parse("2026-12-01"))),
                RedshiftCopyStatements.dropStage(stage),
                RedshiftCopyStatements.insertLedger(events, 2));
    }

    @Test
    void loadsOfTwoTablesLockAndWriteDisjointTablesAndShareOnlyTheLegacyLedgerWhichNeitherWrites() {
        List<String> events = statementsOf(() -> loader.load("public.events", List.of(batch("e1"), batch("e2"))));
        List<String> payments = statementsOf(() -> loader.load("public.payments", List.of(batchFor("public.payments", "p1"))));

        assertThat(events).contains("LOCK event_pipeline.loads__public__events");
        assertThat(payments).contains("LOCK event_pipeline.loads__public__payments");
        assertThat(lockedOrWritten(events)).containsExactlyInAnyOrder("event_pipeline.loads__public__events", "public.events")
                .doesNotContainAnyElementsOf(tablesNamed(payments));
        assertThat(lockedOrWritten(payments)).containsExactlyInAnyOrder("event_pipeline.loads__public__payments", "public.payments")
                .doesNotContainAnyElementsOf(tablesNamed(events));
        java.util.Set<String> shared = new java.util.TreeSet<>(tablesNamed(events));
        shared.retainAll(tablesNamed(payments));
        assertThat(shared).containsExactly("event_pipeline.loads_legacy");
        assertThat(redshift.ledgers).containsOnlyKeys("event_pipeline.loads__public__events", "event_pipeline.loads__public__payments");
        assertThat(redshift.ledgers.get("event_pipeline.loads__public__events")).containsExactlyInAnyOrder("e1", "e2");
        assertThat(redshift.ledgers.get("event_pipeline.loads__public__payments")).containsExactly("p1");
    }

    @Test
    void aBatchTheLegacyLedgerHoldsIsNotLoadedAgain() {
        redshift.legacyLedger.add("old1");

        LoadReport report = loader.load("public.events", List.of(batch("old1"), batch("new1")));

        assertThat(report.batchesAlreadyLoaded()).isEqualTo(1);
        assertThat(redshift.ledger).containsExactly("new1");
        assertThat(redshift.statements).noneMatch(s -> !s.startsWith("SELECT") && s.contains("loads_legacy"));
    }

    private List<String> statementsOf(Runnable load) {
        redshift.statements.clear();
        load.run();
        return List.copyOf(redshift.statements);
    }

    /** Permanent tables (schema-qualified names outside quoted literals) a statement names. */
    private static java.util.Set<String> tablesNamed(List<String> statements) {
        java.util.Set<String> tables = new java.util.TreeSet<>();
        for (String s : statements) {
            java.util.regex.Matcher m = QUALIFIED.matcher(s.replaceAll("'[^']*'", "''"));
            while (m.find()) {
                tables.add(m.group());
            }
        }
        return tables;
    }

    /** Tables a statement locks or writes (LOCK, INSERT INTO): the ones two concurrent loads must not share. */
    private static java.util.Set<String> lockedOrWritten(List<String> statements) {
        return tablesNamed(statements.stream().filter(s -> s.startsWith("LOCK ") || s.startsWith("INSERT INTO "))
                .map(s -> s.split(" ")[s.startsWith("LOCK ") ? 1 : 2]).toList());
    }

    private static final java.util.regex.Pattern QUALIFIED =
            java.util.regex.Pattern.compile("(?<![a-z0-9_.])(event_pipeline|public)\\.[a-z_][a-z0-9_]*(?![a-z0-9_.(])");

    @Test
    void theWaitForTheLockIsTheLoadLinesLockMsApartFromItsSteps() {
        redshift.lockWaitMillis = 300;

        LoadReport report = loader.load("public.events", List.of(batch("w1"), batch("w2")));

        assertThat(report.lockMillis()).isBetween(300L, 2_000L);
        assertThat(report.stageMillis()).isLessThan(300L);
        assertThat(report.logLine(LoadStart.IDLE)).contains(" lock_ms=" + report.lockMillis() + " stage_ms=");
    }

    @Test
    void aLoadWritesItsLedgerRowsInOneMultiRowInsert() {
        List<BatchNotification> cycle = IntStream.range(0, 12).mapToObj(i -> batch("m" + i)).toList();

        loader.load("public.events", cycle);

        List<String> ledgerInserts = redshift.statements.stream()
                .filter(s -> s.startsWith("INSERT INTO event_pipeline.loads")).toList();
        assertThat(ledgerInserts).hasSize(1);
        assertThat(ledgerInserts.get(0).split("GETDATE\\(\\)\\)", -1)).hasSize(12 + 1);
        assertThat(redshift.ledger).hasSize(12);
    }

    @Test
    void ledgerRowsBeyondOneStatementsBoundGoInAsFewInsertsAsTheBoundAllows() throws Exception {
        int rows = 2 * RedshiftCopyStatements.MAX_LEDGER_ROWS_PER_INSERT + 1;
        List<WarehouseDialect.LedgerEntry> entries = IntStream.range(0, rows)
                .mapToObj(i -> new WarehouseDialect.LedgerEntry(notification("x" + i), null, null)).toList();
        RedshiftDialect dialect = new RedshiftDialect(new RedshiftCopyStatements(ROLE, "us-east-1"),
                redshift.manifestWriter, objects, BUCKET);

        dialect.recordLoads(redshift.connection(), routes.contract.SqlIdentifier.of("public.events"),
                "0b7c3f1e-2f7a-4a0e-9d3e-1c2b3a4d5e6f", entries);
        redshift.connection().commit();

        assertThat(redshift.statements).hasSize(3).allMatch(s -> s.startsWith("INSERT INTO event_pipeline.loads__public__events "));
        assertThat(redshift.ledger).hasSize(rows);
    }

    @Test
    void theErrorLookupStartsAtTheTransactionsStartToTheMicrosecondNotAtAWholeSecond() {
        BatchNotification bad = batch("bad-json");
        redshift.copy = urls -> {
            throw ScriptedRedshift.serverError("Load into table failed. Check 'sys_load_error_detail'");
        };
        redshift.errorFileName = urls -> url(bad);

        loader.load("public.events", List.of(bad));

        int copy = redshift.statements.indexOf(redshift.statements.stream().filter(s -> s.startsWith("COPY")).findFirst().orElseThrow());
        assertThat(redshift.statements.subList(0, copy)).contains("SELECT SYSDATE").doesNotContain("SELECT GETDATE()");
    }

    @Test
    void anObjectWhoseLengthIsNotTheNotificationsFailsAloneAsItsBatchsContentAndIsLeftOutOfTheManifest() {
        BatchNotification swapped = notification("swapped");
        objects.put(BUCKET, swapped.key(), new byte[(int) swapped.bytes() + 7]);
        List<String> copied = new java.util.concurrent.CopyOnWriteArrayList<>();
        redshift.copy = copied::addAll;

        LoadReport report = loader.load("public.events", List.of(batch("intact"), swapped));

        assertThat(reasons(report)).containsExactly(Map.entry("swapped", "object is 17 bytes, the notification says 10"));
        assertThat(copied).containsExactly(url(batch("intact")));
        assertThat(redshift.ledger).containsExactly("intact");
        assertThat(loader.deadLetters()).hasSize(1);
    }

    @Test
    void objectMissingBeforeTheCopyFailsAloneAndIsLeftOutOfTheManifest() {
        BatchNotification gone = notification("gone");

        LoadReport report = loader.load("public.events", List.of(batch("here"), gone));

        assertThat(reasons(report)).containsExactly(Map.entry("gone", "object missing"));
        assertThat(report.batchesLoaded()).isEqualTo(1);
        assertThat(redshift.ledger).containsExactly("here");
    }

    @Test
    void copyErrorThatNamesAnObjectOnlyInItsTextRejectsThatBatchAndLoadsTheRest() {
        BatchNotification bad = batch("bad");
        redshift.copy = urls -> {
            if (urls.contains(url(bad))) {
                throw ScriptedRedshift.serverError("Load into table failed.\n DETAIL: error: mandatory url="
                        + url(bad) + " is not present\n code: 8001");
            }
        };

        LoadReport report = loader.load("public.events", List.of(batch("ok1"), bad, batch("ok2")));

        assertThat(reasons(report)).containsOnlyKeys("bad");
        assertThat(reasons(report).get("bad")).startsWith("COPY failed on this object: Load into table failed.");
        assertThat(redshift.ledger).containsExactlyInAnyOrder("ok1", "ok2");
        assertThat(report.isolations()).isEmpty(); // named, not searched for
    }

    @Test
    void copyErrorRowWithAFileNameCutTo256BytesRejectsThatBatch() {
        BatchNotification longName = batch("l".repeat(100), "events/event_key=payroll.run/" + "p".repeat(200) + "/");
        redshift.copy = urls -> {
            if (urls.contains(url(longName))) {
                throw ScriptedRedshift.serverError("Load into table 'load_stage' failed. Check 'sys_load_error_detail'");
            }
        };
        redshift.errorFileName = urls -> urls.contains(url(longName)) ? url(longName).substring(0, 256) : null;

        LoadReport report = loader.load("public.events", List.of(batch("ok"), longName));

        assertThat(reasons(report)).containsOnlyKeys(longName.batchId());
        assertThat(reasons(report).get(longName.batchId())).contains("line 1 (error 1216): Invalid JSON");
        assertThat(redshift.ledger).containsExactly("ok");
    }

    @Test
    void rowsWhoseTimeRedshiftCannotReadIsolateTheirBatchAndTheRestCommits() {
        BatchNotification poison = batch("poison");
        redshift.badColumns = urls -> new long[] {0, 0, urls.contains(url(poison)) ? 1 : 0};
        List<BatchNotification> cycle = IntStream.range(0, 7).mapToObj(i -> batch("b" + i))
                .collect(Collectors.toCollection(java.util.ArrayList::new));
        cycle.add(3, poison);

        LoadReport report = loader.load("public.events", cycle);

        assertThat(reasons(report)).containsOnlyKeys("poison");
        assertThat(reasons(report).get("poison")).startsWith("load failed (content): ")
                .contains("occurred_at 1");
        assertThat(report.isolations()).containsExactly("content");
        assertThat(report.batchesLoaded()).isEqualTo(7);
        assertThat(redshift.ledger).hasSize(7).doesNotContain("poison");
    }

    @Test
    void stagedRowCountThatDiffersFromTheNotificationIsolatesThatBatch() {
        BatchNotification liar = batch("liar");
        redshift.rowsPerObject = url -> url.equals(url(liar)) ? 2L : 1L;

        LoadReport report = loader.load("public.events", List.of(batch("a"), liar, batch("b"), batch("c")));

        assertThat(reasons(report)).containsOnlyKeys("liar");
        assertThat(reasons(report).get("liar")).contains("COPY staged 2 rows, the notifications promise 1");
        assertThat(redshift.ledger).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void failureThatNamesNoFileAndHitsEveryBatchPausesTheTableAndLoadsEverythingOnceItsCauseIsGone() {
        java.util.concurrent.atomic.AtomicBoolean roleRefused = new java.util.concurrent.atomic.AtomicBoolean(true);
        redshift.copy = urls -> {
            if (roleRefused.get()) {
                throw ScriptedRedshift.serverError("User arn:aws:redshift:us-east-1:123456789012:dbuser:c/loader is not"
                        + " authorized to assume IAM Role " + ROLE);
            }
        };
        List<BatchNotification> cycle = IntStream.range(0, 4).mapToObj(i -> batch("d" + i)).toList();

        java.util.concurrent.CompletableFuture<LoadReport> load = loadInBackground(cycle);
        awaitPaused("unknown");
        assertThat(redshift.ledger).isEmpty();
        roleRefused.set(false);

        LoadReport report = load.join();
        assertThat(report.failed()).as("every part failed the same way: nothing is convicted").isEmpty();
        assertThat(report.isolations()).isEmpty();
        assertThat(redshift.ledger).containsExactlyInAnyOrder("d0", "d1", "d2", "d3");
        assertThat(loader.pauses().paused()).as("the commit ends the pause").isEmpty();
    }

    @Test
    void anS3AccessErrorInsideTheCopyThatNamesAnObjectBlamesNoBatchAndPausesTheTable() {
        BatchNotification named = batch("named");
        java.util.concurrent.atomic.AtomicBoolean denied = new java.util.concurrent.atomic.AtomicBoolean(true);
        redshift.copy = urls -> {
            if (denied.get()) {
                throw ScriptedRedshift.serverError("S3ServiceException:Access Denied,Status 403,Error AccessDenied,"
                        + "Rid 1,ExtRid 2,CanRetry 1\n  DETAIL: error reading " + url(named));
            }
        };

        java.util.concurrent.CompletableFuture<LoadReport> load = loadInBackground(List.of(batch("other"), named));
        TablePauses.Pause pause = awaitPaused("s3_access_denied");
        assertThat(pause.step()).isEqualTo("stage");
        assertThat(loader.meters().counter(routes.monitor.PipelineMetrics.LOAD_PAUSES, "table", "public.events",
                "reason", "s3_access_denied").count()).isEqualTo(1.0);
        denied.set(false);

        LoadReport report = load.join();
        assertThat(report.failed()).isEmpty();
        assertThat(redshift.ledger).containsExactlyInAnyOrder("other", "named");
    }

    @Test
    void aHeadAnswered403PausesTheTableVisiblyInsteadOfRetryingSilentlyAndLoadsWhenAccessReturns() {
        BatchNotification b = batch("h403");
        heads.refusing = b.key();

        java.util.concurrent.CompletableFuture<LoadReport> load = loadInBackground(List.of(batch("h0"), b));
        TablePauses.Pause pause = awaitPaused("s3_access_denied");
        assertThat(pause.sqlState()).isNull();
        assertThat(redshift.statements).noneMatch(s -> s.startsWith("COPY"));
        heads.refusing = "";

        LoadReport report = load.join();
        assertThat(report.failed()).isEmpty();
        assertThat(redshift.ledger).containsExactlyInAnyOrder("h0", "h403");
    }

    @Test
    void aLockThatOutlastsTheStatementTimeoutPausesTheTableInsteadOfSplittingOrConvicting() {
        redshift.lockTimesOut = true;

        java.util.concurrent.CompletableFuture<LoadReport> load = loadInBackground(
                IntStream.range(0, 4).mapToObj(i -> batch("l" + i)).toList());
        TablePauses.Pause pause = awaitPaused("lock_timeout");
        assertThat(pause.sqlState()).isEqualTo("57014");
        assertThat(redshift.commits).as("nothing gets past the LOCK while it times out").isZero();
        redshift.lockTimesOut = false;

        LoadReport report = load.join();
        assertThat(report.failed()).as("another session's lock is no batch's fault").isEmpty();
        assertThat(report.isolations()).isEmpty();
        assertThat(redshift.statements.stream().filter(s -> s.startsWith("COPY")).count())
                .as("the cycle was never split for a wait that was not its own").isEqualTo(1);
        assertThat(redshift.ledger).containsExactlyInAnyOrder("l0", "l1", "l2", "l3");
    }

    @Test
    void aPausedCycleGivesUpWhenTheLoaderStopsAndDeadLettersNothing() {
        redshift.copy = urls -> {
            throw new SQLException("permission denied for relation loads", "42501");
        };
        java.util.concurrent.CompletableFuture<LoadReport> load = loadInBackground(List.of(batch("p1"), batch("p2")));
        awaitPaused("privilege");

        loader.context().getShutdownStrategy().setTimeout(10);
        loader.close();

        assertThat(load).failsWithin(Duration.ofSeconds(10));
        assertThat(loader.deadLetters()).isEmpty();
        assertThat(redshift.commits).isZero();
    }

    private java.util.concurrent.CompletableFuture<LoadReport> loadInBackground(List<BatchNotification> cycle) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> loader.load("public.events", cycle));
    }

    private TablePauses.Pause awaitPaused(String reason) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !loader.pauses().paused().isEmpty()
                && loader.pauses().paused().get(0).attempts() >= 2);
        TablePauses.Pause pause = loader.pauses().paused().get(0);
        assertThat(pause.table()).isEqualTo("public.events");
        assertThat(pause.reason()).isEqualTo(reason);
        return pause;
    }

    @Test
    void statementTimeoutSplitsTheCycleAtOnceAndTheSmallerLoadsCommit() {
        redshift.copy = urls -> {
            if (urls.size() > 2) {
                throw new SQLException("Query (1234) cancelled on user's request", "57014");
            }
        };
        List<BatchNotification> cycle = IntStream.range(0, 8).mapToObj(i -> batch("t" + i)).toList();

        LoadReport report = loader.load("public.events", cycle);

        assertThat(report.failed()).isEmpty();
        assertThat(report.batchesLoaded()).isEqualTo(8);
        assertThat(redshift.ledger).hasSize(8);
        assertThat(redshift.statements.stream().filter(s -> s.startsWith("COPY")).count()).isEqualTo(1 + 2 + 4);
    }

    @Test
    void redeliveredBatchesAreSkippedByTheLedger() {
        List<BatchNotification> cycle = List.of(batch("r1"), batch("r2"));
        loader.load("public.events", cycle);
        long copies = redshift.statements.stream().filter(s -> s.startsWith("COPY")).count();

        LoadReport again = loader.load("public.events", cycle);

        assertThat(again.batchesAlreadyLoaded()).isEqualTo(2);
        assertThat(redshift.statements.stream().filter(s -> s.startsWith("COPY")).count()).isEqualTo(copies);
    }

    // ---- fixtures ---------------------------------------------------------------------------------

    @Test
    void aCycleWithObservedFieldsWritesTheTargetsHistoryAfterTheLedgerAndReportsTheNewPathsAfterCommit() {
        BatchNotification plain = batch("f1");
        BatchNotification observed = new BatchNotification(plain.batchId(), plain.eventKey(), plain.table(), plain.bucket(),
                plain.key(), plain.recordCount(), plain.bytes(), plain.sha256(), plain.minOccurredAt(),
                plain.maxOccurredAt(), plain.sources(), plain.createdAt(), null, null,
                List.of(new routes.contract.ObservedField("amount", routes.contract.FieldType.INTEGER, 1)), 0L);

        loader.load("public.events", List.of(observed));

        List<String> sent = redshift.statements;
        int ledger = sent.indexOf(sent.stream().filter(s -> s.startsWith("INSERT INTO event_pipeline.loads")).findFirst()
                .orElseThrow());
        assertThat(sent.subList(ledger + 1, sent.size())).containsExactly(
                RedshiftFieldStatements.selectKnown(routes.contract.SqlIdentifier.of("public.events"), 1),
                RedshiftFieldStatements.insertNew(routes.contract.SqlIdentifier.of("public.events"), 1),
                RedshiftFieldStatements.transactionTime());
        assertThat(redshift.commits).isEqualTo(1);
        assertThat(loader.fieldChanges).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("amount");
            assertThat(c.kind()).isEqualTo(routes.fields.FieldChange.Kind.NEW_PATH);
        });
    }

    @Test
    void aCycleWithoutObservationsSendsNoFieldHistoryStatement() {
        loader.load("public.events", List.of(batch("f2")));
        assertThat(redshift.statements).noneMatch(s -> s.contains("event_fields"));
        assertThat(loader.fieldChanges).isEmpty();
    }

    private BatchNotification batch(String id) {
        return batch(id, "events/event_key=payroll.run/");
    }

    private BatchNotification batchFor(String table, String id) {
        BatchNotification n = new BatchNotification(id, "payroll.run", table, BUCKET, "events/event_key=payroll.run/" + id
                + ".ndjson.gz", 1, 10, "0".repeat(64), "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of(),
                "2026-12-01T00:00:00Z");
        objects.put(BUCKET, n.key(), new byte[(int) n.bytes()]);
        return n;
    }

    private BatchNotification batch(String id, String prefix) {
        BatchNotification n = notification(id, prefix);
        objects.put(BUCKET, n.key(), new byte[(int) n.bytes()]);
        return n;
    }

    private static BatchNotification notification(String id) {
        return notification(id, "events/event_key=payroll.run/");
    }

    private static BatchNotification notification(String id, String prefix) {
        return new BatchNotification(id, "payroll.run", "public.events", BUCKET, prefix + id + ".ndjson.gz", 1, 10,
                "0".repeat(64), "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of(), "2026-12-01T00:00:00Z");
    }

    /** HEAD requests that take a while, counted at once, and can fail as a store that cannot answer. */
    private static final class SlowHeads implements ObjectStore {
        private final ObjectStore store;
        final java.util.concurrent.atomic.AtomicInteger atOnce = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        volatile String failing = "";
        volatile String refusing = "";
        volatile Duration delay = Duration.ZERO;

        SlowHeads(ObjectStore store) {
            this.store = store;
        }

        @Override
        public java.io.InputStream open(String bucket, String key) throws java.io.IOException {
            return store.open(bucket, key);
        }

        @Override
        public java.util.OptionalLong size(String bucket, String key) throws java.io.IOException {
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delay.toMillis());
                if (key.equals(refusing)) {
                    throw new ObjectStoreRefusedException("HEAD", 403, "AccessDenied");
                }
                if (key.equals(failing) && failures.getAndDecrement() > 0) {
                    throw new java.io.IOException("S3 HEAD failed: SdkClientException");
                }
                return store.size(bucket, key);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            } finally {
                atOnce.decrementAndGet();
            }
        }
    }

    private static String url(BatchNotification n) {
        return "s3://" + BUCKET + "/" + n.key();
    }

    private static Map<String, String> reasons(LoadReport report) {
        return report.failed().stream().collect(Collectors.toMap(f -> f.batch().batchId(), FailedBatch::reason,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void aCaseInsensitiveDatabaseStopsTheLoaderAtStart() {
        RedshiftDialect dialect = new RedshiftDialect(new RedshiftCopyStatements(ROLE, "us-east-1"),
                redshift.manifestWriter, objects, BUCKET);
        redshift.collation = "case_insensitive";

        assertThatThrownBy(() -> dialect.verifyDatabase(redshift.connection()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("collation is case_insensitive");
    }

    @Test
    void aCaseSensitiveDatabaseIsAccepted() throws Exception {
        new RedshiftDialect(new RedshiftCopyStatements(ROLE, "us-east-1"), redshift.manifestWriter, objects, BUCKET)
                .verifyDatabase(redshift.connection());

        assertThat(redshift.statements).containsExactly("SELECT db_collation()");
    }

    @Test
    void aCycleRetryingAnOutageGivesUpWhenTheLoaderStopsAndCommitsNothing() throws Exception {
        java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();
        redshift.copy = urls -> {
            copies.incrementAndGet();
            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
        };
        java.util.concurrent.CompletableFuture<LoadReport> cycle = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> loader.load("public.events", List.of(batch("s1"))));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> copies.get() >= 3);

        long stopping = System.nanoTime();
        loader.context().getShutdownStrategy().setTimeout(10);
        loader.close();

        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(8));
        assertThat(cycle).failsWithin(Duration.ofSeconds(5));
        assertThat(redshift.ledger).isEmpty();
        assertThat(redshift.commits).isZero();
    }
}
