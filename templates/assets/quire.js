/* Quire site behaviour: theme, sidebar, tabs, code, math, table of contents. No dependencies. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  // Theme: follows the system until the reader picks one.
  var toggle = doc.querySelector(".theme-toggle");
  function setTheme(t, save) {
    root.setAttribute("data-theme", t);
    if (toggle) toggle.setAttribute("aria-pressed", t === "dark" ? "true" : "false");
    if (save) { try { localStorage.setItem("quire-theme", t); } catch (e) {} }
  }
  if (toggle) {
    setTheme(root.getAttribute("data-theme") || "light", false);
    toggle.addEventListener("click", function () {
      setTheme(root.getAttribute("data-theme") === "dark" ? "light" : "dark", true);
    });
  }
  if (window.matchMedia) {
    var mq = window.matchMedia("(prefers-color-scheme: dark)");
    var onChange = function (e) {
      var saved = null;
      try { saved = localStorage.getItem("quire-theme"); } catch (err) {}
      if (!saved) setTheme(e.matches ? "dark" : "light", false);
    };
    if (mq.addEventListener) mq.addEventListener("change", onChange);
  }

  // Sidebar on narrow screens.
  var sidebar = doc.getElementById("sidebar");
  var sideToggle = doc.querySelector(".sidebar-toggle");
  var backdrop = doc.querySelector(".sidebar-backdrop");
  function setSidebar(open) {
    if (!sidebar) return;
    sidebar.classList.toggle("open", open);
    if (sideToggle) sideToggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (backdrop) backdrop.hidden = !open;
  }
  if (sideToggle) sideToggle.addEventListener("click", function () { setSidebar(!sidebar.classList.contains("open")); });
  if (backdrop) backdrop.addEventListener("click", function () { setSidebar(false); });
  doc.addEventListener("keydown", function (e) { if (e.key === "Escape" && sidebar && sidebar.classList.contains("open")) setSidebar(false); });
  var active = sidebar && sidebar.querySelector(".menu-link.active");
  if (active && active.scrollIntoView && sidebar.scrollHeight > sidebar.clientHeight) {
    var r = active.getBoundingClientRect();
    if (r.bottom > window.innerHeight) sidebar.scrollTop = r.top - sidebar.getBoundingClientRect().top - 80;
  }

  // Tabs, with groupId sync across the page and across visits.
  function selectTab(group, value) {
    var tabs = group.querySelectorAll(":scope > .tabs-list > .tab");
    var panels = group.querySelectorAll(":scope > .tab-panel");
    var found = false;
    tabs.forEach(function (t) { if (t.getAttribute("data-value") === value) found = true; });
    if (!found) return false;
    tabs.forEach(function (t) {
      var on = t.getAttribute("data-value") === value;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
    });
    panels.forEach(function (p) { p.hidden = p.getAttribute("data-value") !== value; });
    return true;
  }
  var groups = doc.querySelectorAll(".tabs");
  groups.forEach(function (group, gi) {
    var tabs = Array.prototype.slice.call(group.querySelectorAll(":scope > .tabs-list > .tab"));
    var panels = group.querySelectorAll(":scope > .tab-panel");
    tabs.forEach(function (t, ti) {
      var id = "tab-" + gi + "-" + ti;
      t.id = id;
      var panel = panels[ti];
      if (panel) { panel.setAttribute("aria-labelledby", id); t.setAttribute("aria-controls", panel.id || (panel.id = "panel-" + gi + "-" + ti)); }
      t.tabIndex = t.getAttribute("aria-selected") === "true" ? 0 : -1;
    });
    var gid = group.getAttribute("data-group-id");
    if (gid) {
      var saved = null;
      try { saved = localStorage.getItem("quire-tabs-" + gid); } catch (e) {}
      if (saved) selectTab(group, saved);
    }
    group.querySelector(".tabs-list").addEventListener("click", function (e) {
      var t = e.target.closest(".tab");
      if (!t) return;
      var value = t.getAttribute("data-value");
      if (gid) {
        var top = t.getBoundingClientRect().top;
        doc.querySelectorAll('.tabs[data-group-id="' + gid.replace(/"/g, "") + '"]').forEach(function (g) { selectTab(g, value); });
        try { localStorage.setItem("quire-tabs-" + gid, value); } catch (err) {}
        window.scrollBy(0, t.getBoundingClientRect().top - top);  // keep the clicked tab in place
      } else {
        selectTab(group, value);
      }
    });
    group.querySelector(".tabs-list").addEventListener("keydown", function (e) {
      var i = tabs.indexOf(doc.activeElement);
      if (i < 0) return;
      var n = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : -1;
      if (n >= 0) { e.preventDefault(); tabs[n].focus(); tabs[n].click(); }
    });
  });

  // Code: highlighting (line structure kept) and copy buttons. Debian ships highlight.js 9
  // (highlight(language, code)); 11 takes highlight(code, {language}).
  var hljsNew = window.hljs && /^1[1-9]\./.test(window.hljs.versionString || "");
  if (window.hljs && !hljsNew && window.hljs.configure) window.hljs.configure({ hideUpgradeWarningAcceptNoSupportOrSecurityUpdates: true });
  function highlight(lang, text) {
    return (hljsNew ? window.hljs.highlight(text, { language: lang, ignoreIllegals: true }) : window.hljs.highlight(lang, text, true)).value;
  }
  doc.querySelectorAll(".markdown pre > code").forEach(function (code) {
    var pre = code.parentNode;
    if (pre.classList.contains("mermaid")) return;
    var m = /language-([\w+#-]+)/.exec(code.className);
    if (window.hljs && m && window.hljs.getLanguage && window.hljs.getLanguage(m[1])) {
      var lines = code.querySelectorAll(":scope > .line");
      try {
        if (lines.length) {
          lines.forEach(function (line) { line.innerHTML = highlight(m[1], line.textContent) || "\u200b"; });
        } else {
          code.innerHTML = highlight(m[1], code.textContent);
        }
      } catch (e) {}
    }
    if (navigator.clipboard) {
      var b = doc.createElement("button");
      b.type = "button"; b.className = "copy-code"; b.textContent = "Copy"; b.setAttribute("aria-label", "Copy code to clipboard");
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(code.innerText.replace(/\u200b/g, "")).then(function () {
          b.textContent = "Copied"; setTimeout(function () { b.textContent = "Copy"; }, 1500);
        }, function () {});
      });
      pre.appendChild(b);
    }
  });

  // Math with KaTeX, when the page loaded it.
  if (window.katex) {
    doc.querySelectorAll(".math").forEach(function (el) {
      try {
        window.katex.render(el.textContent, el, { displayMode: el.classList.contains("math-display"), throwOnError: false });
      } catch (e) {}
    });
  }

  // Mermaid: rendered when a mermaid script is present; otherwise the source stays visible.
  if (window.mermaid && window.mermaid.run) {
    try { window.mermaid.run({ querySelector: "pre.mermaid" }); } catch (e) {}
  }

  // Table of contents: highlight the section being read.
  var tocLinks = Array.prototype.slice.call(doc.querySelectorAll(".toc a"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var visible = {};
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) { visible[en.target.id] = en.isIntersecting; });
      var current = null;
      for (var i = 0; i < heads.length; i++) { if (visible[heads[i].id]) { current = heads[i].id; break; } }
      if (current) tocLinks.forEach(function (a) { a.classList.toggle("active", a === byId[current]); });
    }, { rootMargin: "-60px 0px -60% 0px" });
    var heads = Array.prototype.slice.call(doc.querySelectorAll(".markdown h2[id], .markdown h3[id]")).filter(function (h) { return byId[h.id]; });
    heads.forEach(function (h) { obs.observe(h); });
  }
})();

/* Quire reader widget: search modal (Ctrl/Cmd+K, /), the /search page, the chat panel
   (streamed answers over fetch), "Ask about this" on a selection. Text from the server or a
   model is only ever put in the page as text nodes: never innerHTML. */
(function () {
  "use strict";
  var doc = document, win = window;
  function meta(n) { var m = doc.querySelector('meta[name="' + n + '"]'); return m ? m.getAttribute("content") || "" : ""; }
  var base = meta("quire-base") || "/";
  var api = meta("quire-api").replace(/\/+$/, "").replace(/\/api$/, "");
  var uid = 0;

  // --- small DOM helpers -------------------------------------------------------------------
  function el(tag, attrs, kids) {
    var e = doc.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v == null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? doc.createTextNode(c) : c); });
    return e;
  }
  function icon(d) {
    var ns = "http://www.w3.org/2000/svg", s = doc.createElementNS(ns, "svg"), p = doc.createElementNS(ns, "path");
    s.setAttribute("viewBox", "0 0 24 24"); s.setAttribute("width", "18"); s.setAttribute("height", "18"); s.setAttribute("aria-hidden", "true");
    p.setAttribute("d", d); p.setAttribute("fill", "none"); p.setAttribute("stroke", "currentColor"); p.setAttribute("stroke-width", "2");
    p.setAttribute("stroke-linecap", "round"); p.setAttribute("stroke-linejoin", "round");
    s.appendChild(p); return s;
  }
  var I = {
    search: "M10.5 18a7.5 7.5 0 1 1 0-15 7.5 7.5 0 0 1 0 15zM21 21l-5.2-5.2",
    chat: "M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.6A8 8 0 1 1 21 12z",
    close: "M6 6l12 12M18 6L6 18",
    up: "M7 11v9H4v-9h3zm0 0l4-8a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 17.8 20H7",
    down: "M7 13V4H4v9h3zm0 0l4 8a2 2 0 0 0 3-2l-1-5h6a2 2 0 0 0 2-2.3l-1.2-6A2 2 0 0 0 17.8 4H7",
    send: "M5 12h14M13 6l6 6-6 6", stop: "M7 7h10v10H7z", reset: "M4 4v6h6M4.5 15a8 8 0 1 0 1.9-8.3L4 10"
  };
  function iconButton(cls, label, d, onclick, text) {
    return el("button", { type: "button", "class": cls, "aria-label": label, title: label, onclick: onclick }, [icon(d), text ? el("span", { text: text }) : null]);
  }
  function focusables(root) {
    return Array.prototype.filter.call(root.querySelectorAll('a[href],button:not([disabled]),input:not([disabled]),textarea:not([disabled]),[tabindex="0"]'),
      function (e) { return e.offsetParent !== null || e === doc.activeElement; });
  }
  function trapTab(e, root) {
    if (e.key !== "Tab") return;
    var f = focusables(root); if (!f.length) return;
    var first = f[0], last = f[f.length - 1];
    if (e.shiftKey && (doc.activeElement === first || !root.contains(doc.activeElement))) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (doc.activeElement === last || !root.contains(doc.activeElement))) { e.preventDefault(); first.focus(); }
  }
  var live = el("div", { "class": "qw-sr", role: "status", "aria-live": "polite" });
  function announce(t) { live.textContent = ""; setTimeout(function () { live.textContent = t; }, 30); }

  /** A same-site page URL (string) for `href`, or null: links only ever lead into the book. */
  function siteHref(href) {
    if (typeof href !== "string" || !href || /[\u0000-\u001f\s]/.test(href)) return null;
    try {
      var u = new URL(href, location.href);
      if (u.origin !== location.origin || !/^https?:$/.test(u.protocol) || u.pathname.indexOf(base) !== 0) return null;
      if (/^(api|v1)(\/|$)/.test(u.pathname.slice(base.length))) return null;  // the server's routes are not pages
      return u.pathname + u.search + u.hash;
    } catch (e) { return null; }
  }
  function pagePath(url) { var s = siteHref(url); return s ? s.split("#")[0] : ""; }

  /** Errors a request can end with: offline (no server), rate limited, or the server's message. */
  function describe(err) {
    if (err && err.status === 429) {
      var s = err.retry || 30;
      return { kind: "limited", text: "Too many requests. Try again in " + s + " second" + (s === 1 ? "" : "s") + " (at " + new Date(Date.now() + s * 1000).toLocaleTimeString() + ")." };
    }
    if (err && err.status && !((err.status === 502 || err.status === 504 || err.status === 503) && !err.message)) return { kind: "error", text: err.message || "The server answered with an error (" + err.status + ")." };
    return { kind: "offline", text: "Offline: the book's server cannot be reached. The pages still work; search and chat will come back when it does." };
  }
  function httpError(res) {
    var ra = res.headers.get("Retry-After") || "", secs = /^\s*\d+\s*$/.test(ra) ? parseInt(ra, 10) : Math.ceil((Date.parse(ra) - Date.now()) / 1000);
    var e = { status: res.status, retry: secs > 0 ? secs : 0 };
    return res.json().then(function (j) { e.message = j && j.error && j.error.message ? String(j.error.message) : ""; throw e; },
      function () { throw e; });
  }
  function search(q, k) {
    return win.fetch(api + "/api/search?q=" + encodeURIComponent(q) + "&k=" + k, { headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : httpError(res); });
  }

  // --- search results: grouped by page, heading path, matched words marked -----------------
  function terms(q) {
    var seen = {};
    return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter(function (t) {
      if (t.length < 2 || seen[t]) return false; seen[t] = 1; return true;
    });
  }
  function reEscape(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function highlight(text, ts) {
    var frag = doc.createDocumentFragment();
    if (!ts.length) { frag.appendChild(doc.createTextNode(text)); return frag; }
    var re = new RegExp(ts.map(reEscape).join("|"), "giu"), last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) frag.appendChild(doc.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", { text: m[0] }));
      last = re.lastIndex;
    }
    if (last < text.length) frag.appendChild(doc.createTextNode(text.slice(last)));
    return frag;
  }
  function snippet(text, ts, len) {
    text = String(text || "").replace(/\s+/g, " ").trim();
    if (text.length <= len) return text;
    var low = text.toLowerCase(), at = -1;
    ts.forEach(function (t) { var i = low.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - Math.floor(len / 3));
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp > 0 && sp < at ? sp + 1 : start; }
    var out = text.slice(start, start + len);
    return (start > 0 ? "… " : "") + out + (start + len < text.length ? " …" : "");
  }
  /** Renders results into `list`; returns the option links in order. */
  function renderResults(list, results, q, idPrefix) {
    var ts = terms(q), groups = [], byPage = {}, options = [];
    results.forEach(function (r) {
      var href = siteHref(r.url); if (!href) return;
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
          el("span", { "class": "qw-result-path" }, [highlight(hs.length ? hs[hs.length - 1] : g.title, ts)]),
          el("span", { "class": "qw-result-crumbs", text: path }),
          el("span", { "class": "qw-result-text" }, [highlight(snippet(it.r.text, ts, 170), ts)])
        ]);
        options.push(a); group.appendChild(a);
      });
      list.appendChild(group);
    });
    return options;
  }

  // --- search modal ------------------------------------------------------------------------
  var trigger = doc.getElementById("quire-search");
  var modal, input, list, status, options = [], active = -1, seq = 0, timer = 0, opener = null, lastQ = "";
  function buildModal() {
    input = el("input", { type: "search", "class": "qw-search-input", id: "qw-search-input", placeholder: "Search the book", autocomplete: "off", spellcheck: "false",
      role: "combobox", "aria-expanded": "false", "aria-controls": "qw-search-list", "aria-autocomplete": "list", "aria-label": "Search the book" });
    list = el("div", { id: "qw-search-list", role: "listbox", "class": "qw-results", "aria-label": "Results" });
    status = el("p", { "class": "qw-status", role: "status", "aria-live": "polite" });
    var all = el("a", { "class": "qw-all", href: base + "search", text: "All results" });
    var box = el("div", { "class": "qw-modal-box", role: "dialog", "aria-modal": "true", "aria-labelledby": "qw-search-title" }, [
      el("h2", { id: "qw-search-title", "class": "qw-sr", text: "Search" }),
      el("div", { "class": "qw-search-bar" }, [icon(I.search), input, iconButton("qw-icon qw-close", "Close search", I.close, closeSearch)]),
      status, list,
      el("div", { "class": "qw-modal-foot" }, [el("span", { "class": "qw-keys", text: "↑ ↓ to choose · Enter to open · Esc to close" }), all])
    ]);
    modal = el("div", { "class": "qw-modal", hidden: true }, [box]);
    modal.addEventListener("mousedown", function (e) { if (e.target === modal) closeSearch(); });
    modal.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); closeSearch(); return; }
      trapTab(e, box);
    });
    input.addEventListener("input", function () { all.href = base + "search?q=" + encodeURIComponent(input.value.trim()); schedule(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (options.length) setActive((active + (e.key === "ArrowDown" ? 1 : -1) + options.length) % options.length);
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (active >= 0 && options[active]) go(options[active].getAttribute("href"));
        else if (input.value.trim()) go(all.getAttribute("href"));
      }
    });
    list.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a.qw-result");
      if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); go(a.getAttribute("href")); }
    });
    list.addEventListener("mousemove", function (e) {
      var a = e.target.closest && e.target.closest("a.qw-result"), i = options.indexOf(a);
      if (i >= 0 && i !== active) setActive(i, true);
    });
    doc.body.appendChild(modal);
  }
  function go(href) {
    closeSearch(true);
    location.assign(href);
  }
  function setActive(i, fromMouse) {
    if (options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    var o = options[i];
    if (!o) { input.removeAttribute("aria-activedescendant"); return; }
    o.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", o.id);
    if (!fromMouse && o.scrollIntoView) o.scrollIntoView({ block: "nearest" });
  }
  function schedule() {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) { seq++; lastQ = ""; list.textContent = ""; options = []; setActive(-1); status.textContent = ""; input.setAttribute("aria-expanded", "false"); return; }
    timer = setTimeout(function () { runSearch(q); }, 140);
  }
  function runSearch(q) {
    var my = ++seq;
    modal.classList.add("qw-loading");
    status.textContent = "Searching…";
    search(q, 12).then(function (data) {
      if (my !== seq) return;  // a newer query was typed: drop this answer
      lastQ = q;
      options = renderResults(list, (data && data.results) || [], q, "qw-s");
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      setActive(options.length ? 0 : -1);
      status.textContent = options.length ? options.length + " result" + (options.length === 1 ? "" : "s") : "No results for “" + q + "”.";
      modal.classList.remove("qw-loading", "qw-offline");
    }, function (err) {
      if (my !== seq) return;
      var d = describe(err);
      list.textContent = ""; options = []; setActive(-1);
      status.textContent = d.kind === "offline" ? "Search is offline: the server cannot be reached. The pages and the table of contents still work." : d.text;
      modal.classList.remove("qw-loading");
      modal.classList.toggle("qw-offline", d.kind === "offline");
    });
  }
  function openSearch() {
    if (!modal) buildModal();
    if (!modal.hidden) { input.focus(); input.select(); return; }
    opener = doc.activeElement;
    modal.hidden = false;
    doc.documentElement.classList.add("qw-lock");
    if (trigger) trigger.setAttribute("aria-expanded", "true");
    input.focus(); input.select();
    if (input.value.trim() && input.value.trim() !== lastQ) schedule();
  }
  function closeSearch(navigating) {
    if (!modal || modal.hidden) return;
    modal.hidden = true;
    doc.documentElement.classList.remove("qw-lock");
    if (trigger) trigger.setAttribute("aria-expanded", "false");
    if (navigating !== true && opener && opener.focus) opener.focus();
  }
  if (trigger) {
    var kbd = trigger.querySelector("kbd");
    if (kbd && /Mac|iPhone|iPad/.test(navigator.platform || "")) kbd.textContent = "⌘ K";
    trigger.setAttribute("aria-haspopup", "dialog");
    trigger.setAttribute("aria-expanded", "false");
    trigger.addEventListener("click", function (e) { if (e.ctrlKey || e.metaKey || e.shiftKey) return; e.preventDefault(); openSearch(); });
  }
  function typing(t) { return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)); }
  doc.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "k" || e.key === "K")) { e.preventDefault(); openSearch(); }
    else if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) { e.preventDefault(); openSearch(); }
  });

  // --- the /search page ----------------------------------------------------------------------
  var pageForm = doc.getElementById("quire-search-page");
  if (pageForm) {
    var pInput = pageForm.querySelector("input[name=q]"), pList = doc.getElementById("quire-search-results"),
      pStatus = doc.getElementById("quire-search-status"), pSeq = 0, pTimer = 0;
    pList.setAttribute("role", "list");
    var runPage = function (q) {
      var my = ++pSeq;
      if (!q) { pList.textContent = ""; pStatus.textContent = "Type words to search the book."; return; }
      pStatus.textContent = "Searching…";
      search(q, 30).then(function (data) {
        if (my !== pSeq) return;
        var opts = renderResults(pList, (data && data.results) || [], q, "qw-p");
        opts.forEach(function (a) { a.removeAttribute("role"); a.removeAttribute("tabindex"); a.removeAttribute("aria-selected"); });
        Array.prototype.forEach.call(pList.querySelectorAll('[role="group"]'), function (g) { g.setAttribute("role", "listitem"); });
        pStatus.textContent = opts.length ? opts.length + " result" + (opts.length === 1 ? "" : "s") + " for “" + q + "”" : "No results for “" + q + "”.";
      }, function (err) {
        if (my !== pSeq) return;
        pList.textContent = "";
        var d = describe(err);
        pStatus.textContent = d.kind === "offline" ? "Search is offline: the server cannot be reached. The pages and the table of contents still work." : d.text;
      });
    };
    var q0 = new URLSearchParams(location.search).get("q") || "";
    pInput.value = q0;
    runPage(q0.trim());
    pInput.addEventListener("input", function () {
      clearTimeout(pTimer);
      pTimer = setTimeout(function () {
        var q = pInput.value.trim();
        try { history.replaceState(null, "", base + "search" + (q ? "?q=" + encodeURIComponent(q) : "")); } catch (e) {}
        runPage(q);
      }, 200);
    });
    pageForm.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(pTimer); runPage(pInput.value.trim()); });
  }

  // --- safe Markdown subset ------------------------------------------------------------------
  /** Inline: `code`, **bold**, *em*, [text](book link), [n] citations. Everything else is text. */
  function inline(text, parent, cites) {
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
  win.QuireWidget = { markdown: markdown, siteHref: siteHref };

  // --- chat panel -------------------------------------------------------------------------------
  var chatSlot = doc.getElementById("quire-chat");
  if (!chatSlot) return;
  var turns = [], convo = 0, selection = "", controller = null, panel, log, form, box, sendBtn, stopBtn, chip, chatNote, chatOpener = null, blockedUntil = 0;
  var chatButton = el("button", { type: "button", "class": "qw-chat-button", "aria-label": "Ask the book", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "qw-chat" },
    [icon(I.chat), el("span", { text: "Ask" })]);
  chatButton.addEventListener("click", function () { if (panel && !panel.hidden) closeChat(); else openChat(); });
  chatSlot.appendChild(chatButton);
  doc.body.appendChild(live);

  function buildChat() {
    log = el("div", { "class": "qw-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" }, [
      el("p", { "class": "qw-hello", text: "Ask a question about the book. Answers quote and link the sections they come from." })]);
    box = el("textarea", { id: "qw-question", "class": "qw-question", rows: "2", maxlength: "2000", placeholder: "Ask a question…", "aria-label": "Your question" });
    sendBtn = el("button", { type: "submit", "class": "qw-send", "aria-label": "Send question" }, [icon(I.send)]);
    stopBtn = el("button", { type: "button", "class": "qw-stop", "aria-label": "Stop the answer", hidden: true, onclick: function () { if (controller) controller.abort(); } }, [icon(I.stop), el("span", { text: "Stop" })]);
    chip = el("div", { "class": "qw-chip", hidden: true });
    chatNote = el("p", { "class": "qw-chat-note", role: "status", hidden: true });
    form = el("form", { "class": "qw-form" }, [chip, el("div", { "class": "qw-input-row" }, [box, sendBtn, stopBtn])]);
    form.addEventListener("submit", function (e) { e.preventDefault(); ask(box.value); });
    box.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask(box.value); } });
    panel = el("section", { id: "qw-chat", "class": "qw-chat", role: "dialog", "aria-modal": "false", "aria-labelledby": "qw-chat-title", hidden: true }, [
      el("header", { "class": "qw-chat-head" }, [
        el("h2", { id: "qw-chat-title", text: "Ask the book" }),
        iconButton("qw-icon", "New conversation", I.reset, reset),
        iconButton("qw-icon", "Close the chat", I.close, closeChat)]),
      log, chatNote, form]);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); closeChat(); } });
    doc.body.appendChild(panel);
  }
  function openChat() {
    if (!panel) buildChat();
    if (panel.hidden) chatOpener = doc.activeElement;
    panel.hidden = false;
    chatButton.setAttribute("aria-expanded", "true");
    doc.documentElement.classList.add("qw-chat-open");
    box.focus();
  }
  function closeChat() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    chatButton.setAttribute("aria-expanded", "false");
    doc.documentElement.classList.remove("qw-chat-open");
    (chatOpener && chatOpener.focus && chatOpener !== doc.body ? chatOpener : chatButton).focus();
  }
  function reset() {
    if (controller) controller.abort();
    turns = []; convo++; setSelection("");
    while (log.childNodes.length > 1) log.removeChild(log.lastChild);
    chatNote.hidden = true;
    box.focus();
  }
  function setSelection(t) {
    selection = t.slice(0, 4000);
    chip.textContent = "";
    chip.hidden = !selection;
    if (selection) {
      chip.appendChild(el("span", { "class": "qw-chip-label", text: "About the selection:" }));
      chip.appendChild(el("q", { text: selection.length > 140 ? selection.slice(0, 140) + "…" : selection }));
      chip.appendChild(iconButton("qw-icon qw-chip-x", "Remove the selection", I.close, function () { setSelection(""); box.focus(); }));
    }
  }
  function busy(on) {
    sendBtn.hidden = on; stopBtn.hidden = !on;
    if (on) stopBtn.focus(); else if (panel.contains(doc.activeElement) || doc.activeElement === doc.body) box.focus();
  }
  function showNote(text, kind) {
    chatNote.textContent = text; chatNote.className = "qw-chat-note qw-" + kind; chatNote.hidden = !text;
  }

  function ask(question) {
    question = question.trim();
    if (!question || controller) return;
    if (Date.now() < blockedUntil) { showNote("Too many requests. Try again in " + Math.ceil((blockedUntil - Date.now()) / 1000) + " s.", "limited"); return; }
    showNote("", "");
    var sel = selection, history = turns.slice(-6).map(function (t) { return { role: t.role, content: t.content.slice(0, 4000) }; });
    var user = el("div", { "class": "qw-msg qw-user" }, [sel ? el("blockquote", { "class": "qw-quoted", text: sel.length > 300 ? sel.slice(0, 300) + "…" : sel }) : null, el("p", { text: question })]);
    var body = el("div", { "class": "qw-answer-body" }, [el("p", { "class": "qw-thinking", text: "Looking in the book…" })]);
    var answer = el("div", { "class": "qw-msg qw-bot", "aria-busy": "true" }, [body]);
    log.appendChild(user); log.appendChild(answer);
    box.value = ""; setSelection("");
    log.scrollTop = log.scrollHeight;
    var st = { text: "", cites: {}, list: [], done: null, frame: 0, deltas: 0 }, myConvo = convo;
    controller = new AbortController();
    busy(true);
    announce("Answering…");
    var render = function () {
      st.frame = 0;
      body.textContent = "";
      var t = st.text, m = /^\s*Extracted from the book[^\n]*:\s*/.exec(t);
      if (m) { t = t.slice(m[0].length); answer.classList.add("qw-extracted"); }
      if (m || (st.done && st.done.mode === "extractive")) {
        body.appendChild(el("p", { "class": "qw-note", text: "Extracted from the book: passages quoted as they are, no language model was used." }));
      }
      if (t.trim()) body.appendChild(markdown(t, st.cites));
      else if (!st.done) body.appendChild(el("p", { "class": "qw-thinking", text: "Looking in the book…" }));
      var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
      if (nearBottom) log.scrollTop = log.scrollHeight;
    };
    var schedule = function () { if (!st.frame) st.frame = requestAnimationFrame(render); };
    var onEvent = function (name, data) {
      var j; try { j = JSON.parse(data); } catch (e) { return; }
      if (name === "sources") {
        st.list = (j.citations || []).filter(function (c) { return c && siteHref(c.url); });
        st.list.forEach(function (c) { st.cites[String(c.n)] = c; });
      } else if (name === "delta") { st.text += String(j.text || ""); answer.setAttribute("data-deltas", ++st.deltas); schedule(); }
      else if (name === "done") { st.done = j; if (j.answer_id) answer.setAttribute("data-answer-id", String(j.answer_id)); }
      else if (name === "error") throw { status: 500, message: (j.error && j.error.message ? "The answer could not be completed: " + j.error.message : "The answer could not be completed.") };
    };
    win.fetch(api + "/api/ask", {
      method: "POST", signal: controller.signal,
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question: question, selection: sel || undefined, history: history, stream: true })
    }).then(function (res) {
      if (!res.ok) return httpError(res);
      if (!/event-stream/.test(res.headers.get("Content-Type") || "") || !res.body) {
        return res.json().then(function (j) {
          onEvent("sources", JSON.stringify({ citations: j.citations || [] }));
          st.text = String(j.answer || ""); onEvent("done", JSON.stringify(j));
        });
      }
      var reader = res.body.getReader(), dec = new TextDecoder(), buf = "";
      var pump = function () {
        return reader.read().then(function (r) {
          buf += dec.decode(r.value || new Uint8Array(), { stream: !r.done });
          buf = buf.replace(/\r\n?/g, "\n");
          var at;
          while ((at = buf.indexOf("\n\n")) >= 0) {
            var chunk = buf.slice(0, at), name = "message", data = [];
            buf = buf.slice(at + 2);
            chunk.split("\n").forEach(function (l) {
              if (l.indexOf("event:") === 0) name = l.slice(6).trim();
              else if (l.indexOf("data:") === 0) data.push(l.slice(5).replace(/^ /, ""));
            });
            if (data.length) onEvent(name, data.join("\n"));
          }
          if (!r.done) return pump();
        });
      };
      return pump();
    }).then(function () {
      finish(null);
    }, function (err) { finish(err); });

    function finish(err) {
      if (st.frame) cancelAnimationFrame(st.frame);
      var aborted = err && err.name === "AbortError";
      controller = null;
      render();
      answer.setAttribute("aria-busy", "false");
      if (err && !aborted) {
        var d = describe(err);
        if (d.kind === "limited") blockedUntil = Date.now() + (err.retry || 30) * 1000;
        if (!st.text) body.textContent = "";
        body.appendChild(el("p", { "class": "qw-error qw-" + d.kind, role: "alert", text: d.text }));
        answer.appendChild(el("button", { type: "button", "class": "qw-retry", text: "Try again", onclick: function () {
          log.removeChild(user); log.removeChild(answer); setSelection(sel); ask(question); } }));
        showNote(d.kind === "offline" ? "Chat is offline: the server cannot be reached." : "", d.kind);
        announce(d.text);
      } else {
        if (aborted) body.appendChild(el("p", { "class": "qw-stopped", text: st.text ? "Stopped." : "Stopped before the answer began." }));
        if (st.text && myConvo === convo) {
          turns.push({ role: "user", content: question }, { role: "assistant", content: st.text });
        }
        // The sources the answer cites ([n] in its text), else all it was given.
        var cited = {};
        (st.text.match(/\[\d{1,3}(?:\s*,\s*\d{1,3})*\]/g) || []).forEach(function (m) { m.replace(/\d+/g, function (n) { cited[n] = 1; }); });
        var shown = st.list.filter(function (c) { return cited[String(c.n)]; });
        if (!shown.length) shown = st.list;
        if (shown.length) {
          answer.appendChild(el("div", { "class": "qw-sources" }, [el("p", { "class": "qw-sources-title", text: "Sources" }),
            el("ol", null, shown.map(function (c) {
              return el("li", null, [el("a", { href: siteHref(c.url) }, [el("span", { "class": "qw-n", text: "[" + c.n + "] " }), String(c.title || "")]),
                (c.headings && c.headings.length) ? el("span", { "class": "qw-src-path", text: " › " + c.headings.map(String).join(" › ") }) : null]);
            }))]));
        }
        if (st.done && st.done.answer_id) answer.appendChild(feedback(String(st.done.answer_id)));
        announce(aborted ? "Answer stopped." : "Answer ready.");
      }
      busy(false);
    }
  }

  function feedback(id) {
    var msg = el("span", { "class": "qw-fb-msg", role: "status" });
    var vote = function (v, b) {
      up.disabled = down.disabled = true;
      b.setAttribute("aria-pressed", "true");
      win.fetch(api + "/api/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ answer_id: id, vote: v }) })
        .then(function (res) { return res.ok ? null : httpError(res); })
        .then(function () { msg.textContent = "Thanks for the feedback."; },
          function (err) { msg.textContent = describe(err).kind === "offline" ? "Offline: the vote was not sent." : "The vote was not recorded."; up.disabled = down.disabled = false; b.setAttribute("aria-pressed", "false"); });
    };
    var up = iconButton("qw-icon qw-vote", "Helpful answer", I.up, function () { vote("up", up); });
    var down = iconButton("qw-icon qw-vote", "Unhelpful answer", I.down, function () { vote("down", down); });
    up.setAttribute("aria-pressed", "false"); down.setAttribute("aria-pressed", "false");
    return el("div", { "class": "qw-feedback" }, [up, down, msg]);
  }

  // --- "Ask about this" on a selection in the page ------------------------------------------------
  var askSel = el("button", { type: "button", "class": "qw-ask-selection", hidden: true }, [icon(I.chat), el("span", { text: "Ask about this" })]);
  askSel.addEventListener("mousedown", function (e) { e.preventDefault(); });
  askSel.addEventListener("click", function () {
    var t = String(win.getSelection() || "").trim() || askSel.getAttribute("data-text") || "";
    askSel.hidden = true;
    openChat(); setSelection(t); box.focus();
  });
  doc.body.appendChild(askSel);
  var selTimer = 0;
  function checkSelection() {
    var s = win.getSelection(), t = s ? String(s).trim() : "";
    var area = doc.querySelector("main");
    if (!t || t.length < 3 || !s.rangeCount || !area) { askSel.hidden = true; return; }
    var r = s.getRangeAt(0), node = r.commonAncestorContainer;
    if (!area.contains(node) || (panel && panel.contains(node)) || (modal && modal.contains(node))) { askSel.hidden = true; return; }
    var rect = r.getBoundingClientRect();
    askSel.setAttribute("data-text", t.slice(0, 4000));
    askSel.hidden = false;
    var w = askSel.offsetWidth, vw = doc.documentElement.clientWidth;
    askSel.style.left = Math.max(8, Math.min(rect.left + rect.width / 2 - w / 2, vw - w - 8)) + win.scrollX + "px";
    askSel.style.top = rect.bottom + win.scrollY + 8 + "px";
  }
  doc.addEventListener("selectionchange", function () { clearTimeout(selTimer); selTimer = setTimeout(checkSelection, 200); });
})();
