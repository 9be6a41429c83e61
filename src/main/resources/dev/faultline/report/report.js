// Faultline's report: draws a run (or a compare) from the JSON embedded in this page. No network, no libraries.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('faultline-data').textContent);
  var app = document.getElementById('app');

  // One meaning per colour. A colour on this page is either a fault kind or a state of memory (the CSS variables
  // --free … --cow hold those); every other kind of event is drawn in one neutral colour, told apart by its
  // lane and its name. Processes in the chart are told apart by dashes, not colours.
  var EVENT_COLOR = '#52606d';
  var HOT_COLOR = '#102a43';
  var KIND_ORDER = ['fault', 'trap', 'restart', 'signal', 'syscall', 'fork', 'exit', 'swap-out', 'swap-in', 'evict',
    'oom', 'inject', 'sched', 'halt'];
  var FAULT_COLORS = {
    'demand-zero': '#1864ab', 'file': '#2b8a3e', 'swap-in': '#a61e4d', 'cow': '#ae3ec9', 'cow-reuse': '#e599f7',
    'stack-grow': '#0c8599', 'spurious': '#adb5bd', 'segv': '#e03131', 'bus': '#343a40'
  };
  // what each fault kind means, for the legend and the fault list (docs/kernel.md)
  var FAULT_MEANING = {
    'demand-zero': 'a page never touched got a zeroed frame (minor)',
    'file': 'a page read from its file, or found in the page cache (major when read)',
    'swap-in': 'a page read back from swap (major), or found in the swap cache (minor)',
    'cow': 'a store to a shared copy-on-write page: the page is copied',
    'cow-reuse': 'a store to a copy-on-write page no one else maps: made writable, no copy',
    'stack-grow': 'the stack grew down by a page (a zero page, minor)',
    'spurious': 'the page was already fine (another access fixed it): neither minor nor major',
    'segv': 'no area allows the access: SIGSEGV, no page brought in; neither minor nor major',
    'bus': 'the page exists but cannot be read (a file page past the end of its file); neither minor nor major'
  };
  var UNCOUNTED = { 'segv': true, 'spurious': true, 'bus': true };
  var PID_DASHES = ['', '7 3', '2 3', '9 3 2 3', '4 4', '12 4', '2 6', '6 2 2 2'];
  window.faultlinePalette = { event: EVENT_COLOR, hot: HOT_COLOR, faultKinds: FAULT_COLORS,
    memory: ['--free', '--pt', '--anon', '--file', '--cache', '--swap', '--cow'] };
  var PID_COLORS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f59f00', '#0ca678', '#e03131', '#5c7cfa', '#868e96'];
  var POLICY_COLORS = { fifo: '#e8590c', clock: '#1c7ed6', lru: '#2f9e44', random: '#ae3ec9', opt: '#343a40' };

  // ------------------------------------------------------------------ small helpers (render.js, shared with the studio)
  var R = FaultlineRender;
  var h = R.h, s = R.s, hex = R.hex, num = R.num, swatch = R.swatch;
  function niceMax(v) {
    if (v <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find(function (x) { return x * p >= v; });
    return m * p;
  }

  if (D.mode === 'compare') renderCompare(); else renderRun();

  // ================================================================== run
  function renderRun() {
    var S = D.schemas, E = D.events;
    var schemaEv = S.map(function (x) { return x[0]; });
    function fieldIndex(schema, name) { return S[schema].indexOf(name); }
    function field(e, name) { var j = fieldIndex(e[2], name); return j < 1 ? undefined : e[3 + j]; }
    function evName(e) { return schemaEv[e[2]]; }

    // the listed events: faults, or on the bare machine (no kernel, no fault records) the traps
    var BARE = D.bare === true;
    var LISTED = BARE ? 'trap' : 'fault';
    var faults = [];
    for (var i = 0; i < E.length; i++) if (schemaEv[E[i][2]] === LISTED) faults.push(i);
    var tMax = Math.max(1, D.stats ? D.stats.instructions : 0, E.length ? E[E.length - 1][0] : 0);

    // ---- state reconstruction: nearest whole copy, then the changes after it
    var cache = null;
    function cloneState(k) {
      var st = { p: Object.assign({}, k.p), r: Object.assign({}, k.r), c: k.c, f: Object.assign({}, k.f),
        s: Object.assign({}, k.s), g: {} };
      for (var pid in k.g) st.g[pid] = Object.assign({}, k.g[pid]);
      return st;
    }
    function apply(st, d) {
      ['p', 'r', 'f', 's'].forEach(function (sec) {
        var part = d[sec];
        if (!part) return;
        for (var key in part) { if (part[key] === null) delete st[sec][key]; else st[sec][key] = part[key]; }
      });
      if ('c' in d) st.c = d.c;
      if (d.g) for (var pid in d.g) {
        if (d.g[pid] === null) { delete st.g[pid]; continue; }
        var m = st.g[pid] || (st.g[pid] = {});
        for (var vpn in d.g[pid]) { if (d.g[pid][vpn] === 0) delete m[vpn]; else m[vpn] = d.g[pid][vpn]; }
      }
    }
    function stateAt(v) {
      v = Math.max(0, Math.min(v, D.deltas.length - 1));
      var k = Math.floor(v / D.keyEvery);
      var st, from;
      if (cache && cache.v <= v && cache.v >= k * D.keyEvery) { st = cache.st; from = cache.v + 1; }
      else { st = cloneState(D.keyframes[k]); from = k * D.keyEvery + 1; }
      for (var i = from; i <= v; i++) apply(st, D.deltas[i]);
      cache = { v: v, st: st };
      return st;
    }

    // ---- page skeleton
    var ok = D.outcome === 'exited' && D.status === 0;
    var statusText = D.outcome === 'exited' ? (D.status > 128 && !BARE ? 'killed by signal ' + (D.status - 128) + ' (status ' + D.status + ')'
      : (BARE ? 'halted, status ' : 'exit status ') + D.status)
      : D.outcome === 'max-steps' ? 'stopped at --max-steps (status 3)' : D.outcome === 'invariant' ? 'invariant violated (status 70)'
      : D.outcome === 'unhandled-trap' ? 'a trap with no handler (status 134)' : D.outcome;
    app.innerHTML = '';
    app.appendChild(h('header', { cls: 'top' },
      h('h1', null, D.program, h('small', null, 'Faultline run report'),
        h('span', { cls: 'pill ' + (ok ? 'ok' : D.outcome === 'exited' ? 'warn' : 'bad'), id: 'status' }, statusText)),
      h('div', { cls: 'cmd mono' }, D.command)));
    var main = h('main');
    app.appendChild(main);

    if (D.leftOutFromT >= 0) {
      var parts = [];
      var total = 0;
      for (var k in D.leftOut) { parts.push(num(D.leftOut[k]) + ' ' + k); total += D.leftOut[k]; }
      main.appendChild(h('div', { cls: 'note', id: 'left-out' }, 'This report keeps the first ' + num(D.eventLimit) +
        ' events, up to t = ' + num(D.leftOutFromT) + '. It left out ' + num(total) + ' later events (' + parts.join(', ') +
        '); the statistics below still count the whole run.'));
    }

    // summary
    var st0 = D.stats || {};
    var cards = h('div', { cls: 'cards' });
    [['instructions', 'instructions'], ['minor_faults', 'minor faults'], ['major_faults', 'major faults'],
      ['demand_zero', 'demand-zero'], ['file_faults', 'file faults'], ['cow_copies', 'COW copies'],
      ['cow_reuses', 'COW reuses'], ['swap_ins', 'swap-ins'], ['swap_outs', 'swap-outs'], ['evictions', 'evictions'],
      ['segv', 'segv'], ['forks', 'forks'], ['frames_peak_used', 'frames peak'], ['tlb_misses', 'TLB misses']
    ].forEach(function (c) {
      if (st0[c[0]] === undefined) return;
      cards.appendChild(h('div', { cls: 'card', 'data-stat': c[0] }, h('div', { cls: 'v' }, num(st0[c[0]])), h('div', { cls: 'k' }, c[1])));
    });
    if (BARE) {
      ['tlb_hits', 'tlb_misses'].forEach(function (k) {
        cards.appendChild(h('div', { cls: 'card', 'data-stat': k }, h('div', { cls: 'v' }, num(st0[k] || 0)), h('div', { cls: 'k' }, k.replace('_', ' '))));
      });
      Object.keys(st0.traps || {}).forEach(function (k) {
        cards.appendChild(h('div', { cls: 'card', 'data-stat': 'traps.' + k }, h('div', { cls: 'v' }, num(st0.traps[k])), h('div', { cls: 'k' }, k + ' traps')));
      });
    }
    var cfg = h('div', { cls: 'config' });
    Object.keys(D.config).forEach(function (key, idx) {
      if (idx) cfg.appendChild(document.createTextNode(' · '));
      cfg.appendChild(document.createTextNode(key + ' '));
      cfg.appendChild(h('b', null, D.config[key]));
    });
    cfg.appendChild(document.createTextNode(' · ' + num(E.length) + ' events recorded'));
    main.appendChild(h('section', { cls: 'panel', id: 'summary' }, h('h2', null, 'Summary'), cards, cfg));

    // timeline
    var lanes = KIND_ORDER.filter(function (k) { return schemaEv.indexOf(k) >= 0; });
    schemaEv.forEach(function (k) { if (lanes.indexOf(k) < 0) lanes.push(k); });
    var canvas = h('canvas', { id: 'timeline' });
    var zoomLabel = h('span', { cls: 'hint', id: 'zoom-label' }, 'whole run');
    var range = h('input', { type: 'range', id: 'scrubber', min: 0, max: Math.max(0, E.length - 1), value: 0, step: 1,
      'aria-label': 'event' });
    var nowBox = h('div', { cls: 'now', id: 'now' });
    var legend = h('div', { cls: 'legend' });
    legend.appendChild(h('span', null, swatch(EVENT_COLOR), 'every event but a fault (its lane names it)'));
    var faultLegend = h('div', { cls: 'legend', id: 'fault-kinds' }, h('span', null, 'fault kinds (hover for what each means):'));
    Object.keys(FAULT_COLORS).forEach(function (k) {
      faultLegend.appendChild(h('span', { title: k + ': ' + FAULT_MEANING[k], 'data-kind': k }, swatch(FAULT_COLORS[k]), k));
    });
    main.appendChild(h('section', { cls: 'panel', id: 'timeline-panel' },
      h('h2', null, 'Timeline', h('span', { cls: 'sub' }, 'x = retired instructions; one lane per kind of event. Click a mark, drag the slider, or use ← → to step event by event.')),
      legend, faultLegend,
      h('div', { cls: 'timeline-wrap' }, canvas),
      h('div', { cls: 'zoom' }, h('span', { cls: 'hint' }, 'zoom (or the mouse wheel on the timeline): '),
        h('button', { id: 'zoom-in', onclick: function () { zoom(0.25, E.length ? E[cur][0] : 0); }, title: 'zoom in around the chosen event' }, '+'),
        h('button', { id: 'zoom-out', onclick: function () { zoom(4, E.length ? E[cur][0] : 0); }, title: 'zoom out' }, '−'),
        h('button', { id: 'zoom-all', onclick: function () { zoom(Infinity, 0); }, title: 'the whole run' }, 'whole run'),
        zoomLabel),
      h('div', { cls: 'scrub' },
        h('button', { onclick: function () { go(prevFault(cur)); }, title: 'previous ' + LISTED }, '◀ ' + LISTED),
        h('button', { onclick: function () { go(cur - 1); }, title: 'previous event (←)' }, '◀'),
        range,
        h('button', { onclick: function () { go(cur + 1); }, title: 'next event (→)' }, '▶'),
        h('button', { onclick: function () { go(nextFault(cur)); }, title: 'next ' + LISTED }, LISTED + ' ▶')),
      nowBox));

    // state panels
    var framesBox = h('div', { cls: 'frames', id: 'frames' });
    var framesTitle = h('span', { cls: 'sub' });
    var spacesBox = h('div', { id: 'spaces' });
    var spacesTitle = h('span', { cls: 'sub' });
    var swapBox = h('div', { id: 'swap' });
    var swapSub = h('span', { cls: 'sub', id: 'swap-sub' });
    var memLegend = R.memLegend();
    var pgLegend = R.pageLegend();
    if (BARE) {
      main.appendChild(h('section', { cls: 'panel', id: 'machine-panel' }, h('h2', null, 'The bare machine'),
        h('p', null, 'This run had no built-in kernel: the program was its own kernel (--bare), so there are no frames, ' +
          'address spaces or swap slots of the kernel to draw. The timeline and the list of traps below show what the ' +
          'machine did: each trap, and a restart when the handler returned to the instruction that trapped.')));
    } else {
      main.appendChild(h('div', { cls: 'two' },
        h('section', { cls: 'panel', id: 'memory-panel' }, h('h2', null, 'Physical memory', framesTitle), memLegend, framesBox),
        h('section', { cls: 'panel', id: 'spaces-panel' }, h('h2', null, 'Address spaces', spacesTitle), pgLegend, spacesBox)));
      main.appendChild(h('section', { cls: 'panel', id: 'swap-panel' }, h('h2', null, 'Swap slots in use', swapSub), swapBox));
    }

    // fault list
    var faultBody = h('tbody');
    var pager = h('div', { cls: 'pager' });
    var heads = BARE ? ['#', 't', 'pc', 'source line', 'cause', 'tval', 'then']
      : ['#', 't', 'pid', 'pc', 'source line', 'access', 'address', 'kind', 'major/minor', 'frame'];
    main.appendChild(h('section', { cls: 'panel', id: 'faults-panel' },
      h('h2', null, BARE ? 'Traps' : 'Faults', h('span', { cls: 'sub' }, num(faults.length) + (BARE ? ' traps' : ' page faults') +
        '; click one to move the timeline there')),
      h('div', { cls: 'scroll' }, h('table', { id: 'faults' },
        h('thead', null, h.apply(null, ['tr', null].concat(heads.map(function (t) {
          return h('th', { cls: t === '#' || t === 't' || t === 'frame' ? 'num' : null }, t);
        })))), faultBody)), pager));

    // charts
    var residentChart = h('div', { id: 'chart-resident' });
    var faultChart = h('div', { id: 'chart-faults' });
    main.appendChild(h('section', { cls: 'panel', id: 'charts-panel' }, h('h2', null, 'Over time'),
      h('div', { cls: 'charts' },
        BARE ? null : h('div', null, h('div', { cls: 'hint' }, 'Resident pages per process'), residentChart),
        h('div', null, h('div', { cls: 'hint' }, BARE ? 'Traps by cause (running total)' : 'Faults by kind (running total)'), faultChart))));

    // ---- the state pictures: the renderers the studio draws with too (render.js)
    var framesView = R.frameGrid(framesBox, framesTitle, D.frames);
    if (framesTitle.parentNode) framesTitle.parentNode.appendChild(framesView.zoomButton);
    var drawFrames = framesView.draw;
    var drawSpaces = R.addressSpaces(spacesBox, spacesTitle).draw;
    var drawSwap = R.swapSlots(swapBox, swapSub).draw;

    // ---- describing events
    function where(pid, pc) {
      var w = D.where[pid + ':' + pc];
      if (!w) return null;
      var text = w[1] === D.source.file && w[2] > 0 ? D.source.lines[w[2] - 1] : null;
      return { label: w[0], file: w[1], line: w[2], text: text };
    }
    function whereText(w) {
      if (!w) return '';
      return (w.label ? w.label + ' ' : '') + (w.line > 0 ? '(' + w.file + ':' + w.line + ')' : '');
    }
    // "major", "minor", or "neither" for the kinds that bring no page in (they count as neither, docs/cli.md)
    function weight(e) {
      var kind = field(e, 'kind');
      return UNCOUNTED[kind] ? 'neither' : field(e, 'major') ? 'major' : 'minor';
    }
    function ownerText(e) {
      var o = field(e, 'owner');
      return o === null || o === undefined ? '' : o === e[1] ? ', its own page' : ', a page of pid ' + o;
    }
    // the syscall record a syscall trap led to: the next one of the same process (none on the bare machine)
    function callOf(i) {
      var pid = E[i][1];
      for (var j = i + 1; j < E.length && j < i + 64; j++) {
        var ev = evName(E[j]);
        if (E[j][1] !== pid) continue;
        if (ev === 'syscall') return E[j];
        if (ev === 'trap') return null;
      }
      return null;
    }
    function callText(c) { return field(c, 'name') + field(c, 'args') + ' = ' + field(c, 'ret'); }
    function describe(i) {
      var e = E[i], ev = evName(e), f = function (n) { return field(e, n); };
      switch (ev) {
        case 'fault': return f('access') + (f('access') === 'store' ? ' to ' : ' from ') + hex(f('addr')) + ' at pc ' + hex(f('pc')) +
          ': ' + f('kind') + ', ' + (weight(e) === 'neither' ? 'neither minor nor major' : weight(e)) + (f('frame') !== null && f('frame') !== undefined ? ', frame ' + f('frame') : '') +
          (f('by') === 'kernel' ? ', taken by the kernel' : '');
        case 'trap':
          var call = f('cause') === 'syscall' ? callOf(i) : null;
          return f('cause') + ' at pc ' + hex(f('pc')) + (call ? ': ' + callText(call) : ', tval ' + hex(f('tval')));
        case 'restart': return 'the instruction at ' + hex(f('pc')) + ' runs again';
        case 'signal': return 'signal ' + f('sig') + (f('code') ? ' (' + f('code') + ')' : '') +
          (f('code') ? ' at ' + hex(f('addr')) : '') + ': ' + f('action'); // only a fault's signal has an address
        case 'syscall': return callText(e);
        case 'fork': return 'fork: child pid ' + f('child');
        case 'exit': return 'exit with status ' + f('status');
        case 'halt': return 'halt with status ' + f('status');
        case 'swap-out': return 'frame ' + f('frame') + ' written to swap slot ' + f('slot') + ' (' + f('mappers') + ' mapper' +
          (f('mappers') === 1 ? '' : 's') + ownerText(e) + ')';
        case 'swap-in': return 'swap slot ' + f('slot') + ' read into frame ' + f('frame') + (f('cached') ? ' (from the swap cache)' : '');
        case 'evict': return 'frame ' + f('frame') + ' evicted by ' + f('policy') + (f('dropped') ? ' (clean page dropped)' : '') + ownerText(e);
        case 'oom': return 'out of memory: pid ' + f('victim') + ' is killed';
        case 'sched': return 'switch from pid ' + f('from') + ' to pid ' + f('to');
        case 'inject': return 'injected failure: operation ' + f('n') + ' of kind ' + f('kind') + ' fails';
        default:
          var parts = [];
          for (var j = 1; j < S[e[2]].length; j++) parts.push(S[e[2]][j] + '=' + JSON.stringify(e[3 + j]));
          return ev + ' ' + parts.join(' ');
      }
    }
    function colorOf(e) {
      return evName(e) === 'fault' ? (FAULT_COLORS[field(e, 'kind')] || EVENT_COLOR) : EVENT_COLOR;
    }
    function hotOf(e) {
      var ev = evName(e), fr = field(e, 'frame');
      var hot = { frame: (typeof fr === 'number') ? fr : null, pid: e[1], va: null };
      if (ev === 'fault' || ev === 'signal') hot.va = field(e, 'addr');
      return hot;
    }

    // ---- the fault list
    var PAGE = 200, faultPage = -1, faultRowOf = {};
    function drawFaultPage(p) {
      faultPage = p;
      faultBody.innerHTML = '';
      faultRowOf = {};
      var from = p * PAGE, to = Math.min(faults.length, from + PAGE);
      for (var n = from; n < to; n++) {
        var i = faults[n], e = E[i];
        var w = where(e[1], field(e, 'pc'));
        var kind = field(e, 'kind');
        if (BARE) { faultRowOf[i] = trapRow(n, i, e, w); faultBody.appendChild(faultRowOf[i]); continue; }
        var row = h('tr', { cls: 'fault-row', 'data-event': i, onclick: (function (i) { return function () { go(i); }; })(i) },
          h('td', { cls: 'num' }, n + 1), h('td', { cls: 'num' }, num(e[0])), h('td', null, e[1]),
          h('td', { cls: 'mono' }, hex(field(e, 'pc'))),
          h('td', { cls: 'src' }, w ? h('span', null, h('span', { cls: 'hint' }, whereText(w) + ' '), w.text ? h('code', null, w.text.trim()) : null) : ''),
          h('td', null, field(e, 'access') + (field(e, 'by') === 'kernel' ? ' (kernel)' : '')),
          h('td', { cls: 'mono' }, hex(field(e, 'addr'))),
          h('td', null, h('span', { cls: 'tag', style: 'background:' + (FAULT_COLORS[kind] || '#495057') }, kind)),
          h('td', { cls: weight(e), title: FAULT_MEANING[kind] || '' }, weight(e)),
          h('td', { cls: 'num' }, field(e, 'frame') === null ? '—' : field(e, 'frame')));
        faultRowOf[i] = row;
        faultBody.appendChild(row);
      }
      pager.innerHTML = '';
      var pages = Math.ceil(faults.length / PAGE);
      if (pages > 1) {
        pager.appendChild(h('button', { onclick: function () { if (faultPage > 0) drawFaultPage(faultPage - 1); } }, '◀'));
        pager.appendChild(h('span', null, 'faults ' + num(from + 1) + '–' + num(to) + ' of ' + num(faults.length)));
        pager.appendChild(h('button', { onclick: function () { if (faultPage < pages - 1) drawFaultPage(faultPage + 1); } }, '▶'));
      }
      markFaultRow();
    }
    function trapRow(n, i, e, w) {
      var next = i + 1 < E.length ? E[i + 1] : null;
      var then = next && evName(next) === 'restart' && field(next, 'pc') === field(e, 'pc') ? 'restart' : '';
      return h('tr', { cls: 'fault-row', 'data-event': i, onclick: function () { go(i); } },
        h('td', { cls: 'num' }, n + 1), h('td', { cls: 'num' }, num(e[0])), h('td', { cls: 'mono' }, hex(field(e, 'pc'))),
        h('td', { cls: 'src' }, w ? h('span', null, h('span', { cls: 'hint' }, whereText(w) + ' '), w.text ? h('code', null, w.text.trim()) : null) : ''),
        h('td', null, field(e, 'cause')), h('td', { cls: 'mono' }, hex(field(e, 'tval'))), h('td', null, then));
    }
    function faultIndexAtOrBefore(i) {
      var lo = 0, hi = faults.length - 1, ans = -1;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (faults[mid] <= i) { ans = mid; lo = mid + 1; } else hi = mid - 1; }
      return ans;
    }
    function prevFault(i) { var n = faultIndexAtOrBefore(i - 1); return n < 0 ? i : faults[n]; }
    function nextFault(i) { var n = faultIndexAtOrBefore(i) + 1; return n < faults.length ? faults[n] : i; }
    var markedRow = null;
    function markFaultRow() {
      if (markedRow) markedRow.classList.remove('current');
      markedRow = faultRowOf[cur] || null;
      if (markedRow) markedRow.classList.add('current');
    }

    // ---- timeline canvas
    var laneH = 16, top = 6, left = 78, axisH = 22;
    var ctx = canvas.getContext('2d', { willReadFrequently: true }); // the cursor restores the drawn marks each move
    var dpr = window.devicePixelRatio || 1;
    var cssW = 0, plotW = 0;
    var base = null;
    // the part of the run the timeline shows: the whole run, or a zoomed window [viewT0, viewT1]
    var viewT0 = 0, viewT1 = tMax;
    function xOf(t) { return left + ((t - viewT0) / (viewT1 - viewT0)) * plotW; }
    function tOf(x) { return viewT0 + (x - left) / plotW * (viewT1 - viewT0); }
    function firstEventAtOrAfter(t) {
      var lo = 0, hi = E.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (E[mid][0] < t) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function zoom(factor, aroundT) {
      var span = Math.min(tMax, Math.max(8, (viewT1 - viewT0) * factor));
      var t0 = aroundT - (aroundT - viewT0) * span / (viewT1 - viewT0);
      t0 = Math.max(0, Math.min(t0, tMax - span));
      viewT0 = t0; viewT1 = t0 + span;
      drawTimelineBase();
      drawCursor();
      zoomLabel.textContent = viewT1 - viewT0 >= tMax ? 'whole run' : 't ' + num(Math.round(viewT0)) + ' – ' + num(Math.round(viewT1));
    }
    function drawTimelineBase() {
      cssW = Math.max(400, canvas.parentNode.clientWidth || 900);
      var cssH = top + lanes.length * laneH + axisH;
      canvas.width = Math.round(cssW * dpr);
      canvas.height = Math.round(cssH * dpr);
      canvas.style.height = cssH + 'px';
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      plotW = cssW - left - 12;
      ctx.fillStyle = '#fbfcfd';
      ctx.fillRect(0, 0, cssW, cssH);
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      lanes.forEach(function (k, li) {
        var y = top + li * laneH;
        ctx.fillStyle = li % 2 ? '#f5f7fa' : '#fbfcfd';
        ctx.fillRect(left, y, plotW, laneH);
        ctx.fillStyle = '#486581';
        ctx.textAlign = 'right';
        ctx.fillText(k, left - 8, y + laneH / 2);
      });
      // marks: one per pixel column and lane (and per fault kind), so a long run draws as fast as a short one
      var seen = {};
      for (var i = firstEventAtOrAfter(viewT0); i < E.length && E[i][0] <= viewT1; i++) {
        var e = E[i], ev = schemaEv[e[2]], li = lanes.indexOf(ev);
        var x = Math.round(xOf(e[0]));
        var color = colorOf(e);
        var key = li * 100000 + x + ':' + color;
        if (seen[key]) continue;
        seen[key] = 1;
        ctx.fillStyle = color;
        ctx.fillRect(x, top + li * laneH + 3, 1.5, laneH - 6);
      }
      // axis
      var y0 = top + lanes.length * laneH;
      ctx.strokeStyle = '#9fb3c8';
      ctx.beginPath(); ctx.moveTo(left, y0 + 0.5); ctx.lineTo(left + plotW, y0 + 0.5); ctx.stroke();
      ctx.fillStyle = '#486581';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (var tick = 0; tick <= 5; tick++) {
        var t = Math.round(viewT0 + (viewT1 - viewT0) * tick / 5), x = xOf(t);
        ctx.fillRect(x, y0, 1, 4);
        ctx.fillText(num(t), Math.min(Math.max(x, left + 20), left + plotW - 20), y0 + 6);
      }
      base = ctx.getImageData(0, 0, canvas.width, canvas.height);
    }
    function drawCursor() {
      if (!base) return;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.putImageData(base, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (!E.length) return;
      var x = xOf(E[cur][0]);
      if (x < left - 1 || x > left + plotW + 1) return;
      ctx.fillStyle = HOT_COLOR;
      ctx.fillRect(x - 1, top - 4, 2, lanes.length * laneH + 6);
      var li = lanes.indexOf(evName(E[cur]));
      ctx.beginPath();
      ctx.arc(x, top + li * laneH + laneH / 2, 4.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    canvas.addEventListener('click', function (ev) {
      var rect = canvas.getBoundingClientRect();
      var x = ev.clientX - rect.left, y = ev.clientY - rect.top;
      var t = Math.max(0, tOf(x));
      var lane = lanes[Math.floor((y - top) / laneH)];
      // the event nearest in time, preferring the lane clicked
      var best = -1, bestD = Infinity;
      var lo = Math.min(firstEventAtOrAfter(t), E.length - 1);
      for (var j = Math.max(0, lo - 400); j < Math.min(E.length, lo + 400); j++) {
        var d = Math.abs(E[j][0] - t) * (evName(E[j]) === lane ? 1 : 4);
        if (d < bestD) { bestD = d; best = j; }
      }
      if (best >= 0) go(best);
    });
    canvas.addEventListener('wheel', function (ev) {
      var rect = canvas.getBoundingClientRect();
      var x = ev.clientX - rect.left;
      if (x < left) return;
      ev.preventDefault();
      zoom(ev.deltaY < 0 ? 0.5 : 2, tOf(x));
    }, { passive: false });

    // ---- charts (SVG)
    function lineChart(box, series, yLabel) {
      var W = 560, H = 220, L = 46, R = 12, T = 10, B = 28;
      var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img' });
      var yMax = 1;
      series.forEach(function (se) { for (var i = 1; i < se.points.length; i += 2) yMax = Math.max(yMax, se.points[i]); });
      yMax = niceMax(yMax);
      function X(t) { return L + t / tMax * (W - L - R); }
      function Y(v) { return H - B - v / yMax * (H - B - T); }
      var steps = yMax % 4 === 0 ? 4 : 5;
      for (var g = 0; g <= steps; g++) {
        var v = yMax * g / steps, y = Y(v);
        svg.appendChild(s('line', { x1: L, x2: W - R, y1: y, y2: y, 'class': 'gridline' }));
        svg.appendChild(s('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', text: num(Math.round(v)) }));
      }
      svg.appendChild(s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }));
      for (var tk = 0; tk <= 4; tk++) {
        var tt = tMax * tk / 4;
        svg.appendChild(s('text', { x: X(tt), y: H - B + 16, 'text-anchor': tk === 0 ? 'start' : tk === 4 ? 'end' : 'middle', text: num(Math.round(tt)) }));
      }
      // lines that coincide stay visible: each series is drawn a little apart from the others (2 px), and
      // processes differ by dashes as well
      series.forEach(function (se, idx) {
        var dy = (idx - (series.length - 1) / 2) * -2;
        function Ys(v) { return Y(v) + dy; }
        // a step line, thinned to about one point per horizontal pixel
        var pts = [], lastX = -1, p = se.points, prevY = Ys(0);
        pts.push(X(0).toFixed(1) + ',' + prevY.toFixed(1));
        for (var i = 0; i < p.length; i += 2) {
          var x = X(p[i]), y = Ys(p[i + 1]);
          if (Math.abs(x - lastX) < 0.5 && i + 2 < p.length) { continue; }
          pts.push(x.toFixed(1) + ',' + prevY.toFixed(1));
          pts.push(x.toFixed(1) + ',' + y.toFixed(1));
          prevY = y; lastX = x;
        }
        pts.push(X(tMax).toFixed(1) + ',' + prevY.toFixed(1));
        var line = s('polyline', { points: pts.join(' '), fill: 'none', stroke: se.color, 'stroke-width': 1.8, 'data-series': se.name });
        if (se.dash) line.setAttribute('stroke-dasharray', se.dash);
        svg.appendChild(line);
      });
      var cursor = s('line', { 'class': 'cursor', y1: T, y2: H - B, x1: L, x2: L });
      svg.appendChild(cursor);
      var leg = h('div', { cls: 'legend' });
      series.forEach(function (se) {
        var sample = s('svg', { width: 26, height: 10 });
        var l = s('line', { x1: 1, x2: 25, y1: 5, y2: 5, stroke: se.color, 'stroke-width': 2 });
        if (se.dash) l.setAttribute('stroke-dasharray', se.dash);
        sample.appendChild(l);
        leg.appendChild(h('span', null, sample, se.name));
      });
      if (series.length > 1) leg.appendChild(h('span', { cls: 'hint' }, 'lines are drawn 2 px apart, so equal values stay visible'));
      box.appendChild(svg);
      box.appendChild(leg);
      return function (t) { cursor.setAttribute('x1', X(t)); cursor.setAttribute('x2', X(t)); };
    }
    var residentSeries = Object.keys(D.residentSeries).map(function (pid, idx) {
      return { name: 'pid ' + pid, color: EVENT_COLOR, dash: PID_DASHES[idx % PID_DASHES.length], points: D.residentSeries[pid] };
    });
    var moveResident = BARE ? function () {} : lineChart(residentChart, residentSeries, 'pages');
    var byKind = {};
    faults.forEach(function (i) {
      var k = field(E[i], BARE ? 'cause' : 'kind');
      var p = byKind[k] || (byKind[k] = []);
      p.push(E[i][0], p.length / 2 + 1);
    });
    var moveFaults = lineChart(faultChart, Object.keys(byKind).map(function (k) {
      return { name: k, color: BARE ? EVENT_COLOR : FAULT_COLORS[k] || EVENT_COLOR, dash: BARE ? PID_DASHES[Object.keys(byKind).indexOf(k) % PID_DASHES.length] : '',
        points: byKind[k] };
    }), 'faults');

    // ---- moving in time
    var cur = 0;
    function go(i) {
      if (!E.length) { showState(0, null); return; }
      cur = Math.max(0, Math.min(E.length - 1, i));
      range.value = cur;
      var e = E[cur];
      var hot = hotOf(e);
      showState(e[3], hot);
      var ev = evName(e);
      var w = field(e, 'pc') !== undefined ? where(e[1], field(e, 'pc')) : null;
      nowBox.innerHTML = '';
      nowBox.appendChild(h('div', { cls: 'head' }, 'Event ' + num(cur + 1) + ' of ' + num(E.length) + ' · t = ' + num(e[0]) + ' · pid ' + e[1],
        h('span', { cls: 'ev', style: 'background:' + colorOf(e) }, ev), h('span', { id: 'now-text' }, describe(cur))));
      if (w) nowBox.appendChild(h('div', { cls: 'src' }, h('span', { cls: 'hint' }, whereText(w) + ' '), w.text ? h('code', null, w.text.trim()) : null));
      nowBox.appendChild(h('div', { cls: 'hint' }, BARE ? 'On the bare machine the program handles its own traps; t counts retired instructions.'
        : 'The views below show the state after the kernel finished handling this event (t = ' + num(D.versionT[e[3]]) + ').'));
      if (e[0] < viewT0 || e[0] > viewT1) {
        var span = viewT1 - viewT0;
        viewT0 = Math.max(0, Math.min(e[0] - span / 2, tMax - span));
        viewT1 = viewT0 + span;
        drawTimelineBase();
        zoomLabel.textContent = 't ' + num(Math.round(viewT0)) + ' – ' + num(Math.round(viewT1));
      }
      drawCursor();
      moveResident(e[0]);
      moveFaults(e[0]);
      var n = faultIndexAtOrBefore(cur);
      if (n >= 0 && Math.floor(n / PAGE) !== faultPage) drawFaultPage(Math.floor(n / PAGE));
      markFaultRow();
      document.body.setAttribute('data-event', cur);
    }
    function showState(v, hot) {
      if (BARE) return;
      var st = stateAt(v);
      drawFrames(st, hot ? hot.frame : null);
      drawSpaces(st, hot ? hot.pid : null, hot ? hot.va : null);
      drawSwap(st);
    }
    range.addEventListener('input', function () { go(Number(range.value)); });
    document.addEventListener('keydown', function (ev) {
      if (ev.target && ev.target.tagName === 'INPUT' && ev.target !== range) return;
      if (ev.key === 'ArrowLeft') { go(cur - 1); ev.preventDefault(); }
      else if (ev.key === 'ArrowRight') { go(cur + 1); ev.preventDefault(); }
    });
    window.addEventListener('resize', function () { drawTimelineBase(); drawCursor(); });

    // a hook for scripts and tests: go to an event by index
    window.faultlineGo = go;
    drawTimelineBase();
    drawFaultPage(0);
    // #event=N opens the page at event N, and a later change of the hash (a link within the page, the back
    // button, a new address typed) moves there too
    function eventOfHash() {
      var m = /event=(\d+)/.exec(window.location.hash || '');
      return m ? Number(m[1]) : null;
    }
    window.addEventListener('hashchange', function () { var n = eventOfHash(); if (n !== null) go(n); });
    go(eventOfHash() || 0);
    document.body.setAttribute('data-ready', '1');
    // milliseconds from the start of loading to the first view drawn (bench/report reads it)
    document.body.setAttribute('data-drawn-ms', Math.round(performance.now()));
  }

  // ================================================================== compare
  function renderCompare() {
    app.innerHTML = '';
    app.appendChild(h('header', { cls: 'top' }, h('h1', null, D.program, h('small', null, 'Faultline compare report')),
      h('div', { cls: 'cmd mono' }, D.command)));
    var main = h('main');
    app.appendChild(main);
    var rows = D.rows.filter(function (r) { return r.pageIns >= 0; });
    var policies = [], framesList = [];
    rows.forEach(function (r) {
      if (policies.indexOf(r.policy) < 0) policies.push(r.policy);
      if (framesList.indexOf(r.frames) < 0) framesList.push(r.frames);
    });
    framesList.sort(function (a, b) { return a - b; });

    // chart: page-ins against frames, one line per policy
    var W = 760, H = 340, L = 60, R = 120, T = 16, B = 44;
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', id: 'compare-chart', role: 'img', style: 'max-width:900px' });
    var yMax = niceMax(Math.max.apply(null, rows.map(function (r) { return r.pageIns; }).concat([1])));
    var fMin = framesList[0], fMax = framesList[framesList.length - 1];
    function X(f) { return framesList.length === 1 ? (L + W - R) / 2 : L + (f - fMin) / (fMax - fMin) * (W - L - R); }
    function Y(v) { return H - B - v / yMax * (H - B - T); }
    var ySteps = yMax % 4 === 0 ? 4 : 5;
    for (var g = 0; g <= ySteps; g++) {
      var v = yMax * g / ySteps;
      svg.appendChild(s('line', { x1: L, x2: W - R, y1: Y(v), y2: Y(v), 'class': 'gridline' }));
      svg.appendChild(s('text', { x: L - 8, y: Y(v) + 4, 'text-anchor': 'end', text: num(Math.round(v * 10) / 10) }));
    }
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }));
    framesList.forEach(function (f) {
      svg.appendChild(s('line', { x1: X(f), x2: X(f), y1: H - B, y2: H - B + 5, 'class': 'axis' }));
      svg.appendChild(s('text', { x: X(f), y: H - B + 18, 'text-anchor': 'middle', text: f }));
    });
    svg.appendChild(s('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', text: 'frames' }));
    var yl = s('text', { x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle', transform: 'rotate(-90 14 ' + (T + H - B) / 2 + ')', text: 'page-ins' });
    svg.appendChild(yl);
    var anomalies = [], drawnValues = {}, labelled = {}, endLabels = [], segments = {};
    policies.forEach(function (p, idx) {
      var pts = rows.filter(function (r) { return r.policy === p; }).sort(function (a, b) { return a.frames - b.frames; });
      var color = POLICY_COLORS[p] || PID_COLORS[idx % PID_COLORS.length];
      var values = pts.map(function (r) { return r.frames + ':' + r.pageIns; }).join(',');
      // a line identical to one drawn before is dashed, so that both stay visible
      var same = drawnValues[values];
      drawnValues[values] = (same || 0) + 1;
      var line = s('polyline', { points: pts.map(function (r) { return X(r.frames) + ',' + Y(r.pageIns); }).join(' '), fill: 'none',
        stroke: color, 'stroke-width': 2.6, 'data-policy': p, 'data-values': values, 'class': 'policy-line' });
      if (same) line.setAttribute('stroke-dasharray', (4 + 3 * same) + ' ' + (4 + 3 * same));
      svg.appendChild(line);
      for (var si = 1; si < pts.length; si++) {
        var seg = [X(pts[si - 1].frames), Y(pts[si - 1].pageIns), X(pts[si].frames), Y(pts[si].pageIns)].join(',');
        (segments[seg] || (segments[seg] = [])).push(color);
      }
      pts.forEach(function (r, i) {
        svg.appendChild(s('circle', { cx: X(r.frames), cy: Y(r.pageIns), r: 4, fill: 'white', stroke: color, 'stroke-width': 2 }));
        var key = r.frames + ':' + r.pageIns;
        if (!labelled[key]) {
          labelled[key] = true;
          var atEnd = r.frames === fMax && framesList.length > 1;
          var lab = s('text', { x: X(r.frames) + (atEnd ? -8 : 8), y: Y(r.pageIns) - 8, 'text-anchor': atEnd ? 'end' : 'start', text: num(r.pageIns) });
          lab.setAttribute('style', 'fill:#243b53;font-weight:600');
          svg.appendChild(lab);
        }
        if (i > 0 && r.pageIns > pts[i - 1].pageIns) anomalies.push(p + ' takes ' + num(pts[i - 1].pageIns) + ' page-ins with ' + pts[i - 1].frames +
          ' frames but ' + num(r.pageIns) + ' with ' + r.frames);
      });
      var last = pts[pts.length - 1];
      endLabels.push({ y: Y(last.pageIns) + 4, p: p, color: color });
    });
    // a segment several policies share (FIFO's first one under LRU's, say) is drawn again in dashes of each
    // policy's colour in turn, so that no line hides another even where only part of it coincides
    Object.keys(segments).forEach(function (seg) {
      var colors = segments[seg];
      if (colors.length < 2) return;
      var c = seg.split(',').map(Number), dash = 7;
      colors.forEach(function (color, k) {
        svg.appendChild(s('line', { x1: c[0], y1: c[1], x2: c[2], y2: c[3], stroke: color, 'stroke-width': 2.6, 'class': 'shared-segment',
          'stroke-dasharray': dash + ' ' + dash * (colors.length - 1), 'stroke-dashoffset': -dash * k }));
      });
    });
    // the policy names at the right end, pushed apart where lines end close together
    endLabels.sort(function (a, b) { return a.y - b.y; });
    for (var e = 1; e < endLabels.length; e++) endLabels[e].y = Math.max(endLabels[e].y, endLabels[e - 1].y + 14);
    endLabels.forEach(function (l) {
      var tag = s('text', { x: W - R + 12, y: l.y, text: l.p });
      tag.setAttribute('style', 'fill:' + l.color + ';font-weight:700;font-size:12px');
      svg.appendChild(tag);
    });
    var legend = h('div', { cls: 'legend' });
    policies.forEach(function (p, idx) { legend.appendChild(h('span', null, swatch(POLICY_COLORS[p] || PID_COLORS[idx % PID_COLORS.length]), p)); });
    var panel = h('section', { cls: 'panel', id: 'chart-panel' },
      h('h2', null, 'Page-ins against frames', h('span', { cls: 'sub' }, 'one line per policy; more frames should never mean more page-ins, except under an anomaly')),
      legend, svg, h('div', { cls: 'hint' }, 'Where lines share a stretch it is drawn in dashes of each policy\'s colour in turn.'));
    if (anomalies.length) panel.appendChild(h('div', { cls: 'callout', id: 'anomaly' }, "Belady's anomaly: " + anomalies.join('; ') + '.'));
    main.appendChild(panel);

    // the table
    var body = h('tbody');
    D.rows.forEach(function (r) {
      body.appendChild(h('tr', { 'data-policy': r.policy, 'data-frames': r.frames }, h('td', null, r.policy), h('td', { cls: 'num' }, r.frames),
        h('td', { cls: 'num' }, r.faults < 0 ? '—' : num(r.faults)), h('td', { cls: 'num' }, r.pageIns < 0 ? '—' : num(r.pageIns)),
        h('td', null, r.note || '')));
    });
    main.appendChild(h('section', { cls: 'panel' }, h('h2', null, 'The table'),
      h('table', { id: 'compare-table', style: 'width:auto;min-width:480px' }, h('thead', null, h('tr', null, h('th', null, 'policy'),
        h('th', { cls: 'num' }, 'frames'), h('th', { cls: 'num' }, 'faults'), h('th', { cls: 'num' }, 'page-ins'), h('th', null, ''))), body)));

    // the classic grids of a reference string
    if (D.refs && D.grids.length) {
      var gp = h('section', { cls: 'panel', id: 'grids' }, h('h2', null, 'Frame by frame',
        h('span', { cls: 'sub' }, 'one column per reference; each row is a frame; red = the page a fault just loaded; ✱ marks a fault')),
        h('div', { cls: 'hint', style: 'margin-bottom:8px' }, 'Reference string: ', h('code', null, D.refs.join(' '))));
      D.grids.forEach(function (gr) { gp.appendChild(refGrid(gr)); });
      main.appendChild(gp);
    }
    document.body.setAttribute('data-ready', '1');
  }

  function refGrid(gr) {
    var refs = D.refs, n = refs.length;
    var box = h('div', { cls: 'refgrid', 'data-policy': gr.policy, 'data-frames': gr.frames });
    box.appendChild(h('h3', null, gr.policy + ', ' + gr.frames + ' frame' + (gr.frames === 1 ? '' : 's') + ': ' + gr.faults + ' faults in ' + n + ' references'));
    var table = h('table');
    var head = h('tr', null, h('th', { cls: 'lab' }, 'reference'));
    refs.forEach(function (r) { head.appendChild(h('th', null, r)); });
    table.appendChild(h('thead', null, head));
    var body = h('tbody');
    for (var f = 0; f < gr.frames; f++) {
      var tr = h('tr', null, h('td', { cls: 'lab' }, 'frame ' + f));
      for (var i = 0; i < n; i++) {
        var page = gr.contents[i][f];
        var before = i > 0 ? gr.contents[i - 1][f] : -1;
        var isNew = gr.fault[i] && page !== before;
        tr.appendChild(h('td', { cls: 'cell' + (page < 0 ? ' empty' : '') + (isNew ? ' new' : '') }, page < 0 ? '' : page));
      }
      body.appendChild(tr);
    }
    var marks = h('tr', null, h('td', { cls: 'lab' }, 'fault'));
    for (var j = 0; j < n; j++) marks.appendChild(h('td', { cls: gr.fault[j] ? 'mark' : 'hit' }, gr.fault[j] ? '✱' : '·'));
    body.appendChild(marks);
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }
})();
