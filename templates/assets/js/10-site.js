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
