/* Quire: draws the page's mermaid diagrams. Included only on pages that have one; loads
 * mermaid's build (data-mermaid, a content-hashed asset of the site, never a CDN) once the page
 * has loaded, so the text comes first. Follows the site's theme and redraws on a switch. A
 * diagram that mermaid cannot parse shows its source with a short notice; the others still draw. */
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script && script.getAttribute("data-mermaid");
  if (!src) return;
  var root = document.documentElement;
  var diagrams = [];   // { el: the element in the page, source: the diagram text, failed: bool }
  var loading = null;  // Promise of window.mermaid
  var round = 0;       // bumped by every redraw; an older round stops when it sees a newer one

  function theme() { return root.getAttribute("data-theme") === "dark" ? "dark" : "default"; }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onload = function () { window.mermaid ? resolve(window.mermaid) : reject(new Error("mermaid did not start")); };
        s.onerror = function () { reject(new Error("could not load the diagram renderer")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function message(err) {
    var m = String((err && (err.message || err.str)) || err || "unknown error").split("\n");
    // mermaid's parser errors: "Parse error on line 3:", "...", "-----^", "Expecting ..."
    var first = m[0].replace(/\s+$/, "");
    var expecting = m.filter(function (l) { return /^Expecting |^Lexical error|^Unrecognized/.test(l); })[0];
    var text = expecting && expecting !== first ? first + " " + expecting : first;
    return text.length > 200 ? text.slice(0, 197) + "..." : text;
  }

  function showSource(d, err) {
    d.failed = true;
    var box = document.createElement("div");
    box.className = "mermaid-error";
    var note = document.createElement("p");
    note.className = "mermaid-notice";
    note.setAttribute("role", "note");
    note.textContent = "This diagram could not be drawn (" + message(err) + "). Its source:";
    var pre = document.createElement("pre");
    var code = document.createElement("code");
    code.className = "language-mermaid";
    code.textContent = d.source;
    pre.appendChild(code);
    box.appendChild(note);
    box.appendChild(pre);
    d.el.replaceWith(box);
    d.el = box;
  }

  function draw(mermaid, d, i, mine) {
    if (d.failed || mine !== round) return Promise.resolve();
    var id = "quire-mermaid-" + mine + "-" + i;
    return mermaid.parse(d.source).then(function () {
      return mermaid.render(id, d.source);
    }).then(function (out) {
      if (mine !== round) return;
      var fig = document.createElement("div");
      fig.className = "mermaid";
      fig.setAttribute("data-rendered", "");
      fig.innerHTML = out.svg;
      if (out.bindFunctions) out.bindFunctions(fig);
      d.el.replaceWith(fig);
      d.el = fig;
    }, function (err) {
      // mermaid may leave its scratch element behind when it fails.
      var junk = document.getElementById("d" + id);
      if (junk) junk.remove();
      if (mine === round) showSource(d, err);
    });
  }

  function drawAll() {
    var mine = ++round;
    return load().then(function (mermaid) {
      mermaid.initialize({ startOnLoad: false, theme: theme(), securityLevel: "strict", fontFamily: "inherit" });
      var chain = Promise.resolve();
      diagrams.forEach(function (d, i) { chain = chain.then(function () { return draw(mermaid, d, i, mine); }); });
      return chain;
    }).then(function () {
      if (mine === round) root.setAttribute("data-diagrams", "drawn");
    }, function (err) {
      // The renderer itself did not load: every diagram keeps its source, with the notice.
      diagrams.forEach(function (d) { if (!d.failed && d.el.tagName === "PRE") showSource(d, err); });
      root.setAttribute("data-diagrams", "failed");
    });
  }

  function start() {
    document.querySelectorAll("pre.mermaid").forEach(function (el) {
      diagrams.push({ el: el, source: el.textContent.replace(/\n$/, ""), failed: false });
    });
    if (!diagrams.length) return;
    drawAll();
    // The theme switch sets data-theme on <html>: draw again in the other palette.
    var last = theme();
    new MutationObserver(function () {
      if (theme() === last) return;
      last = theme();
      drawAll();
    }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  }

  // After the page has loaded (text, styles and images first), when the browser is idle.
  function later() {
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: 500 });
    else setTimeout(start, 0);
  }
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
})();
