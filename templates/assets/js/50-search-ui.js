/* Quire search UI: the modal (Ctrl/Cmd+K, /) and the /search page, both on window.quire.search
   (server or static bundle, see 30-search-core.js). Text only ever becomes text nodes. */
(function () {
  "use strict";
  var doc = document, K = window.QuireKit, R = window.QuireResults;
  var base = window.QuireSearch.base, el = K.el, icon = K.icon, I = K.I, iconButton = K.iconButton, trapTab = K.trapTab, describe = K.describe;
  function search(q, k) { return window.quire.search(q, { k: k }); }
  var OFFLINE = "Search is offline: neither the book's server nor its search files can be reached. The pages and the table of contents still work.";

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
      options = R.render(list, data, q, "qw-s");
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      setActive(options.length ? 0 : -1);
      status.textContent = options.length ? options.length + " result" + (options.length === 1 ? "" : "s") : "No results for “" + q + "”.";
      modal.classList.remove("qw-loading", "qw-offline");
    }, function (err) {
      if (my !== seq) return;
      var d = describe(err);
      list.textContent = ""; options = []; setActive(-1);
      status.textContent = d.kind === "offline" ? OFFLINE : d.text;
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
        var opts = R.render(pList, data, q, "qw-p");
        opts.forEach(function (a) { a.removeAttribute("role"); a.removeAttribute("tabindex"); a.removeAttribute("aria-selected"); });
        Array.prototype.forEach.call(pList.querySelectorAll('[role="group"]'), function (g) { g.setAttribute("role", "listitem"); });
        pStatus.textContent = opts.length ? opts.length + " result" + (opts.length === 1 ? "" : "s") + " for “" + q + "”" : "No results for “" + q + "”.";
      }, function (err) {
        if (my !== pSeq) return;
        pList.textContent = "";
        var d = describe(err);
        pStatus.textContent = d.kind === "offline" ? OFFLINE : d.text;
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

})();
