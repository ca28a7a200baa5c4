/* Quire math in the widget: TeX between $…$, $$…$$, \(…\) and \[…\] in answers and search
   snippets is drawn with KaTeX, the copy the site ships (meta quire-katex: "js css"). KaTeX is
   fetched on first use only; until it arrives, or when it cannot, the TeX stays visible as
   code. `$…$` is read as remark-math and pandoc read it: the opening $ before a non-space, the
   closing $ after a non-space and not before a digit, on one line ("$5 or $10" is not math).
   Exposes window.QuireMath = { MATH, split, node, clip }. */
(function () {
  "use strict";
  var doc = document, K = window.QuireKit, el = K.el;
  var MATH = /\$\$([\s\S]+?)\$\$|\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]|\$(?=[^\s$])((?:\\\$|[^$\n])*?[^\s\\])\$(?!\d)/g;
  var meta = doc.querySelector('meta[name="quire-katex"]');
  var assets = meta ? String(meta.getAttribute("content") || "").split(/\s+/) : [];
  var waiting = null;

  /** [{text} | {tex, display}] in order; escaped \$ stays text. */
  function split(text) {
    var out = [], last = 0, m;
    text = String(text || "");
    MATH.lastIndex = 0;
    while ((m = MATH.exec(text))) {
      if (m.index > 0 && text[m.index - 1] === "\\" && m[0][0] === "$") continue;
      if (m.index > last) out.push({ text: text.slice(last, m.index) });
      var tex = m[1] != null ? m[1] : m[2] != null ? m[2] : m[3] != null ? m[3] : m[4];
      out.push({ tex: tex.trim(), display: m[1] != null || m[3] != null, source: m[0] });
      last = MATH.lastIndex;
    }
    if (last < text.length) out.push({ text: text.slice(last) });
    return out;
  }
  function draw(span) {
    try {
      window.katex.render(span.getAttribute("data-tex"), span, { displayMode: span.getAttribute("data-display") === "1", throwOnError: false });
      span.className = "qw-math qw-math-ok";
    } catch (e) {}
  }
  function load() {
    if (waiting) return waiting;
    waiting = [];
    if (assets.length < 2) return waiting;
    var link = el("link", { rel: "stylesheet", href: assets[1] });
    doc.head.appendChild(link);
    var s = el("script", { src: assets[0], async: true });
    s.addEventListener("load", function () {
      var spans = waiting; waiting = [];
      spans.forEach(function (span) { if (span.isConnected !== false) draw(span); });
    });
    doc.head.appendChild(s);
    return waiting;
  }
  /** A span for one formula: KaTeX's rendering, or the TeX as code until KaTeX is there. */
  function node(tex, display) {
    var span = el("span", { "class": "qw-math", "data-tex": tex, "data-display": display ? "1" : "0", text: tex, title: tex });
    if (window.katex) draw(span);
    else if (assets.length >= 2) load().push(span);
    return span;
  }
  /** `text` cut to about `len` characters around `at`, never inside a formula. */
  function clip(text, at, len) {
    text = String(text || "");
    if (text.length <= len) return text;
    var start = Math.max(0, at - Math.floor(len / 3)), end = start + len, m;
    MATH.lastIndex = 0;
    while ((m = MATH.exec(text))) {
      var a = m.index, b = MATH.lastIndex;
      if (a < start && b > start) start = a;
      if (a < end && b > end) end = b;
      if (a > end) break;
    }
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp > 0 && sp < at && !inside(text, sp) ? sp + 1 : start; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }
  function inside(text, i) {
    var m; MATH.lastIndex = 0;
    while ((m = MATH.exec(text))) { if (m.index < i && MATH.lastIndex > i) return true; if (m.index > i) break; }
    return false;
  }
  window.QuireMath = { MATH: MATH, split: split, node: node, clip: clip };
})();
