/* Quire chat: the "Ask the book" panel (answers streamed from the server over fetch), feedback
   votes, and "Ask about this" on a selection. With no server (search: static, or auto with the
   server down) it says plainly that the assistant is offline and shows the closest passages of
   the book from the static search, with their links: it never shows an invented answer.
   Text from the server or a model only ever becomes text nodes (see 60-markdown.js). */
(function () {
  "use strict";
  var doc = document, win = window, K = window.QuireKit, S = window.QuireSearch, R = window.QuireResults;
  var api = S.api, el = K.el, icon = K.icon, I = K.I, iconButton = K.iconButton, describe = K.describe, httpError = K.httpError,
    siteHref = K.siteHref, announce = K.announce, live = K.live, markdown = window.QuireWidget.markdown;
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
      // The model was configured but failed (down, slow, cut off): say so, then the book's answer.
      var down = st.done && st.done.mode === "extractive" && st.done.fallback_reason;
      if (down) answer.classList.add(st.done.cut ? "qw-cut" : "qw-model-unavailable");
      if (m || (st.done && st.done.mode === "extractive")) {
        body.appendChild(el("p", { "class": "qw-note" + (down ? " qw-unavailable" : ""), text: !down
          ? "Extracted from the book: passages quoted as they are, no language model was used."
          : st.done.cut ? "The language model stopped mid-answer: its words are cut short below, followed by what the book says."
          : "The language model is unavailable right now, so this answer quotes the book directly." }));
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
    var post = function () { return win.fetch(api + "/api/ask", {
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
    }); };
    // No server to ask: the closest passages instead of an answer.
    var offline = function (cause) {
      return S.staticSearch(question, 5).then(function (r) {
        if (!r.results.length) throw cause || { offline: true };
        controller = null;
        body.textContent = "";
        answer.classList.add("qw-offline-answer");
        answer.setAttribute("aria-busy", "false");
        body.appendChild(el("p", { "class": "qw-offline-note", text: "The assistant is offline: no server answers for this book, so there is no written answer. These passages of the book are the closest to your question:" }));
        var isMatch = R.matcher(r.terms);
        body.appendChild(el("ol", { "class": "qw-passages" }, r.results.map(function (p) {
          var href = siteHref(p.url), where = [String(p.title || "")].concat((p.headings || []).map(String)).join(" › ");
          return el("li", null, [href ? el("a", { href: href, text: where }) : el("span", { text: where }),
            el("p", { "class": "qw-passage" }, [R.rich(p.tex || p.text, isMatch, 280)])]);
        })));
        showNote("Chat is offline: showing the closest passages of the book instead of an answer.", "offline");
        announce("The assistant is offline. " + r.results.length + " passages found.");
        busy(false);
        log.scrollTop = log.scrollHeight;
      });
    };
    var fallback = function (err) {
      if (S.setting === "server" || describe(err).kind !== "offline" || (err && err.name === "AbortError")) throw err;
      S.markServerDown();
      return offline(err);
    };
    (S.setting === "static" ? offline(null) : S.serverAvailable().then(function (up) { return up ? post().then(function () { finish(null); }, fallback) : offline(null); }))
      .catch(function (err) { finish(err); });

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
    if (!area.contains(node) || (panel && panel.contains(node)) || (doc.querySelector(".qw-modal") && doc.querySelector(".qw-modal").contains(node))) { askSel.hidden = true; return; }
    var rect = r.getBoundingClientRect();
    askSel.setAttribute("data-text", t.slice(0, 4000));
    askSel.hidden = false;
    var w = askSel.offsetWidth, vw = doc.documentElement.clientWidth;
    askSel.style.left = Math.max(8, Math.min(rect.left + rect.width / 2 - w / 2, vw - w - 8)) + win.scrollX + "px";
    askSel.style.top = rect.bottom + win.scrollY + 8 + "px";
  }
  doc.addEventListener("selectionchange", function () { clearTimeout(selTimer); selTimer = setTimeout(checkSelection, 200); });
})();
