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
  var SAVED = "faultline-studio-program";

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
    var html = escapeHtml(code)
      .replace(/^(\s*)([A-Za-z_.$][\w.$]*:)/, '$1<span class="l">$2</span>')
      .replace(/(\s)(\.[a-z]+)/, '$1<span class="d">$2</span>')
      .replace(/("(?:[^"\\]|\\.)*")/g, '<span class="s">$1</span>');
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
      h.push(paintLine(lines[i], n));
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
      var text = fl.check(source.value);
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
    var o = { frames: bare ? 16 : 256, policy: "clock", bare: bare };
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

  function openExample(name, then) {
    fetch("examples/" + name + ".s").then(function (r) {
      if (!r.ok) throw new Error("no example named " + name);
      return r.text();
    }).then(function (text) {
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
      status("The program in this link is damaged, so the editor starts empty.");
    }
    return true;
  }

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
    var name = (current || "program") .replace(/^.*\//, "") + ".s";
    var problem = fl.load(name, source.value, optionWords());
    if (problem) {
      $("stderr").textContent = problem;
      $("exit-status").textContent = "2";
      status("the program did not start");
      return;
    }
    running = true;
    paused = false;
    $("pause").disabled = false;
    status("running…");
    slice(20000);
  }

  // Runs one slice, then yields to the browser; the slice grows or shrinks to take about 10 ms.
  function slice(budget) {
    if (!running) return;
    if (paused) return;
    var t0 = performance.now();
    var done = fl.step(budget);
    var took = performance.now() - t0;
    drain();
    if (done) {
      running = false;
      $("pause").disabled = true;
      $("exit-status").textContent = String(fl.exitStatus());
      status("ended after " + fl.instructions() + " instructions");
      return;
    }
    var next = took < 5 ? budget * 2 : took > 20 ? Math.max(1000, budget >> 1) : budget;
    setTimeout(function () { slice(Math.min(next, 50000000)); }, 0);
  }

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

  // ---------------------------------------------------------------- start

  function start() {
    listExamples();
    var params = new URLSearchParams(location.search);
    var example = params.get("example");
    if (!fromHash()) {
      if (example) {
        openExample(example, params.has("run") ? function () { whenReady(run); } : null);
      } else if (params.get("file")) {
        // faultline studio PROG.s: the server hands the program over at program/NAME.s
        fetch(params.get("file")).then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (text) { setProgram(text, null); });
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
      $("run").disabled = false;
      status("ready");
      document.body.dataset.ready = "true";
      check();
      waiting.forEach(function (f) { f(); });
      waiting = [];
    }).catch(function () {
      status("This browser cannot run the studio: it needs WebAssembly with garbage collection (a recent Chrome, Firefox or Safari).");
    });
  }

  var waiting = [];
  function whenReady(f) { if (fl) f(); else waiting.push(f); }

  start();
})();
