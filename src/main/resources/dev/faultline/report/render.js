// Faultline's renderers of machine state, shared by the HTML report and the studio (one set of pictures for
// both). Each view is made once over a box and then drawn again for every moment: draw(state, ...). A state is
// the report's whole copy of a moment (RunRecorder): p processes, r resident pages, c the running pid,
// g page-table entries, f frames, s swap slots. The page-table tree and the TLB draw what the studio reads from
// its machine: a table as the MMU walks it, and the TLB's entries.
var FaultlineRender = (function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';

  function h(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else if (k === 'html') e.innerHTML = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function s(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    return e;
  }
  function hex(v) { return '0x' + ('00000000' + (v >>> 0).toString(16)).slice(-8); }
  function num(v) { return Number(v).toLocaleString('en-US'); }
  function swatch(color, extraStyle) {
    return h('span', { cls: 'sw', style: 'background:' + color + ';' + (extraStyle || '') });
  }

  // The legends of the two memory pictures.
  function memLegend() {
    return h('div', { cls: 'legend' },
      h('span', null, swatch('var(--free)'), 'free'), h('span', null, swatch('var(--pt)'), 'page table'),
      h('span', null, swatch('var(--anon)'), 'anonymous'), h('span', null, swatch('var(--file)'), 'file page'),
      h('span', null, swatch('var(--cache)'), 'swap cache'), h('span', null, swatch('#fff', 'outline:2px solid var(--hot)'), 'this event'),
      h('span', null, 'a frame reads pid:page (virtual page number in hex); ×2 = mapped twice; hover for details'));
  }
  function pageLegend() {
    return h('div', { cls: 'legend' },
      h('span', null, swatch('#fff', 'border:1px dashed #9fb3c8'), 'never touched'), h('span', null, swatch('var(--anon)'), 'resident'),
      h('span', null, swatch('var(--file)'), 'resident file page'), h('span', null, swatch('var(--swap)'), 'swapped out'),
      h('span', null, h('span', { cls: 'pg res cow', style: 'width:12px;height:12px' }), 'copy-on-write'));
  }

  // ---- the frame grid
  // framesBox: the grid; framesTitle: where it says how many frames are in use. Returns draw(st, hot) and the
  // button that switches between labelled and small cells (the page puts it where it likes).
  function frameGrid(framesBox, framesTitle, nFrames) {
    var COMPACT = 640;
    // Readable from 6 to 4096 frames: every cell is wide enough for its label (pid:page), a run of 3 or more
    // free frames folds into one cell, and with more than COMPACT cells to show the grid draws small cells
    // without labels (hover still tells all); the button switches between the two.
    var frameCells = {}, shownFrames = {}, layoutKey = null, compact = null, lastSt = null, lastHot = null;
    var zoomFrames = h('button', { id: 'frames-zoom', onclick: function () { compact = !isCompact(); layoutKey = null; drawFrames(lastSt, lastHot); } });
    function isCompact() { return compact !== null ? compact : cellsShown > COMPACT; }
    var cellsShown = 0;
    function layoutOf(st, hot) {
      var cells = [], run = -1;
      function closeRun(to) {
        if (run < 0) return;
        if (to - run >= 3) cells.push([run, to - 1]);
        else for (var x = run; x < to; x++) cells.push(x);
        run = -1;
      }
      for (var pfn = 0; pfn < nFrames; pfn++) {
        if (!st.f[pfn] && pfn !== hot) { if (run < 0) run = pfn; continue; }
        closeRun(pfn);
        cells.push(pfn);
      }
      closeRun(nFrames);
      return cells;
    }
    function buildFrames(cells) {
      framesBox.innerHTML = '';
      frameCells = {};
      shownFrames = {};
      cellsShown = cells.length;
      var small = isCompact();
      framesBox.classList.toggle('small', small);
      zoomFrames.textContent = small ? 'show labels' : 'small cells';
      zoomFrames.title = small ? 'bigger cells that read pid:page' : 'small cells without labels, to see many frames at once';
      cells.forEach(function (c) {
        if (typeof c === 'number') {
          var cell = h('div', { cls: 'frame', 'data-pfn': c, 'data-use': 'free', 'data-owners': '', 'data-refs': 0, 'data-slot': -1,
            title: 'frame ' + c + ': free' }, h('span', { cls: 'n' }, c), h('span', { cls: 'r' }), h('span', { cls: 'o' }));
          frameCells[c] = cell;
          framesBox.appendChild(cell);
        } else {
          framesBox.appendChild(h('div', { cls: 'frame free-run', 'data-use': 'free', 'data-owners': '', 'data-from': c[0], 'data-to': c[1],
            title: 'frames ' + c[0] + '–' + c[1] + ': free' }, h('span', { cls: 'o' }, small ? '' : c[0] + '–' + c[1] + ' free')));
        }
      });
    }
    function frameText(pfn, fr) {
      if (!fr) return { cls: 'frame', use: 'free', title: 'frame ' + pfn + ': free', o: '', r: '' };
      var use = fr[0], refs = fr[1], slot = fr[2], mappers = fr[3], file = fr[4], ptOwner = fr[5];
      var cls = 'frame ' + (use === 1 ? 'pt' : use === 3 ? 'file' : slot >= 0 ? 'cache' : 'anon');
      var owners = [];
      for (var i = 0; i < mappers.length; i += 2) owners.push('pid ' + mappers[i] + ' @' + hex(mappers[i + 1] * 4096));
      var title = 'frame ' + pfn + ': ' + (use === 1 ? 'page table' + (ptOwner >= 0 ? ' of pid ' + ptOwner : '') :
        use === 3 ? 'page cache ' + file : 'anonymous') + (slot >= 0 ? ' (swap cache slot ' + slot + ')' : '') +
        ', refs ' + refs + (owners.length ? ', mapped by ' + owners.join(', ') : ', not mapped');
      var o = use === 1 ? 'PT' + (ptOwner >= 0 ? ' ' + ptOwner : '') :
        mappers.length ? mappers[0] + ':' + (mappers[1] >>> 0).toString(16) : (use === 3 ? 'cache' : slot >= 0 ? 's' + slot : '');
      return { cls: cls, use: use === 1 ? 'page-table' : use === 3 ? 'file' : slot >= 0 ? 'swap-cache' : 'anonymous',
        title: title, o: o, r: mappers.length > 2 ? '×' + (mappers.length / 2) : '', owners: owners.join(' ') };
    }
    function drawFrames(st, hot) {
      lastSt = st; lastHot = hot;
      var cells = layoutOf(st, hot);
      var key = cells.join(';') + (compact === null ? '' : compact);
      if (key !== layoutKey) { layoutKey = key; buildFrames(cells); }
      for (var k in frameCells) {
        var pfn = Number(k), fr = st.f[pfn], c = frameCells[k];
        if (shownFrames[pfn] === fr && !(hot === pfn || c.classList.contains('hot'))) continue;
        shownFrames[pfn] = fr;
        var t = frameText(pfn, fr);
        c.className = t.cls + (hot === pfn ? ' hot' : '');
        c.setAttribute('data-use', t.use);
        c.setAttribute('data-owners', t.owners || '');
        c.setAttribute('data-refs', fr ? fr[1] : 0);
        c.setAttribute('data-slot', fr ? fr[2] : -1);
        c.title = t.title;
        c.children[1].textContent = t.r;
        c.children[2].textContent = t.o;
      }
      var used = Object.keys(st.f).length;
      framesTitle.textContent = used + ' of ' + nFrames + ' frames in use' + (cells.length < nFrames ? '; runs of free frames folded' : '');
    }

    return { draw: drawFrames, zoomButton: zoomFrames };
  }

  // ---- address spaces: each process's areas, and per page its state
  function addressSpaces(spacesBox, spacesTitle) {
    function pageState(pte) {
      if (!pte) return null;
      if (pte & 1) return { res: true, pfn: pte >>> 10, cow: (pte & 256) !== 0,
        bits: ((pte & 2) ? 'r' : '-') + ((pte & 4) ? 'w' : '-') + ((pte & 8) ? 'x' : '-') + ((pte & 16) ? 'u' : '-') + ((pte & 32) ? 'a' : '-') + ((pte & 64) ? 'd' : '-') };
      if (pte & 2) return { res: false, slot: pte >>> 10 };
      return null;
    }
    function pageCell(st, pid, vpn, pte, hotVa) {
      var ps = pageState(pte);
      var va = vpn * 4096;
      var attrs = { cls: 'pg', 'data-pid': pid, 'data-va': hex(va), 'data-state': 'untouched' };
      var title = hex(va) + ': never touched';
      if (ps && ps.res) {
        var fr = st.f[ps.pfn];
        attrs.cls += ' res' + (fr && fr[0] === 3 ? ' file' : '') + (ps.cow ? ' cow' : '');
        attrs['data-state'] = 'resident';
        attrs['data-pfn'] = ps.pfn;
        attrs['data-pte'] = hex(pte);
        title = hex(va) + ': resident in frame ' + ps.pfn + ' (' + ps.bits + ')' + (ps.cow ? ', copy-on-write' : '') +
          (fr && fr[1] > 1 ? ', frame shared (refs ' + fr[1] + ')' : '');
      } else if (ps) {
        attrs.cls += ' swp';
        attrs['data-state'] = 'swapped';
        attrs['data-slot'] = ps.slot;
        attrs['data-pte'] = hex(pte);
        title = hex(va) + ': swapped out to slot ' + ps.slot;
      }
      if (hotVa !== null && (hotVa >>> 12) === vpn) attrs.cls += ' hot';
      attrs.title = title;
      return h('div', attrs);
    }
    function drawSpaces(st, hotPid, hotVa) {
      spacesBox.innerHTML = '';
      var pids = Object.keys(st.p).map(Number).sort(function (a, b) { return a - b; });
      var total = 0;
      pids.forEach(function (pid) {
        var pr = st.p[pid];
        var ptes = st.g[pid] || {};
        var vpns = Object.keys(ptes).map(Number).sort(function (a, b) { return a - b; });
        var box = h('div', { cls: 'proc' + (st.c === pid ? ' running' : ''), 'data-pid': pid },
          h('h3', null, 'pid ' + pid, h('span', { cls: 'st' }, ' · ' + pr[1] + (st.c === pid ? ', running' : '') +
            (pr[0] ? ' · parent ' + pr[0] : '') + ' · ' + (st.r[pid] || 0) + ' resident page' + (st.r[pid] === 1 ? '' : 's'))));
        total += st.r[pid] || 0;
        var areas = pr[2];
        if (!areas.length) box.appendChild(h('div', { cls: 'hint' }, 'no address space (the process has exited)'));
        areas.forEach(function (a) {
          var start = a[0], end = a[1];
          var first = Math.floor(start / 4096), last = Math.floor((end - 1) / 4096);
          var pages = h('div', { cls: 'pages' });
          var inside = vpns.filter(function (v) { return v >= first && v <= last; });
          var at = first;
          function gapTo(v) {
            var n = v - at;
            if (n <= 0) return;
            if (n <= 6) { for (var x = at; x < v; x++) pages.appendChild(pageCell(st, pid, x, 0, hotPid === pid ? hotVa : null)); }
            else pages.appendChild(h('span', { cls: 'gap', title: hex(at * 4096) + '–' + hex(v * 4096) + ': never touched' }, '… ' + num(n) + ' untouched …'));
          }
          inside.forEach(function (v) {
            gapTo(v);
            pages.appendChild(pageCell(st, pid, v, ptes[v], hotPid === pid ? hotVa : null));
            at = v + 1;
          });
          gapTo(last + 1);
          box.appendChild(h('div', { cls: 'area' },
            h('div', { cls: 'what' }, h('span', { cls: 'mono' }, hex(start).slice(2) + '–' + hex(end).slice(2)), ' ',
              h('span', { cls: 'mono' }, a[2]), ' ', h('span', { cls: 'role' }, a[3]),
              a[4] ? h('span', null, ' ' + a[4] + ' @page ' + a[5]) : null,
              h('div', { cls: 'hint' }, num(last - first + 1) + (last === first ? ' page' : ' pages'))),
            pages));
        });
        spacesBox.appendChild(box);
      });
      spacesTitle.textContent = pids.length + ' process' + (pids.length === 1 ? '' : 'es') + ', ' + total + ' resident page' + (total === 1 ? '' : 's');
    }

    return { draw: drawSpaces };
  }

  // ---- swap slots in use
  function swapSlots(swapBox, swapSub) {
    function drawSwap(st) {
      swapBox.innerHTML = '';
      var slots = Object.keys(st.s).map(Number).sort(function (a, b) { return a - b; });
      swapSub.textContent = slots.length + ' in use';
      if (!slots.length) { swapBox.appendChild(h('div', { cls: 'hint' }, 'No page is in swap at this moment.')); return; }
      var chips = h('div', { cls: 'slots' });
      var shown = Math.min(slots.length, 2000);
      for (var n = 0; n < shown; n++) {
        var slot = slots[n], sl = st.s[slot], users = [];
        for (var i = 0; i < sl[2].length; i += 2) users.push('pid ' + sl[2][i] + ' @' + hex(sl[2][i + 1] * 4096));
        var text = users.join(', ');
        if (!users.length && sl[1] >= 0) {
          var fr = st.f[sl[1]];
          var back = [];
          if (fr) for (var j = 0; j < fr[3].length; j += 2) back.push('pid ' + fr[3][j] + ' @' + hex(fr[3][j + 1] * 4096));
          text = 'back in frame ' + sl[1] + (back.length ? ' (' + back.join(', ') + ')' : '');
        } else if (sl[1] >= 0) {
          text += ', also cached in frame ' + sl[1];
        }
        chips.appendChild(h('div', { cls: 'slot' + (users.length ? '' : ' cached'), 'data-slot': slot, 'data-refs': sl[0],
          title: 'slot ' + slot + ': ' + sl[0] + ' swap entr' + (sl[0] === 1 ? 'y' : 'ies') + (sl[1] >= 0 ? ', swap cache in frame ' + sl[1] : '') },
          h('b', null, 'slot ' + slot), ' ', h('span', { cls: 'mono' }, text)));
      }
      swapBox.appendChild(chips);
      if (slots.length > shown) swapBox.appendChild(h('div', { cls: 'hint' }, '… and ' + num(slots.length - shown) + ' more slots'));
    }

    return { draw: drawSwap };
  }

  // ---- a page table as a tree, and the walk of one address through it
  // table: { pid, root (frame), entries: [[vpn1, root entry, second-level frame or -1, [[vpn2, pte, described], ...]], ...] }
  // as the MMU reads it. With va, the walk is written out step by step and its two entries are marked.
  function split(va) {
    return { vpn1: va >>> 22, vpn2: (va >>> 12) & 0x3ff, offset: va & 0xfff };
  }
  function pageTree(box) {
    function draw(table, va) {
      box.innerHTML = '';
      if (!table) { box.appendChild(h('div', { cls: 'hint' }, 'No page table to show: paging is off, or no process is left.')); return; }
      var parts = va === null || va === undefined ? null : split(va);
      box.appendChild(h('div', { cls: 'pt-head' }, (table.pid ? 'pid ' + table.pid + ': ' : '') + 'root table in frame ' + table.root +
        ', ' + table.entries.length + ' root entr' + (table.entries.length === 1 ? 'y' : 'ies') + ' in use'));
      if (parts) box.appendChild(walk(table, va, parts));
      var tree = h('ul', { cls: 'pt-tree' });
      table.entries.forEach(function (r) {
        var onWalk = parts && r[0] === parts.vpn1;
        var from = r[0] << 22 >>> 0, leaves = h('ul');
        r[3].forEach(function (l) {
          var hot = onWalk && l[0] === parts.vpn2;
          leaves.appendChild(h('li', { cls: 'pt-leaf' + (hot ? ' walk' : '') + (l[1] & 1 ? ' valid' : ''), 'data-vpn2': l[0] },
            h('span', { cls: 'ix' }, '[' + l[0] + ']'), ' ', h('span', { cls: 'mono' }, hex((from + l[0] * 4096) >>> 0)),
            ' ', h('span', { cls: 'mono pte' }, 'pte ' + hex(l[1])), ' ', h('span', { cls: 'bits' }, l[2])));
        });
        tree.appendChild(h('li', { cls: 'pt-root' + (onWalk ? ' walk' : ''), 'data-vpn1': r[0] },
          h('span', { cls: 'ix' }, 'root[' + r[0] + ']'), ' ', h('span', { cls: 'mono' }, hex(from) + '–' + hex(from + 0x3fffff)), ' ',
          r[2] >= 0 ? 'second-level table in frame ' + r[2] + ' (' + r[3].length + ' entr' + (r[3].length === 1 ? 'y' : 'ies') + ')'
            : 'entry ' + hex(r[1]) + ' (no table)', leaves));
      });
      box.appendChild(tree);
    }
    // The MMU's steps for va: root entry VPN1, second-level entry VPN2, then frame and offset.
    function walk(table, va, p) {
      var steps = h('ol', { cls: 'walk', id: 'walk' });
      steps.appendChild(h('li', null, 'the root table is in frame ' + table.root));
      var r = table.entries.filter(function (e) { return e[0] === p.vpn1; })[0];
      if (!r || r[2] < 0) {
        steps.appendChild(h('li', { cls: 'stop' }, 'root[' + p.vpn1 + '] is empty: no second-level table, so the access faults'));
        return steps;
      }
      steps.appendChild(h('li', null, 'root[' + p.vpn1 + '] = ' + hex(r[1]) + ': the second-level table is in frame ' + r[2]));
      var l = r[3].filter(function (e) { return e[0] === p.vpn2; })[0];
      if (!l || !(l[1] & 1)) {
        steps.appendChild(h('li', { cls: 'stop' }, 'table[' + p.vpn2 + '] = ' + hex(l ? l[1] : 0) + ' (' + (l ? l[2] : 'none') +
          '): not valid, so the access faults'));
        return steps;
      }
      var frame = l[1] >>> 10;
      steps.appendChild(h('li', null, 'table[' + p.vpn2 + '] = ' + hex(l[1]) + ' (' + l[2] + ')'));
      steps.appendChild(h('li', null, 'frame ' + frame + ' + offset ' + hex(p.offset).replace(/^0x0{5}/, '0x') + ' = physical ' + hex(frame * 4096 + p.offset)));
      return steps;
    }
    return { draw: draw };
  }

  // ---- the TLB: its entries, the one a probe hits or the slot it misses in, and the entries refilled lately
  // tlb: { size, hits, misses, entries: [[slot, vpn, asid, pte, described], ...] }; marks: { refilled: {slot: true},
  // probe: { va, asid } or null }. The TLB is direct-mapped: a page's slot is vpn mod size.
  function tlbView(box) {
    function draw(tlb, marks) {
      box.innerHTML = '';
      marks = marks || {};
      box.appendChild(h('div', { cls: 'tlb-head' }, tlb.size + ' entries, ' + tlb.entries.length + ' filled; ' + num(tlb.hits) + ' hits, ' +
        num(tlb.misses) + ' misses so far'));
      if (!tlb.size) { box.appendChild(h('div', { cls: 'hint' }, 'No TLB (--tlb 0): every access walks the page table.')); return; }
      var probe = null;
      if (marks.probe) {
        var vpn = marks.probe.va >>> 12;
        var slot = (tlb.size & (tlb.size - 1)) === 0 ? vpn & (tlb.size - 1) : vpn % tlb.size;
        var held = tlb.entries.filter(function (e) { return e[0] === slot; })[0];
        probe = { slot: slot, hit: !!held && held[1] === vpn && held[2] === marks.probe.asid };
        box.appendChild(h('div', { cls: 'tlb-probe ' + (probe.hit ? 'hit' : 'miss'), id: 'tlb-probe' }, hex(marks.probe.va) + ' (vpn ' + hex(vpn).replace(/^0x0{3}/, '0x') +
          ', asid ' + marks.probe.asid + ') goes to slot ' + slot + ': ' + (probe.hit ? 'a hit' : held ? 'a miss (the slot holds ' +
            hex(held[1] * 4096) + ' of asid ' + held[2] + ')' : 'a miss (the slot is empty)')));
      }
      var body = h('tbody');
      var rows = tlb.entries.slice();
      if (probe && !rows.some(function (e) { return e[0] === probe.slot; })) rows.push([probe.slot, -1, -1, 0, 'empty']);
      rows.sort(function (a, b) { return a[0] - b[0]; });
      rows.forEach(function (e) {
        var cls = [];
        if (probe && e[0] === probe.slot) cls.push(probe.hit ? 'hit' : 'miss');
        if (marks.refilled && marks.refilled[e[0]]) cls.push('refilled');
        body.appendChild(h('tr', { cls: cls.join(' '), 'data-slot': e[0] }, h('td', { cls: 'num' }, e[0]),
          h('td', { cls: 'num' }, e[2] < 0 ? '' : e[2]), h('td', { cls: 'mono' }, e[1] < 0 ? '' : hex(e[1] * 4096)),
          h('td', { cls: 'mono' }, e[4]), h('td', null, cls.join(', '))));
      });
      box.appendChild(h('table', { cls: 'tlb' }, h('thead', null, h('tr', null, h('th', { cls: 'num' }, 'slot'), h('th', { cls: 'num' }, 'asid'),
        h('th', null, 'page'), h('th', null, 'pte'), h('th', null, ''))), body));
    }
    return { draw: draw };
  }

  return { h: h, s: s, hex: hex, num: num, swatch: swatch, memLegend: memLegend, pageLegend: pageLegend,
    frameGrid: frameGrid, addressSpaces: addressSpaces, swapSlots: swapSlots, pageTree: pageTree, split: split, tlbView: tlbView };
})();
