/* Quire search results: grouped by page, heading path, the words that matched marked.
   A word is marked when the analyzer turns it into one of the query's index terms (so
   "kinematic" is marked for "kinematics", and a corrected typo marks the word it meant).
   Math in a snippet (the result's "tex", else its text) is drawn with KaTeX (42-math.js).
   Text only ever becomes text nodes. Exposes window.QuireResults = { render, highlight, snippet, rich, matcher }. */
(function () {
  "use strict";
  var doc = document, K = window.QuireKit, A = window.QuireAnalyzer, M = window.QuireMath, el = K.el;
  var WORD = /[\p{Alphabetic}\p{N}\p{Mn}\p{Mc}]+(?:['\u2019][\p{Alphabetic}\p{N}\p{Mn}\p{Mc}]+)*/gu;

  /** A predicate on words: true when the word's term is one of `terms` (index terms). */
  function matcher(terms) {
    var set = {};
    (terms || []).forEach(function (t) { set[t] = 1; });
    return function (word) { var t = A.term(word.toLowerCase().replace(/\u2019/g, "'")); return !!t && set[t] === 1; };
  }
  function highlight(text, isMatch) {
    var frag = doc.createDocumentFragment(), last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!isMatch(m[0])) continue;
      if (m.index > last) frag.appendChild(doc.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", { text: m[0] }));
      last = WORD.lastIndex;
    }
    if (last < text.length) frag.appendChild(doc.createTextNode(text.slice(last)));
    return frag;
  }
  /** About `len` characters of text around its first matched word (never cutting a formula). */
  function snippet(text, isMatch, len) {
    text = String(text || "").replace(/\s+/g, " ").trim();
    if (text.length <= len) return text;
    var at = -1, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) { if (isMatch(m[0])) { at = m.index; break; } }
    return M.clip(text, at < 0 ? 0 : at, len);
  }
  /** The snippet as nodes: matched words marked, formulas drawn. */
  function rich(text, isMatch, len) {
    var frag = doc.createDocumentFragment();
    M.split(snippet(text, isMatch, len)).forEach(function (part) {
      frag.appendChild(part.tex != null ? M.node(part.tex, false) : highlight(part.text, isMatch));
    });
    return frag;
  }
  /** Renders a search response into `list`; returns the option links in order. */
  function render(list, data, q, idPrefix) {
    var results = (data && data.results) || [];
    var isMatch = matcher((data && data.terms) || A.terms(q)), groups = [], byPage = {}, options = [];
    results.forEach(function (r) {
      var href = K.siteHref(r.url); if (!href) return;
      var p = href.split("#")[0];
      if (!byPage[p]) { byPage[p] = { title: r.title || p, items: [] }; groups.push(byPage[p]); }
      byPage[p].items.push({ r: r, href: href });
    });
    list.textContent = "";
    groups.forEach(function (g, gi) {
      var gid = idPrefix + "-g" + gi;
      var group = el("div", { role: "group", "class": "qw-group", "aria-labelledby": gid }, [el("div", { id: gid, "class": "qw-group-title", text: g.title })]);
      g.items.forEach(function (it) {
        var hs = (it.r.headings || []).filter(function (h) { return typeof h === "string" && h; });
        var path = [g.title].concat(hs).join(" › ");
        var a = el("a", { href: it.href, role: "option", id: idPrefix + "-o" + options.length, "class": "qw-result", tabindex: "-1", "aria-selected": "false" }, [
          el("span", { "class": "qw-result-path" }, [highlight(hs.length ? hs[hs.length - 1] : g.title, isMatch)]),
          el("span", { "class": "qw-result-crumbs", text: path }),
          el("span", { "class": "qw-result-text" }, [rich(it.r.tex || it.r.text, isMatch, 170)])
        ]);
        options.push(a); group.appendChild(a);
      });
      list.appendChild(group);
    });
    return options;
  }
  window.QuireResults = { render: render, highlight: highlight, snippet: snippet, rich: rich, matcher: matcher };
})();
