// The project's one way of drawing a chart: uPlot, from a small spec that the Java side writes (routes.charts.Chart)
// and the status page builds. kind: "lines" (x = labels or epoch seconds), "bars" (one group of bars per label,
// one bar per series) or "hbars" (horizontal bars, one per label; a series per colour group, null where absent).
(function () {
  'use strict';
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

  function format(v, unit) {
    if (v === null || v === undefined) { return ''; }
    if (unit === 's') { return format(v * 1000, 'ms'); }
    if (unit === 'ms') {
      if (v < 1000) { return number.format(v) + ' ms'; }
      if (v < 60000) { return number.format(v / 1000) + ' s'; }
      if (v < 3600000) { return number.format(v / 60000) + ' min'; }
      if (v < 172800000) { return number.format(v / 3600000) + ' h'; }
      return number.format(v / 86400000) + ' d';
    }
    return number.format(v) + (unit && unit !== 'count' ? ' ' + unit : '');
  }

  // axis ticks: durations as durations, everything else as a short number (the heading names the unit)
  function tick(v, unit) {
    return v === null || v === undefined ? '' : unit === 'ms' || unit === 's' ? format(v, unit) : compact.format(v);
  }

  // the value at the end of each horizontal bar, as the bench's old SVG showed it
  function barValues(spec) {
    return u => {
      const ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = '#222';
      ctx.font = Math.round(12 * devicePixelRatio) + 'px sans-serif';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      spec.series.forEach(s => s.values.forEach((v, i) => {
        if (v === null || v === undefined) { return; }
        ctx.fillText(format(v, spec.unit), u.valToPos(v, 'y', true) + 6 * devicePixelRatio, u.valToPos(i, 'x', true));
      }));
      ctx.restore();
    };
  }

  function categoryAxis(labels, side) {
    const every = Math.max(1, Math.ceil(labels.length / 12));
    return {
      side: side,
      splits: () => labels.map((_, i) => i).filter(i => i % every === 0),
      values: (u, splits) => splits.map(i => labels[i] === undefined ? '' : labels[i]),
      grid: { show: false }
    };
  }

  // shades the x positions a spec flags (e.g. hours that do not reconcile) behind the series
  function flagHook(flagged) {
    return u => {
      const ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = '#fde0e0';
      flagged.forEach((f, i) => {
        if (!f) { return; }
        const x0 = u.valToPos(i - 0.5, 'x', true), x1 = u.valToPos(i + 0.5, 'x', true);
        ctx.fillRect(Math.min(x0, x1), u.bbox.top, Math.abs(x1 - x0), u.bbox.height);
      });
      ctx.restore();
    };
  }

  function options(spec, width) {
    const n = spec.labels ? spec.labels.length : 0;
    const bars = spec.kind === 'bars' || spec.kind === 'hbars';
    const count = spec.series.length;
    const series = [{}].concat(spec.series.map((s, k) => {
      const out = { label: s.name, stroke: s.color, width: 2, dash: s.dash ? [6, 4] : undefined,
        value: (u, v) => format(v, spec.unit) };
      if (bars) {
        out.fill = s.color;
        out.points = { show: false };
        // two series side by side: the first left of the label, the second right of it
        out.paths = spec.kind === 'hbars' ? uPlot.paths.bars({ size: [0.7, 40] })
          : count === 2 ? uPlot.paths.bars({ size: [0.4, 40], align: k === 0 ? -1 : 1 })
          : uPlot.paths.bars({ size: [0.7, 60] });
      }
      return out;
    }));
    const opts = {
      width: width,
      height: spec.height || (spec.kind === 'hbars' ? 40 + 26 * Math.max(1, n) : 280),
      series: series,
      scales: { x: { time: !!spec.time }, y: { distr: spec.log ? 3 : 1 } },
      axes: [{}, { size: 60, values: (u, splits) => splits.map(v => tick(v, spec.unit)) }],
      hooks: spec.flagged ? { drawClear: [flagHook(spec.flagged)] } : {}
    };
    if (!spec.time && spec.labels) {
      opts.scales.x.range = () => [-0.5, Math.max(1, n) - 0.5];
      opts.axes[0] = categoryAxis(spec.labels, 2);
    }
    if (bars) {
      opts.scales.y.range = (u, min, max) => [0, max > 0 ? max * 1.05 : 1];
    }
    if (spec.kind === 'hbars') {
      opts.scales.x.ori = 1;
      opts.scales.x.dir = -1;
      opts.scales.y.ori = 0;
      opts.axes[0] = Object.assign(categoryAxis(spec.labels, 3), { size: 220 });
      opts.axes[1] = { side: 0, size: 30, space: 70, values: (u, splits) => splits.map(v => tick(v, spec.unit)) };
      opts.scales.y.range = (u, min, max) => [0, max > 0 ? max * 1.15 : 1];
      opts.hooks.draw = [barValues(spec)];
    }
    return opts;
  }

  function data(spec) {
    const x = spec.x || spec.labels.map((_, i) => i);
    return [x].concat(spec.series.map(s => s.values.map(v => spec.log && v !== null && v <= 0 ? null : v)));
  }

  const drawn = new WeakMap();

  /** Draws the spec into el, or updates the chart already there (same series, new data). */
  function draw(el, spec) {
    const chart = drawn.get(el);
    if (chart && !spec.kind.endsWith('bars')) {
      chart.setData(data(spec));
      return chart;
    }
    if (chart) { chart.destroy(); }
    const made = new uPlot(options(spec, Math.max(300, (el.clientWidth || 900) - 4)), data(spec), el);
    drawn.set(el, made);
    return made;
  }

  /** Draws every element with a data-chart attribute (the reports written by the Java side). */
  function drawAll() {
    document.querySelectorAll('[data-chart]').forEach(el => draw(el, JSON.parse(el.dataset.chart)));
  }

  window.PipelineCharts = { draw: draw, drawAll: drawAll, format: format };
})();
