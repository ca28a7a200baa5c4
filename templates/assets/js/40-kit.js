/* Quire widget kit: small DOM helpers shared by the search modal, the /search page and the chat.
   Reader-visible text only ever becomes text nodes (el's "text" attribute, createTextNode):
   never innerHTML. Exposes window.QuireKit. */
(function () {
  "use strict";
  var doc = document, win = window;
  var base = window.QuireSearch ? window.QuireSearch.base : "/";
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
  win.QuireKit = { el: el, icon: icon, I: I, iconButton: iconButton, focusables: focusables, trapTab: trapTab,
    live: live, announce: announce, siteHref: siteHref, pagePath: pagePath, describe: describe,
    httpError: window.QuireSearch.httpError };
})();
