// The status page: polls /observe/status and draws it. Text goes in with textContent only: event keys and
// dead-letter reasons come from outside and are never parsed as HTML.
(function () {
  'use strict';
  const POLL_MS = 2000;
  const charts = {};
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  function fmt(v) { return v === null || v === undefined ? '–' : number.format(v); }
  function bytes(v) {
    if (v === null || v === undefined) { return '–'; }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return number.format(v) + ' ' + units[i];
  }
  function seconds(v) { return v === null || v === undefined ? '–' : number.format(v) + ' s'; }
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

  function chart(id, opts, data) {
    const el = document.getElementById(id);
    if (!charts[id]) {
      opts.width = Math.max(300, el.clientWidth - 4);
      opts.height = 220;
      charts[id] = new uPlot(opts, data, el);
    } else {
      charts[id].setData(data);
    }
  }

  function drawCharts(s) {
    const h = s.history;
    chart('rateChart', {
      scales: { x: { time: true } },
      series: [{}, { label: 'events in/s', stroke: '#1f77b4', width: 2 }, { label: 'rows loaded/s', stroke: '#2ca02c', width: 2 }],
      axes: [{}, { size: 60 }]
    }, [h.t, h.eventsIn, h.rowsLoaded]);
    chart('latencyChart', {
      scales: { x: { time: true } },
      series: [{}, { label: 'p50', stroke: '#1f77b4', width: 2 }, { label: 'p99', stroke: '#d62728', width: 2 }],
      axes: [{}, { size: 50 }]
    }, [h.t, h.latencyP50, h.latencyP99]);
    const labels = s.latencyBuckets.map(b => '≤ ' + number.format(b.le) + ' s');
    chart('bucketChart', {
      scales: { x: { time: false, range: (u, min, max) => [-0.5, Math.max(1, labels.length) - 0.5] } },
      series: [{}, { label: 'batches', fill: '#1f77b4aa', stroke: '#1f77b4', paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
      axes: [{ splits: u => labels.map((_, i) => i), values: (u, splits) => splits.map(i => labels[i] || '') }, { size: 50 }]
    }, [s.latencyBuckets.map((_, i) => i), s.latencyBuckets.map(b => b.batches)]);
    if (charts.bucketChart) { charts.bucketChart.redraw(true, true); }
  }

  function drawTables(s) {
    fillTable('lag', s.lag.map(l => [l.group, l.topic, l.partition, fmt(l.lag)]), [2, 3]);
    fillTable('batches', s.recentBatches.map(b => [time(b.at), b.eventKey, fmt(b.records), bytes(b.bytes)]), [2, 3]);
    fillTable('lastLoads', s.lastLoads.map(l => [l.table, time(l.loadedAt), l.batches, fmt(l.rowsInserted), fmt(l.duplicatesSkipped), fmt(l.millis)]), [2, 3, 4, 5]);
    fillTable('dlqReasons', s.deadLettersByReason.map(d => [d.stage, d.reason, fmt(d.count)]), [2]);
    fillTable('dlqNewest', s.newestDeadLetters.map(d => [time(d.at), d.stage, d.reason, d.sourceTopic + '-' + d.sourcePartition + '@' + d.sourceOffset]));
    fillTable('checks', s.health.checks.map(c => [c.id, c.state, c.message]));
    const badge = document.getElementById('health');
    badge.textContent = s.health.state;
    badge.className = 'badge ' + s.health.state;
    set('updated', 'updated ' + time(s.at) + ' UTC · up ' + fmt(s.uptimeSeconds) + ' s · p50 ' + seconds(s.latency.p50) + ' · p99 ' + seconds(s.latency.p99));
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
