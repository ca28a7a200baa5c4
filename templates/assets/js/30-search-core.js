/* Quire search core: window.quire.search(query, {k}) → Promise of {mode, results}, from the
   book's server when it answers and from the static bundle (search-bundle/, written by
   `quire build`) otherwise. No UI here: the modal, the /search page and the chat use it.
   Result fields are those of `quire search --json`: {rank, score, source, url, title, headings, text}.
   The format of the bundle is docs/search-bundle.md. */
(function () {
  "use strict";
  var A = window.QuireAnalyzer, doc = document;
  function meta(n) { var m = doc.querySelector('meta[name="' + n + '"]'); return m ? m.getAttribute("content") || "" : ""; }
  var base = meta("quire-base") || "/";
  var api = meta("quire-api").replace(/\/+$/, "").replace(/\/api$/, "");
  var setting = /^(auto|server|static)$/.test(meta("quire-search")) ? meta("quire-search") : "auto";
  var BUNDLE = base + "search-bundle/";

  // --- small utilities ---------------------------------------------------------------------
  /** Compares strings by code points (= the UTF-8 byte order the bundle is sorted in). */
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1; j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }
  /** Index of the last entry whose key (entry[0]) is <= key, by `compare`; 0 when none. */
  function floorIndex(list, key, compare) {
    var lo = 0, hi = list.length - 1, ans = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(list[mid][0], key) <= 0) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }
  function numCmp(a, b) { return a - b; }
  /** Optimal-string-alignment distance of a and b, or max+1 when it exceeds max. */
  function distance(a, b, max) {
    var n = a.length, m = b.length;
    if (Math.abs(n - m) > max) return max + 1;
    var prev2 = null, prev = new Array(m + 1), cur, i, j;
    for (j = 0; j <= m; j++) prev[j] = j;
    for (i = 1; i <= n; i++) {
      cur = new Array(m + 1); cur[0] = i;
      var rowMin = i;
      for (j = 1; j <= m; j++) {
        var c = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
        if (prev2 && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v; if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[m];
  }
  /** How many edits a query word may be corrected by: none below 4 letters, 1 up to 7, then 2. */
  function allowedEdits(word) { var n = Array.from(word).length; return n < 4 ? 0 : n <= 7 ? 1 : 2; }
  /** Term weights: a word found as typed counts fully; its correction (the book's closest
      word) a little less, more so at distance 2; prefix completions of the last word less again
      (the most frequent one more than the rest). So exact matches rank above corrected ones. */
  var WEIGHT = { exact: 1, corrected: 0.9, corrected2: 0.8, prefix: 0.75, prefixMore: 0.45 };

  function requestError(res) { var e = new Error("HTTP " + res.status + " for " + res.url); e.status = res.status; return e; }

  // --- the static index ------------------------------------------------------------------------
  function StaticIndex(root) { this.root = root; this.files = {}; this.shards = {}; this.ready = null; this.wordList = null; }
  StaticIndex.prototype.get = function (name, kind) {
    var key = kind + " " + name, self = this;
    if (!this.files[key]) {
      this.files[key] = window.fetch(this.root + name).then(function (res) {
        if (!res.ok) throw requestError(res);
        return kind === "json" ? res.json() : kind === "text" ? res.text() : res.arrayBuffer();
      });
      this.files[key].catch(function () { delete self.files[key]; });
    }
    return this.files[key];
  };
  /** Manifest and page table (once). */
  StaticIndex.prototype.load = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.get("manifest.json", "json").then(function (m) {
        if (!m || m.format !== 1) throw new Error("unsupported search bundle format " + (m && m.format));
        self.m = m;
        return self.get(m.pages_file, "json");
      }).then(function (p) {
        var S = p.section_chunks.length, N = self.m.chunks;
        self.pages = p.pages;
        self.sectionPage = new Int32Array(S);
        self.sectionFirst = new Int32Array(S + 1);
        self.chunkSection = new Int32Array(N);
        var s = 0, c = 0;
        p.page_sections.forEach(function (count, page) { for (var i = 0; i < count; i++) self.sectionPage[s++] = page; });
        p.section_chunks.forEach(function (count, si) { self.sectionFirst[si] = c; for (var i = 0; i < count; i++) self.chunkSection[c++] = si; });
        self.sectionFirst[S] = c;
        return self;
      });
      this.ready.catch(function () { self.ready = null; });
    }
    return this.ready;
  };
  /** Postings of `term` ({df, docs, weights}) or null when the book does not have it. */
  StaticIndex.prototype.postings = function (term) {
    var self = this, list = this.m.postings;
    if (!list.length) return Promise.resolve(null);
    var file = list[floorIndex(list, term, cmp)][1];
    if (!this.shards[file]) {
      this.shards[file] = this.get(file, "bin").then(function (buf) { return parseShard(new Uint8Array(buf)); });
    }
    return this.shards[file].then(function (map) { return map.get(term) || null; });
  };
  function parseShard(b) {
    var map = new Map(), i = 0, dec = new TextDecoder();
    function varint() {
      var v = 0, shift = 0, x;
      do { x = b[i++]; v += (x & 0x7f) * Math.pow(2, shift); shift += 7; } while (x & 0x80 && i < b.length);
      return v;
    }
    while (i < b.length) {
      var len = varint(), term = dec.decode(b.subarray(i, i + len)); i += len;
      var df = varint(), docs = new Uint32Array(df), weights = new Uint8Array(df), d = 0;
      for (var k = 0; k < df; k++) { d += varint(); docs[k] = d; weights[k] = b[i++]; }
      map.set(term, { df: df, docs: docs, weights: weights });
    }
    return map;
  }
  /** The book's words as spelled (for corrections and prefixes), fetched on first need. */
  StaticIndex.prototype.words = function () {
    var self = this;
    if (!this.wordList) {
      this.wordList = this.get(this.m.words, "text").then(function (text) {
        var words = [], terms = [], counts = [], byLength = {};
        text.split("\n").forEach(function (line) {
          if (!line) return;
          var f = line.split("\t"), w = f[0], spec = f[1] || "";
          var t = spec === "" ? w : /^\d+$/.test(spec) ? w.slice(0, +spec) : spec;
          var n = words.length;
          words.push(w); terms.push(t); counts.push(+f[2] || 1);
          (byLength[w.length] || (byLength[w.length] = [])).push(n);
        });
        return { words: words, terms: terms, counts: counts, byLength: byLength };
      });
      this.wordList.catch(function () { self.wordList = null; });
    }
    return this.wordList;
  };
  /** Terms a word that is not in the book may have meant: [{term, weight}] (best first). */
  StaticIndex.prototype.corrections = function (word, last) {
    var max = allowedEdits(word);
    var wantPrefix = last && Array.from(word).length >= 3;
    if (!max && !wantPrefix) return Promise.resolve([]);
    return this.words().then(function (W) {
      var out = [], best = null;
      if (max) {
        for (var L = word.length - max; L <= word.length + max; L++) {
          (W.byLength[L] || []).forEach(function (n) {
            var d = distance(word, W.words[n], max);
            if (d > max) return;
            if (!best || d < best.d || (d === best.d && W.counts[n] > best.count)) best = { d: d, count: W.counts[n], term: W.terms[n] };
          });
        }
        if (best) out.push({ term: best.term, weight: best.d === 1 ? WEIGHT.corrected : WEIGHT.corrected2, how: "corrected" });
      }
      if (wantPrefix) {
        // Words starting with `word`: a contiguous run of the sorted list.
        var lo = 0, hi = W.words.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(W.words[mid], word) < 0) lo = mid + 1; else hi = mid; }
        var found = [];
        for (var i = lo; i < W.words.length && W.words[i].lastIndexOf(word, 0) === 0; i++) found.push(i);
        found.sort(function (a, b) { return W.counts[b] - W.counts[a]; });
        var seen = {};
        found.slice(0, 40).forEach(function (n) {
          var t = W.terms[n];
          if (seen[t] || Object.keys(seen).length >= 5) return;
          seen[t] = 1;
          out.push({ term: t, weight: Object.keys(seen).length === 1 ? WEIGHT.prefix : WEIGHT.prefixMore, how: "prefix" });
        });
      }
      return out;
    });
  };

  /** Scored, collapsed results of a query: the static engine. */
  StaticIndex.prototype.search = function (query, k) {
    var self = this;
    return this.load().then(function () {
      var words = [];
      A.words(query, function (w) { words.push(w); });
      var typing = !/[\s\p{P}]$/u.test(query);
      var items = [];
      words.forEach(function (w, i) { var t = A.term(w); if (t) items.push({ word: w, term: t, last: typing && i === words.length - 1 }); });
      return Promise.all(items.map(function (it) { return self.postings(it.term); })).then(function (lists) {
        var wanted = [];  // {term, weight, post}
        var pending = [];
        items.forEach(function (it, i) {
          if (lists[i]) { wanted.push({ term: it.term, weight: WEIGHT.exact, post: lists[i], how: "exact" }); return; }
          pending.push(self.corrections(it.word, it.last).then(function (cands) {
            return Promise.all(cands.map(function (c) { return self.postings(c.term); })).then(function (ps) {
              cands.forEach(function (c, j) { if (ps[j]) wanted.push({ term: c.term, weight: c.weight, post: ps[j], how: c.how }); });
            });
          }));
        });
        return Promise.all(pending).then(function () { return self.rank(wanted, k); });
      });
    });
  };
  StaticIndex.prototype.rank = function (wanted, k) {
    var self = this, m = this.m, N = m.chunks, k1 = m.bm25.k1, levels = m.bm25.weight_levels;
    // One entry per term, its best weight.
    var byTerm = {};
    wanted.forEach(function (w) { if (!byTerm[w.term] || byTerm[w.term].weight < w.weight) byTerm[w.term] = w; });
    var scores = new Float32Array(N), touched = [];
    Object.keys(byTerm).forEach(function (t) {
      var w = byTerm[t], p = w.post, df = p.df;
      var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5)) * w.weight * (k1 + 1) / levels;
      for (var i = 0; i < df; i++) {
        var d = p.docs[i];
        if (d >= N) continue;
        if (scores[d] === 0) touched.push(d);
        scores[d] += idf * p.weights[i];
      }
    });
    touched.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var hits = [], seen = {};
    for (var i = 0; i < touched.length && hits.length < k; i++) {
      var d = touched[i], s = this.chunkSection[d];
      if (seen[s]) continue;
      seen[s] = 1;
      hits.push({ chunk: d, section: s, score: scores[d] });
    }
    var texts = m.texts;
    return Promise.all(hits.map(function (h) {
      var entry = texts[floorIndex(texts, h.section, numCmp)];
      return self.get(entry[1], "json").then(function (items) { return items[h.section - entry[0]]; });
    })).then(function (secs) {
      var results = hits.map(function (h, i) {
        var sec = secs[i] || [null, [], [""]], page = self.pages[self.sectionPage[h.section]];
        return {
          rank: i + 1, score: Math.round(h.score * 10000) / 10000, source: page[0],
          url: page[1] + (sec[0] ? "#" + sec[0] : ""), title: page[2], headings: sec[1].slice(),
          text: sec[2][h.chunk - self.sectionFirst[h.section]] || ""
        };
      });
      return { results: results, terms: Object.keys(byTerm) };
    });
  };

  // --- server or static --------------------------------------------------------------------------
  var staticIndex = new StaticIndex(BUNDLE);
  var server = { up: null, checkedAt: 0, probe: null };
  var RECHECK_MS = 30000;

  /** Resolves true when the book's server answers /api/ready (auto mode checks once, then
      again RECHECK_MS after it was found down). The build writes a file at <baseUrl>api/ready
      saying {"status": "static"}, so a plain file server answers without an error. */
  function serverAvailable() {
    if (setting === "static") return Promise.resolve(false);
    if (setting === "server") return Promise.resolve(true);
    if (server.probe) return server.probe;
    if (server.up !== null && (server.up || Date.now() - server.checkedAt < RECHECK_MS)) return Promise.resolve(server.up);
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, 2500);
    // Same origin: <baseUrl>api/ready (quire serve answers it; a file host serves the marker).
    server.probe = window.fetch((api ? api + "/" : base) + "api/ready", { headers: { Accept: "application/json" }, signal: ctl ? ctl.signal : undefined, cache: "no-store" })
      .then(function (res) { return res.ok ? res.json().then(function (j) { return !!j && j.status === "ready"; }, function () { return false; }) : false; },
        function () { return false; })
      .then(function (up) { clearTimeout(timer); server.up = up; server.checkedAt = Date.now(); server.probe = null; return up; });
    return server.probe;
  }
  function markServerDown() { server.up = false; server.checkedAt = Date.now(); }

  function httpError(res) {
    var ra = res.headers.get("Retry-After") || "", secs = /^\s*\d+\s*$/.test(ra) ? parseInt(ra, 10) : Math.ceil((Date.parse(ra) - Date.now()) / 1000);
    var e = { status: res.status, retry: secs > 0 ? secs : 0 };
    return res.json().then(function (j) { e.message = j && j.error && j.error.message ? String(j.error.message) : ""; throw e; },
      function () { throw e; });
  }
  function serverSearch(q, k) {
    return window.fetch(api + "/api/search?q=" + encodeURIComponent(q) + "&k=" + k, { headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : httpError(res); });
  }
  /** Server errors that mean "no usable server here" (auto mode then searches statically). */
  function serverGone(err) { return !err || !err.status || err.status === 404 || err.status === 502 || err.status === 503 || err.status === 504; }

  function withTerms(out, terms) { Object.defineProperty(out, "terms", { value: terms, enumerable: false }); return out; }
  /** Static search; when the bundle cannot be had (a site built with --no-index, a network
      failure) it fails like a missing server does: {offline: true}, no HTTP status. */
  function staticSearch(q, k) {
    return staticIndex.search(q, k).then(function (r) { return withTerms({ mode: "static", results: r.results }, r.terms); },
      function (e) { throw { offline: true, cause: e, message: "" }; });
  }

  /** The public API (fixed: tests and scripts depend on it). */
  function search(query, options) {
    var q = String(query == null ? "" : query).trim();
    var k = Math.max(1, Math.min(100, (options && +options.k) || 10));
    if (!q) return Promise.resolve({ mode: setting === "static" ? "static" : "server", results: [] });
    return serverAvailable().then(function (up) {
      if (!up) return staticSearch(q, k);
      return serverSearch(q, k).then(function (data) {
        return withTerms({ mode: "server", results: (data && data.results) || [] }, A.terms(q));
      }, function (err) {
        if (setting === "auto" && serverGone(err)) { markServerDown(); return staticSearch(q, k); }
        throw err;
      });
    });
  }

  window.quire = window.quire || {};
  window.quire.search = search;
  /** Internals for the UI parts and the tests (not a stable API). */
  window.QuireSearch = {
    setting: setting, api: api, base: base, httpError: httpError, serverAvailable: serverAvailable,
    markServerDown: markServerDown, staticSearch: staticSearch, distance: distance, allowedEdits: allowedEdits,
    staticIndex: staticIndex
  };
})();
