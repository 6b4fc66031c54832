// The status page: polls /observe/status and draws it. Text goes in with textContent only: event keys and
// dead-letter reasons come from outside and are never parsed as HTML.
(function () {
  'use strict';
  const POLL_MS = 2000;
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  function fmt(v) { return v === null || v === undefined ? '–' : number.format(v); }
  function bytes(v) {
    if (v === null || v === undefined) { return '–'; }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return number.format(v) + ' ' + units[i];
  }
  function seconds(v) { return v === null || v === undefined ? '–' : PipelineCharts.format(v, 's'); }
  function time(iso) { return iso ? iso.substring(11, 19) : ''; }
  function set(id, text) { document.getElementById(id).textContent = text; }

  function fillTable(id, rows, numeric) {
    const body = document.querySelector('#' + id + ' tbody');
    body.replaceChildren(...rows.map(cells => {
      const tr = document.createElement('tr');
      cells.forEach((c, i) => {
        const td = document.createElement('td');
        td.textContent = c === null || c === undefined ? '' : String(c);
        if (numeric && numeric.includes(i)) { td.className = 'num'; }
        tr.appendChild(td);
      });
      return tr;
    }));
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = document.querySelectorAll('#' + id + ' th').length;
      td.className = 'muted';
      td.textContent = 'none yet';
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function groupLag(lag, group) {
    const own = lag.filter(l => l.group === group);
    return own.length === 0 ? null : own.reduce((sum, l) => sum + l.lag, 0);
  }

  function drawFlow(s) {
    const t = s.totals, r = s.rates;
    const lagA = s.batcherLag, lagB = s.loaderLag;
    set('topicA', 'lag ' + fmt(lagA));
    set('topicB', 'lag ' + fmt(lagB));
    set('open', fmt(t.dropped) + ' dropped');
    set('s3', bytes(t.batchBytes));
    set('loads', fmt(t.loads) + ' loads');
    set('table', fmt(t.rowsLoaded) + ' rows');
    set('edgeIn', fmt(r.eventsIn) + ' events/s');
    set('edgeInTotal', fmt(t.eventsIn) + ' in');
    set('edgeBatches', fmt(r.batches) + ' batches/s');
    set('edgeBatchesTotal', fmt(t.batches) + ' batches, ' + bytes(r.batchBytes) + '/s');
    set('edgeNotes', fmt(r.notifications) + ' notes/s');
    set('edgeNotesTotal', fmt(t.notifications) + ' announced');
    set('edgeLag', fmt(r.loads) + ' loads/s');
    set('edgeLoadsTotal', fmt(t.loads) + ' loads');
    set('edgeRows', fmt(r.rowsLoaded) + ' rows/s');
    set('edgeRowsTotal', fmt(t.rowsLoaded) + ' loaded');
    set('edgeRejected', fmt(t.deadLettered) + ' dead-lettered');
  }

  function drawCharts(s) {
    const h = s.history;
    PipelineCharts.draw(document.getElementById('rateChart'), { kind: 'lines', time: true, x: h.t, unit: '/s', height: 220,
      series: [{ name: 'events in/s', color: '#1f77b4', values: h.eventsIn }, { name: 'rows loaded/s', color: '#2ca02c', values: h.rowsLoaded }] });
    // Log scale: a backfill's apps' view (days) and the pipeline's own latency (seconds) stay readable side by side.
    PipelineCharts.draw(document.getElementById('latencyChart'), { kind: 'lines', time: true, x: h.t, unit: 's', height: 220, log: true,
      series: [{ name: 'p50', color: '#1f77b4', values: h.latencyP50 }, { name: 'p99', color: '#d62728', values: h.latencyP99 },
        { name: 'apps\' view p99', color: '#7f7f7f', dash: true, values: h.appLatencyP99 }] });
    PipelineCharts.draw(document.getElementById('bucketChart'), { kind: 'bars', unit: 'batches', height: 220,
      labels: s.latencyBuckets.map(b => '≤ ' + seconds(b.le)),
      series: [{ name: 'batches', color: '#1f77b4', values: s.latencyBuckets.map(b => b.batches) }] });
  }

  function drawTables(s) {
    fillTable('lag', s.lag.map(l => [l.group, l.topic, l.partition, fmt(l.lag)]), [2, 3]);
    fillTable('batches', s.recentBatches.map(b => [time(b.at), b.eventKey, fmt(b.records), bytes(b.bytes)]), [2, 3]);
    fillTable('pausedTables', s.pausedTables.map(p => [p.table, time(p.since), p.reason, p.step, p.sqlState || '', fmt(p.attempts)]), [5]);
    fillTable('lastLoads', s.lastLoads.map(l => [l.table, time(l.loadedAt), l.batches, fmt(l.rowsInserted), fmt(l.duplicatesSkipped), fmt(l.millis)]), [2, 3, 4, 5]);
    fillTable('fieldChanges', s.fieldChanges.recent.map(c => [c.at.substring(0, 10) + ' ' + time(c.at), c.eventKey, c.path, c.type, c.kind.replace('_', ' ')]));
    set('quietPaths', s.fieldChanges.quietPaths === null ? '' : fmt(s.fieldChanges.quietPaths) + ' paths not seen lately');
    fillTable('dlqReasons', s.deadLettersByReason.map(d => [d.stage, d.reason, fmt(d.count)]), [2]);
    fillTable('dlqNewest', s.newestDeadLetters.map(d => [time(d.at), d.stage, d.reason, d.sourceTopic + '-' + d.sourcePartition + '@' + d.sourceOffset]));
    fillTable('checks', s.health.checks.map(c => [c.id, c.state, c.message]));
    const badge = document.getElementById('health');
    badge.textContent = s.health.state;
    badge.className = 'badge ' + s.health.state;
    set('updated', 'updated ' + time(s.at) + ' UTC · up ' + fmt(s.uptimeSeconds) + ' s · pipeline latency p50 ' + seconds(s.latency.p50)
      + ' · p99 ' + seconds(s.latency.p99) + ' · apps\' view (occurred_at → loaded) p99 ' + seconds(s.appLatency.p99));
  }

  async function poll() {
    try {
      const response = await fetch('/observe/status', { cache: 'no-store' });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      const s = await response.json();
      drawFlow(s);
      drawTables(s);
      drawCharts(s);
      document.getElementById('error').hidden = true;
      document.body.dataset.updates = String(Number(document.body.dataset.updates) + 1);
      document.body.dataset.eventsIn = String(s.totals.eventsIn);
    } catch (e) {
      const error = document.getElementById('error');
      error.textContent = 'no status: ' + e.message;
      error.hidden = false;
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }
  poll();
})();
