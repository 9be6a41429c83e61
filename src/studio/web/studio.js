// Faultline Studio: the page around the machine (docs/studio.md). Java (faultline.wasm) assembles and runs;
// this script owns the editor, the controls and the timing: a run goes in slices between animation frames,
// so a program that loops never freezes the page.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var fl = null;              // the machine's exported functions, once loaded
  var source = $("source"), gutter = $("gutter"), highlight = $("highlight");
  var current = null;         // the example shown, or null for the student's own program
  var running = false, paused = false;
  var breakpoints = {};       // line number -> true
  var errorLines = {};        // line number -> message
  var checkTimer = 0;
  var currentLine = 0;        // the line the debugger stopped at, or 0
  var runStarted = 0;         // performance.now() when the run began (bench/studio reads the run's time)
  var SAVED = "faultline-studio-program";
  var damaged = false;        // the link's program could not be read: its sentence stays up

  function status(text) { $("status").textContent = text; }

  // ---------------------------------------------------------------- editor

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // One line of FL32 as HTML: comment, label, directive and string colours, errors underlined.
  function paintLine(line, n) {
    var comment = "", code = line;
    var inString = false;
    for (var i = 0; i < line.length; i++) {
      var c = line[i];
      if (c === '"' && line[i - 1] !== "\\") inString = !inString;
      if ((c === ";" || c === "#") && !inString) { code = line.slice(0, i); comment = line.slice(i); break; }
    }
    // strings first: the spans added after them hold quotes of their own
    var html = escapeHtml(code)
      .replace(/("(?:[^"\\]|\\.)*")/g, '<span class="s">$1</span>')
      .replace(/^(\s*)([A-Za-z_.$][\w.$]*:)/, '$1<span class="l">$2</span>')
      .replace(/(\s)(\.[a-z]+)/, '$1<span class="d">$2</span>');
    if (comment) html += '<span class="c">' + escapeHtml(comment) + "</span>";
    if (errorLines[n]) html = '<span class="bad">' + (html || " ") + "</span>";
    return html;
  }

  function repaint() {
    var lines = source.value.split("\n");
    var g = [], h = [];
    for (var i = 0; i < lines.length; i++) {
      var n = i + 1;
      var cls = breakpoints[n] ? "bp" : errorLines[n] ? "err" : "";
      g.push('<span data-line="' + n + '"' + (cls ? ' class="' + cls + '"' : "") + ">" + n + "</span>");
      h.push(n === currentLine ? '<span class="cur">' + paintLine(lines[i], n) + "</span>" : paintLine(lines[i], n));
    }
    gutter.innerHTML = g.join("\n");
    highlight.innerHTML = h.join("\n") + "\n";
    var height = lines.length * 18 + 8;
    $("code").style.height = height + "px";
    var longest = lines.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
    $("code").style.minWidth = (longest + 4) + "ch";
  }

  // The assembler's errors as the program is typed: line and column, marked in the gutter and listed.
  function check() {
    errorLines = {};
    var list = $("errors");
    list.textContent = "";
    if (fl) {
      var text = fl.check(programPath(), source.value);
      text.split("\n").forEach(function (row) {
        if (!row) return;
        var f = row.split("\t");
        errorLines[f[0]] = f[2];
        var li = document.createElement("li");
        li.textContent = f[0] + ":" + f[1] + ": " + f[2];
        li.dataset.line = f[0];
        li.dataset.column = f[1];
        list.appendChild(li);
      });
    }
    repaint();
  }

  function edited() {
    save();
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 150);
    repaint();
  }

  gutter.addEventListener("click", function (e) {
    var n = e.target.dataset && e.target.dataset.line;
    if (!n) return;
    if (breakpoints[n]) delete breakpoints[n]; else breakpoints[n] = true;
    repaint();
  });
  source.addEventListener("input", edited);
  source.addEventListener("keydown", function (e) {
    if (e.key === "Tab") {
      e.preventDefault();
      var s = source.selectionStart;
      source.setRangeText("\t", s, source.selectionEnd, "end");
      edited();
    }
  });

  // ---------------------------------------------------------------- programs: examples, storage, links

  function save() {
    if (current === null) {
      try { localStorage.setItem(SAVED, source.value); } catch (e) { /* storage may be off: nothing lost but the copy */ }
    }
  }

  function setProgram(text, example) {
    current = example;
    history = null;
    currentLine = 0;
    source.value = text;
    var links = $("examples").querySelectorAll("a");
    for (var i = 0; i < links.length; i++) links[i].classList.toggle("current", links[i].dataset.name === example);
    $("lesson").textContent = example ? lesson(text) : "";
    check();
  }

  // The lesson of an example: its leading comment block.
  function lesson(text) {
    var out = [];
    var lines = text.split("\n");
    for (var i = 0; i < lines.length && /^\s*;/.test(lines[i]); i++) out.push(lines[i].replace(/^\s*; ?/, ""));
    return out.join("\n");
  }

  // The options an example's lesson suggests: those of its first "faultline run" line that a page has.
  function suggestedOptions(name, text) {
    var bare = name.indexOf("bare/") === 0;
    var o = { frames: 256, policy: "clock", bare: bare };
    var m = /faultline run \S+((?: --?[\w-]+(?:[ =][^\s-]\S*)?)*)/.exec(text);
    if (m) {
      var f = /--frames[ =](\d+)/.exec(m[1]);
      if (f) o.frames = +f[1];
      var p = /--policy[ =](\w+)/.exec(m[1]);
      if (p) o.policy = p[1];
      if (/--bare/.test(m[1])) o.bare = true;
    }
    return o;
  }

  // The program's path as the command line would name it.
  function programPath() { return current ? "examples/" + current + ".s" : "program.s"; }

  // Fetches the files an example includes (beside it, and what those include in turn, each once) into the
  // machine's file system.
  function fetchIncludes(name, text, seen) {
    seen = seen || {};
    var folder = "examples/" + name.replace(/[^\/]*$/, "");
    var wanted = [], re = /^\s*\.include\s+"([^"]+)"/gm, m;
    while ((m = re.exec(text)) !== null) wanted.push(m[1]);
    return Promise.all(wanted.map(function (file) {
      var path = normalize(folder + file);
      if (seen[path]) return null;
      seen[path] = true;
      return fetch(path).then(function (r) { return r.ok ? r.text() : null; }).then(function (body) {
        if (body === null) return null;
        whenReady(function () { fl.putFile("/" + path, body); });
        return fetchIncludes(path.replace(/^examples\//, "").replace(/\.s$/, ""), body, seen);
      });
    }));
  }

  // "examples/lib/../x.s" as "examples/x.s": the in-memory file system is given clean absolute names.
  function normalize(path) {
    var out = [];
    path.split("/").forEach(function (part) {
      if (part === "..") out.pop(); else if (part !== "." && part !== "") out.push(part);
    });
    return out.join("/");
  }

  function openExample(name, then) {
    var text;
    fetch("examples/" + name + ".s").then(function (r) {
      if (!r.ok) throw new Error("no example named " + name);
      return r.text();
    }).then(function (t) {
      text = t;
      return fetchIncludes(name, t);
    }).then(function () {
      var o = suggestedOptions(name, text);
      $("opt-frames").value = o.frames;
      $("opt-policy").value = o.policy;
      $("opt-bare").checked = o.bare;
      setProgram(text, name);
      if (then) then();
    }).catch(function (e) { status(e.message); });
  }

  function listExamples() {
    var nav = $("examples");
    FAULTLINE_EXAMPLES.forEach(function (name) {
      var a = document.createElement("a");
      a.textContent = name;
      a.dataset.name = name;
      a.href = "?example=" + encodeURIComponent(name);
      a.addEventListener("click", function (e) { e.preventDefault(); openExample(name); });
      nav.appendChild(a);
    });
    var mine = document.createElement("a");
    mine.textContent = "my program";
    mine.href = "#";
    mine.addEventListener("click", function (e) {
      e.preventDefault();
      var text = "";
      try { text = localStorage.getItem(SAVED) || ""; } catch (err) { text = ""; }
      setProgram(text, null);
    });
    nav.appendChild(mine);
  }

  // A shared program travels in the link's hash: #program=<base64 of its UTF-8 text>.
  function share() {
    var bytes = new TextEncoder().encode(source.value);
    var bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    location.hash = "program=" + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_");
    status("the link in the address bar now holds this program");
  }

  function fromHash() {
    var m = /^#program=(.*)$/.exec(location.hash);
    if (!m) return false;
    try {
      var bin = atob(decodeURIComponent(m[1]).replace(/-/g, "+").replace(/_/g, "/"));
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      setProgram(new TextDecoder("utf-8", { fatal: true }).decode(bytes), null);
    } catch (e) {
      setProgram("", null);
      damaged = true;
      status("The program in this link is damaged, so the editor starts empty.");
    }
    return true;
  }

  // A link pasted into the same tab changes only the hash: open its program too.
  window.addEventListener("hashchange", function () { damaged = false; fromHash(); });

  // ---------------------------------------------------------------- running

  function optionWords() {
    var w = ["--frames", $("opt-frames").value, "--tlb", $("opt-tlb").value, "--tlb-refill", $("opt-refill").value];
    if ($("opt-bare").checked) return w.concat(["--bare"]).concat($("opt-stats").checked ? ["--stats"] : []).join(" ");
    w.push("--policy", $("opt-policy").value, "--quantum", $("opt-quantum").value, "--swap", $("opt-swap").value);
    if ($("opt-stats").checked) w.push("--stats");
    return w.join(" ");
  }

  function run() {
    if (!fl) return;
    $("stdout").textContent = "";
    $("stderr").textContent = "";
    $("exit-status").textContent = "";
    var words = optionWords();
    $("command").textContent = "./faultline run " + programPath() + " " + words + " --tier interp";
    var problem;
    try {
      problem = fl.load(programPath(), source.value, words);
    } catch (e) {
      return internalError(e);
    }
    if (problem) {
      $("stderr").textContent = problem;
      $("exit-status").textContent = "2";
      status("the program did not start");
      return;
    }
    running = true;
    paused = false;
    runStarted = performance.now();
    $("pause").disabled = false;
    status("running…");
    slice(20000);
  }

  // Runs one slice, then yields to the browser; the slice grows or shrinks to take about 10 ms.
  function slice(budget) {
    if (!running) return;
    if (paused) return;
    var t0 = performance.now();
    var done;
    try {
      done = fl.step(budget);
    } catch (e) {
      return internalError(e);
    }
    var took = performance.now() - t0;
    drain();
    if (done) {
      running = false;
      $("pause").disabled = true;
      var ms = performance.now() - runStarted;
      document.body.dataset.runMs = ms.toFixed(1);
      document.body.dataset.instructions = String(fl.instructions());
      $("exit-status").textContent = String(fl.exitStatus());
      $("view-stats").textContent = fl.runStats();
      status("ended after " + fl.instructions() + " instructions");
      return;
    }
    var next = took < 8 ? budget * 2 : took > 24 ? Math.max(1000, budget >> 1) : budget;
    soon(function () { slice(Math.min(next, 50000000)); });
  }

  // A Java exception out of the machine: what the command line calls an internal error (exit 70).
  function internalError(e) {
    running = false;
    $("pause").disabled = true;
    $("stderr").textContent += "faultline: internal error: " + (e && e.message ? e.message : String(e)) + "\n";
    $("exit-status").textContent = "70";
    status("the machine failed");
    console.error(e);
  }

  // Runs f in a new task, at once: unlike setTimeout, a message is not held back 4 ms when tasks nest,
  // and the browser still draws and handles input between two tasks.
  var channel = new MessageChannel(), queued = null;
  channel.port1.onmessage = function () { var f = queued; queued = null; if (f) f(); };
  function soon(f) { queued = f; channel.port2.postMessage(0); }

  function drain() {
    var o = fl.takeOutput();
    if (o) $("stdout").textContent += o;
    var e = fl.takeErrors();
    if (e) $("stderr").textContent += e;
  }

  $("run").addEventListener("click", run);
  $("pause").addEventListener("click", function () {
    if (!running) return;
    paused = !paused;
    $("pause").textContent = paused ? "continue" : "pause";
    status(paused ? "paused after " + fl.instructions() + " instructions" : "running…");
    if (!paused) slice(20000);
  });
  $("share").addEventListener("click", share);

  // ---------------------------------------------------------------- the debugger
  // Every new command replays the whole session from the start (the machine is deterministic), with the
  // gutter's breakpoints first and the views' commands last: the views are the debugger's own text.

  var history = null;         // the commands typed since "debug", or null when no session is on
  var debugging = false;      // a replay is running
  var KERNEL_VIEWS = ["regs", "csrs", "pt", "tlb", "frames", "vmas", "swap", "ps"];
  var BARE_VIEWS = ["regs", "csrs", "pt", "tlb"]; // the bare machine has no kernel to show
  var VIEWS = KERNEL_VIEWS;

  function viewCommands() {
    var addr = $("address").value.trim();
    return VIEWS.map(function (v) { return v === "pt" && addr ? "pt " + addr : v; });
  }

  function breakCommands() {
    return Object.keys(breakpoints).sort(function (a, b) { return a - b; }).map(function (n) { return "break " + n; });
  }

  function debugStart() {
    history = [];
    snapshot = null;
    previous = null;
    needTrace = true;
    replay();
  }
  var needTrace = false;      // the trace list is made after the session's first stop (one Java call at a time)

  function debugCommand(cmd) {
    if (history === null) history = [];
    history.push(cmd);
    replay();
  }

  function replay() {
    if (!fl || debugging) return;
    var user = breakCommands().concat(history);
    var script;
    debugging = true;
    document.body.dataset.debugging = "true";
    status("debugging…");
    var words = optionWords().replace(" --stats", "");
    VIEWS = $("opt-bare").checked ? BARE_VIEWS : KERNEL_VIEWS;
    script = user.concat(viewCommands());
    $("session").dataset.options = words;
    fl.debug(programPath(), source.value, words, script.join("\n"));
    fl.main([]);
    poll(user.length, script);
  }

  function poll(userCount, script) {
    var text = fl.debugText();
    if (text === null || text === undefined) { setTimeout(function () { poll(userCount, script); }, 10); return; }
    debugging = false;
    document.body.dataset.debugging = "false";
    $("session").textContent = text;
    $("session").dataset.script = script.join("\n");
    showSession(text, userCount);
    var state = fl.debugState();
    previous = snapshot;
    snapshot = state && state !== "null" ? JSON.parse(state) : null;
    if (needTrace) { needTrace = false; traceList(); }
    drawPictures();
    status(snapshot && jumpTarget !== null && snapshot.instret !== jumpTarget
      ? "stopped on the way, after " + snapshot.instret + " instructions (click the record again to go on)" : "stopped");
    jumpTarget = null;
  }

  // Splits the session at its prompts: the banner, then one part per command.
  function showSession(text, userCount) {
    var parts = text.split(/^(?=\(fdb\) )/m);
    var banner = parts[0], commands = parts.slice(1);
    $("transcript").textContent = banner + commands.slice(0, userCount).join("");
    var views = commands.slice(userCount);
    KERNEL_VIEWS.forEach(function (v) {
      var i = VIEWS.indexOf(v), part = i >= 0 ? views[i] || "" : "";
      $("view-" + v).textContent = part.replace(/^\(fdb\) .*\n/, "");
    });
    var t = $("transcript");
    t.scrollTop = t.scrollHeight;
    markCurrentLine($("view-regs").textContent);
    showSplit();
  }

  // The current line: the one the pc's description names, in this program's file.
  function markCurrentLine(regs) {
    var m = /^pc .*\(([^():]+):(\d+)\)>/m.exec(regs);
    currentLine = m && m[1] === programPath().replace(/^.*\//, "") ? +m[2] : 0;
    repaint();
  }

  // The typed address as the MMU splits it: VPN1 (root index), VPN2 (second-level index), offset.
  function showSplit() {
    var text = $("address").value.trim();
    var va = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) >>> 0 : null;
    if (va === null) { $("split").textContent = ""; return; }
    var hex = function (n, w) { return "0x" + n.toString(16).padStart(w, "0"); };
    $("split").innerHTML = hex(va, 8) + " = VPN1 <b>" + (va >>> 22) + "</b> (" + hex(va >>> 22, 3) + "), VPN2 <b>"
      + ((va >>> 12) & 0x3ff) + "</b> (" + hex((va >>> 12) & 0x3ff, 3) + "), offset <b>" + hex(va & 0xfff, 3) + "</b>";
  }

  // ---------------------------------------------------------------- pictures (render.js, the report's renderers)
  // Drawn at every stop from the machine's snapshot: the report's state of a moment (frames, areas, swap), each
  // page table as the MMU walks it, the TLB, and the statistics so far.

  var R = FaultlineRender;
  var snapshot = null;        // the machine at the last stop (Snapshot.java), or null
  var previous = null;        // the one before: TLB entries that changed since are marked as refilled
  var jumpTarget = null;      // the instret a click in the trace asked for
  var framesView = R.frameGrid($("frame-grid"), $("frames-title"), 0), framesFor = 0;
  var spacesView = R.addressSpaces($("spaces-view"), $("spaces-title"));
  var swapView = R.swapSlots($("swap-view"), $("swap-sub"));
  var treeView = R.pageTree($("pt-tree"));
  var tlbPicture = R.tlbView($("tlb-view"));
  $("frames-legend").appendChild(R.memLegend());

  // The typed virtual address, or null.
  function typedAddress() {
    var text = $("address").value.trim();
    return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) >>> 0 : null;
  }

  function drawPictures() {
    var snap = snapshot;
    if (!snap) return;
    var va = typedAddress();
    var st = snap.state;
    if (st) {
      var count = Number($("opt-frames").value);
      if (count !== framesFor) {
        framesFor = count;
        $("frame-grid").innerHTML = "";
        framesView = R.frameGrid($("frame-grid"), $("frames-title"), count);
      }
      framesView.draw(st, null);
      spacesView.draw(st, st.c, va);
      swapView.draw(st);
    } else {
      ["frame-grid", "spaces-view", "swap-view"].forEach(function (id) { $(id).textContent = "The bare machine has no kernel: no frame table, areas or swap to draw."; });
      ["frames-title", "spaces-title", "swap-sub"].forEach(function (id) { $(id).textContent = ""; });
    }
    choosePid(snap);
    var pid = Number($("pt-pid").value);
    var table = snap.tables.filter(function (t) { return t.pid === pid; })[0] || null;
    treeView.draw(table, va);
    var refilled = {};
    if (previous && previous.instret <= snap.instret) { // going back in time refills nothing
      var before = {};
      previous.tlb.entries.forEach(function (e) { before[e[0]] = e.join(","); });
      snap.tlb.entries.forEach(function (e) { if (before[e[0]] !== e.join(",")) refilled[e[0]] = true; });
    }
    var probe = snap.paging ? { va: va !== null ? va : snap.pc, asid: snap.asid } : null;
    tlbPicture.draw(snap.tlb, { refilled: refilled, probe: probe });
    $("view-stats").textContent = snap.stats;
    document.body.dataset.instret = String(snap.instret);
    markTrace(snap.instret);
  }

  // The processes that have a page table; the running one unless another was chosen and still has one.
  function choosePid(snap) {
    var select = $("pt-pid"), chosen = select.value;
    var pids = snap.tables.map(function (t) { return String(t.pid); });
    select.innerHTML = "";
    snap.tables.forEach(function (t) {
      var o = document.createElement("option");
      o.value = String(t.pid);
      o.textContent = snap.bare ? "the machine" : "pid " + t.pid;
      select.appendChild(o);
    });
    var running = snap.state ? String(snap.state.c) : pids[0];
    select.value = pids.indexOf(chosen) >= 0 && chosenByHand ? chosen : pids.indexOf(running) >= 0 ? running : pids[0] || "";
  }
  var chosenByHand = false;
  $("pt-pid").addEventListener("change", function () { chosenByHand = true; drawPictures(); });

  // ---------------------------------------------------------------- the trace, and going to one of its moments
  // The trace of the whole run (every kind but tlb, as --trace prints it), from a run of its own: the machine is
  // deterministic, so its records are the debugger's. A record's moment is its t, instructions retired: a click
  // steps the debugger there (reverse-step back, step forward; a breakpoint on the way stops the step, as on
  // the terminal).
  var TRACE_KINDS = "trap,fault,restart,signal,syscall,fork,exit,swap-out,swap-in,evict,oom,sched,inject,halt";

  function traceList() {
    var list = $("trace");
    list.textContent = "";
    var words = optionWords().replace(" --stats", "");
    $("trace-command").textContent = "./faultline run " + programPath() + " " + words + " --tier interp --trace=" + TRACE_KINDS;
    var text = fl.trace(programPath(), source.value, words, TRACE_KINDS);
    text.split("\n").forEach(function (line) {
      if (!line) return;
      var li = document.createElement("li");
      li.textContent = line;
      var m = /^\s*(\d+) /.exec(line);
      if (m) {
        li.dataset.t = m[1];
        li.title = "take the machine to t = " + m[1];
      } else {
        li.className = "note";
      }
      list.appendChild(li);
    });
    if (snapshot) markTrace(snapshot.instret);
  }

  $("trace").addEventListener("click", function (e) {
    var li = e.target.closest ? e.target.closest("li") : null;
    if (!li || li.dataset.t === undefined || !snapshot || debugging) return;
    jumpTo(Number(li.dataset.t));
  });

  function jumpTo(t) {
    var now = snapshot.instret;
    if (t === now) { status("the machine is at t = " + t + " already"); return; }
    jumpTarget = t;
    debugCommand(t < now ? "reverse-step " + (now - t) : "step " + (t - now));
  }

  // The records of the present moment are marked; those before it are dimmed.
  function markTrace(instret) {
    var first = null;
    Array.prototype.forEach.call($("trace").children, function (li) {
      if (li.dataset.t === undefined) return;
      var t = Number(li.dataset.t);
      li.classList.toggle("now", t === instret);
      li.classList.toggle("past", t < instret);
      if (t === instret && !first) first = li;
    });
    if (first) {
      var list = $("trace");
      list.scrollTop = first.offsetTop - list.offsetTop - 20;
    }
  }

  // compare --refs: the command line's table and each replay's grid
  $("refs-run").addEventListener("click", function () {
    $("refs-out").textContent = fl.compareRefs($("refs").value, $("refs-frames").value, $("refs-policies").value);
  });

  $("debug").addEventListener("click", debugStart);
  Array.prototype.forEach.call(document.querySelectorAll("#debugbar button[data-cmd]"), function (b) {
    b.addEventListener("click", function () { debugCommand(b.dataset.cmd); });
  });
  $("run-to-here").addEventListener("click", function () {
    var line = source.value.slice(0, source.selectionStart).split("\n").length;
    debugCommand("break " + line);
    debugCommand("continue");
  });
  $("command-line").addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var cmd = $("command-line").value.trim();
    if (cmd) debugCommand(cmd);
    $("command-line").value = "";
  });
  $("address").addEventListener("change", function () { if (history !== null) replay(); else showSplit(); });
  $("opt-bare").addEventListener("change", function () { history = null; });

  // ---------------------------------------------------------------- start

  function start() {
    listExamples();
    var params = new URLSearchParams(location.search);
    var example = params.get("example");
    if (params.has("stats")) $("opt-stats").checked = true;
    if (!fromHash()) {
      if (example) {
        openExample(example, params.has("run") ? function () { whenReady(run); } : null);
      } else if (params.get("file")) {
        // faultline studio PROG.s: the server hands the program over at program/NAME.s
        fetch(params.get("file")).then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (text) {
            setProgram(text, null);
            if (params.get("frames")) $("opt-frames").value = params.get("frames");
            if (params.has("run")) whenReady(run);
          });
      } else {
        var text = "";
        try { text = localStorage.getItem(SAVED) || ""; } catch (e) { text = ""; }
        setProgram(text, null);
      }
    }
    if (typeof WebAssembly === "undefined" || typeof TeaVM === "undefined") {
      status("This browser cannot run the studio: it needs WebAssembly with garbage collection (a recent Chrome, Firefox or Safari).");
      return;
    }
    TeaVM.wasmGC.load("faultline.wasm").then(function (teavm) {
      fl = teavm.exports;
    }, function () {
      status("This browser cannot run the studio: it needs WebAssembly with garbage collection (a recent Chrome, Firefox or Safari).");
    }).then(function () {
      if (!fl) return;
      $("run").disabled = false;
      $("debug").disabled = false;
      $("refs-run").disabled = false;
      if (!damaged) status("ready");
      document.body.dataset.readyMs = performance.now().toFixed(0);
      document.body.dataset.ready = "true";
      check();
      waiting.forEach(function (f) { f(); });
      waiting = [];
    });
  }

  var waiting = [];
  function whenReady(f) { if (fl) f(); else waiting.push(f); }

  start();
})();
