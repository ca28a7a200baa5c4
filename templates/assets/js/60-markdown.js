/* Quire safe Markdown subset for answers: paragraphs, lists, quotes, code, headings as bold
   lines, `code`, **bold**, *em*, math ($…$, $$…$$, drawn with KaTeX by 42-math.js), links into
   the book only, [n] citations. Everything else
   stays text: the output is built from text nodes and a fixed set of elements, never innerHTML.
   Exposes window.QuireWidget = { markdown(src, cites) → DocumentFragment, siteHref }. */
(function () {
  "use strict";
  var doc = document, K = window.QuireKit, el = K.el, siteHref = K.siteHref;
  /** Inline Markdown with its formulas drawn; code spans keep their dollars. */
  function inline(text, parent, cites) {
    var M = window.QuireMath, CODE = /(`+)(?:[^`]|[^`][\s\S]*?[^`])\1(?!`)/g, last = 0, m, parts = [];
    while ((m = CODE.exec(text))) {
      parts.push(text.slice(last, m.index)); parts.push(m[0]); last = CODE.lastIndex;
    }
    parts.push(text.slice(last));
    parts.forEach(function (part, i) {
      if (i % 2) { inlineText(part, parent, cites); return; }
      M.split(part).forEach(function (seg) {
        if (seg.tex != null) parent.appendChild(M.node(seg.tex, seg.display));
        else inlineText(seg.text, parent, cites);
      });
    });
  }
  function inlineText(text, parent, cites) {
    var re = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\[([^\[\]\n]+)\]\(([^()\s]+)\)|\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]|(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])|(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g;
    var last = 0, m;
    function txt(s) { if (s) parent.appendChild(doc.createTextNode(s)); }
    while ((m = re.exec(text))) {
      txt(text.slice(last, m.index));
      last = re.lastIndex;
      if (m[1]) parent.appendChild(el("code", { text: m[2].replace(/^ (.*) $/, "$1") }));
      else if (m[3] != null || m[4] != null) inline(m[3] != null ? m[3] : m[4], parent.appendChild(el("strong")), cites);
      else if (m[5] != null) {
        var h = siteHref(m[6]);
        if (h) inline(m[5], parent.appendChild(el("a", { href: h })), cites); else inline(m[5], parent, cites);
      } else if (m[7] != null) {
        m[7].split(/\s*,\s*/).forEach(function (n, i) {
          var c = cites[n], href = c && siteHref(c.url);
          if (i) txt(" ");
          if (href) parent.appendChild(el("a", { href: href, "class": "qw-cite", title: citeLabel(c), "aria-label": "Source " + n + ": " + citeLabel(c), text: "[" + n + "]" }));
          else txt("[" + n + "]");
        });
      } else if (m[9] != null) { txt(m[8]); inline(m[9], parent.appendChild(el("em")), cites); }
      else { txt(m[10]); inline(m[11], parent.appendChild(el("em")), cites); }
    }
    txt(text.slice(last));
  }
  function citeLabel(c) { return [String(c.title || "")].concat((c.headings || []).map(String)).join(" › "); }
  function codeBlock(code, lang) {
    var c = el("code", { text: code });
    if (lang) c.setAttribute("data-lang", lang);
    var b = el("button", { type: "button", "class": "qw-copy", text: "Copy", "aria-label": "Copy code to clipboard" });
    b.addEventListener("click", function () {
      var done = function (t) { b.textContent = t; setTimeout(function () { b.textContent = "Copy"; }, 1500); };
      try {
        navigator.clipboard.writeText(code).then(function () { done("Copied"); }, function () { done("Copy failed"); });
      } catch (e) { done("Copy failed"); }
    });
    return el("div", { "class": "qw-code" }, [el("pre", null, [c]), b]);
  }
  /** Blocks: paragraphs, - / 1. lists, > quotes, ``` code, # headings (as bold lines). */
  function markdown(src, cites) {
    var out = doc.createDocumentFragment(), lines = String(src).replace(/\r\n?/g, "\n").split("\n"), i = 0, para = [];
    function flush() { if (para.length) { inline(para.join("\n").trim(), out.appendChild(el("p")), cites); para = []; } }
    while (i < lines.length) {
      var line = lines[i], m;
      if ((m = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/.exec(line))) {
        flush();
        var fence = m[1], body = [];
        for (i++; i < lines.length && !(lines[i].trim().indexOf(fence) === 0 && /^\s{0,3}[`~]+\s*$/.test(lines[i])); i++) body.push(lines[i]);
        i++;
        out.appendChild(codeBlock(body.join("\n"), m[2]));
        continue;
      }
      if (!line.trim()) { flush(); i++; continue; }
      if ((m = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line))) { flush(); inline(m[2].replace(/\s#+\s*$/, ""), out.appendChild(el("p", { "class": "qw-h" })).appendChild(el("strong")), cites); i++; continue; }
      if (/^\s{0,3}>/.test(line)) {
        flush();
        var q = [];
        while (i < lines.length && /^\s{0,3}>/.test(lines[i])) q.push(lines[i++].replace(/^\s{0,3}> ?/, ""));
        out.appendChild(el("blockquote")).appendChild(markdown(q.join("\n"), cites));
        continue;
      }
      var lm = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+/.exec(line);
      if (lm) {
        flush();
        var ordered = /\d/.test(lm[1]), listEl = el(ordered ? "ol" : "ul"), item = null;
        if (ordered && parseInt(lm[1], 10) !== 1) listEl.setAttribute("start", String(parseInt(lm[1], 10)));
        var itemLines = [];
        var endItem = function () { if (item) { inline(itemLines.join("\n").trim(), item, cites); listEl.appendChild(item); } };
        while (i < lines.length) {
          var l = lines[i], mm = ordered ? /^\s{0,3}\d{1,9}[.)]\s+(.*)$/.exec(l) : /^\s{0,3}[-*+]\s+(.*)$/.exec(l);
          if (mm) { endItem(); item = el("li"); itemLines = [mm[1]]; i++; }
          else if (l.trim() && /^\s+\S/.test(l) && item) { itemLines.push(l.trim()); i++; }
          else if (!l.trim() && i + 1 < lines.length && (ordered ? /^\s{0,3}\d{1,9}[.)]\s+/ : /^\s{0,3}[-*+]\s+/).test(lines[i + 1])) i++;
          else break;
        }
        endItem();
        out.appendChild(listEl);
        continue;
      }
      para.push(line); i++;
    }
    flush();
    return out;
  }
  window.QuireWidget = { markdown: markdown, siteHref: siteHref };
})();
