/* Quire search analyzer: the same terms the index builder makes (Sources/QuireIndex/Lexical):
   Unicode word splitting, lowercasing, the Snowball English stop words, Porter2 stemming.
   A port of Tokenizer.swift, StopWords.swift and Porter2Stemmer.swift; the static browser
   suite checks it against the Swift stemmer's fixture (Tests/QuireIndexTests/Fixtures/porter2.tsv).
   Exposes window.QuireAnalyzer = { terms(text), term(word), words(text, fn), stem(word) }. */
(function () {
  "use strict";
  var MAX_WORD = 40;
  var STOP = {};
  ("i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers " +
   "herself it its itself they them their theirs themselves what which who whom this that these those am is are " +
   "was were be been being have has had having do does did doing would should could ought a an the and but if or " +
   "because as until while of at by for with about against between into through during before after above below " +
   "to from up down in out on off over under again further then once here there when where why how all any both " +
   "each few more most other some such no nor not only own same so than too very can will just also i'm it's " +
   "don't doesn't isn't let's there's that's").split(" ").forEach(function (w) { STOP[w] = 1; });

  // --- Porter2 (Snowball English), on an array of character codes -----------------------------
  var Y = 89, y = 121;
  function isV(c) { return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121; }
  function isVWXY(c) { return isV(c) || c === 119 || c === 120 || c === Y; }
  function isValidLI(c) { return "cdeghkmnrt".indexOf(String.fromCharCode(c)) >= 0; }
  var EXCEPTIONS = { andes: "andes", atlas: "atlas", bias: "bias", cosmos: "cosmos", howe: "howe", news: "news", sky: "sky",
    early: "earli", gently: "gentl", idly: "idl", only: "onli", singly: "singl", skies: "sky", skis: "ski", ugly: "ugli" };
  var PREFIXES = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"];
  var STEP2 = [["anci", 3], ["enci", 2], ["ogi", 14], ["li", 16], ["bli", 12], ["abli", 4], ["alli", 8], ["fulli", 9],
    ["lessli", 15], ["ousli", 10], ["entli", 5], ["aliti", 8], ["biliti", 12], ["iviti", 11], ["tional", 1],
    ["ational", 7], ["alism", 8], ["ation", 7], ["ization", 6], ["izer", 6], ["ator", 7], ["iveness", 11],
    ["fulness", 9], ["ousness", 10], ["ogist", 13]];
  var STEP2R = { 1: "tion", 2: "ence", 3: "ance", 4: "able", 5: "ent", 6: "ize", 7: "ate", 8: "al", 9: "ful", 10: "ous", 11: "ive", 12: "ble", 13: "og", 15: "less" };
  var STEP3 = [["icate", 4], ["ative", 6], ["alize", 3], ["iciti", 4], ["ical", 4], ["tional", 1], ["ational", 2], ["ful", 5], ["ness", 5]];
  var STEP4 = [["ic", 1], ["ance", 1], ["ence", 1], ["able", 1], ["ible", 1], ["ate", 1], ["ive", 1], ["ize", 1], ["iti", 1],
    ["al", 1], ["ism", 1], ["ion", 2], ["er", 1], ["ous", 1], ["ant", 1], ["ent", 1], ["ment", 1], ["ement", 1]];

  function stem(word) {
    if (!/^[a-z']*$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var w = [], i, p1, p2;
    for (i = 0; i < word.length; i++) w.push(word.charCodeAt(i));
    function ends(s, end) {
      var e = end == null ? w.length : end, n = s.length;
      if (n > e) return false;
      for (var k = 0; k < n; k++) if (w[e - n + k] !== s.charCodeAt(k)) return false;
      return true;
    }
    function longest(table, end) {
      var best = null;
      for (var k = 0; k < table.length; k++) {
        if (ends(table[k][0], end) && (!best || table[k][0].length > best[0])) best = [table[k][0].length, table[k][1]];
      }
      return best;
    }
    function replace(len, s) { w.length -= len; for (var k = 0; k < s.length; k++) w.push(s.charCodeAt(k)); }
    function hasVowel(a, b) { for (var k = a; k < b; k++) if (isV(w[k])) return true; return false; }
    function shortSyllable(e) {
      if (e >= 3 && !isVWXY(w[e - 1]) && isV(w[e - 2]) && !isV(w[e - 3])) return true;
      if (e === 2 && !isV(w[1]) && isV(w[0])) return true;
      return ends("past", e);
    }
    function regionEnd(start) {
      var k = start;
      while (k < w.length && !isV(w[k])) k++;
      if (k >= w.length) return -1;
      k++;
      while (k < w.length && isV(w[k])) k++;
      if (k >= w.length) return -1;
      return k + 1;
    }
    // prelude
    if (w[0] === 39) w.shift();
    var yFound = false;
    if (w[0] === y) { w[0] = Y; yFound = true; }
    for (i = 1; i < w.length; i++) if (w[i] === y && isV(w[i - 1])) { w[i] = Y; yFound = true; }
    // regions
    p1 = w.length; p2 = w.length;
    (function () {
      var c = -1, str = String.fromCharCode.apply(null, w);
      for (var k = 0; k < PREFIXES.length; k++) if (str.indexOf(PREFIXES[k]) === 0) { c = PREFIXES[k].length; break; }
      if (c < 0) { c = regionEnd(0); if (c < 0) return; }
      p1 = c;
      var n = regionEnd(c);
      if (n < 0) return;
      p2 = n;
    })();
    var m, s;
    // step 1a
    if (ends("'s'")) w.length -= 3; else if (ends("'s")) w.length -= 2; else if (ends("'")) w.length -= 1;
    m = longest([["sses", 1], ["ied", 2], ["ies", 2], ["s", 3], ["ss", 0], ["us", 0]]);
    if (m) {
      s = w.length - m[0];
      if (m[1] === 1) replace(m[0], "ss");
      else if (m[1] === 2) replace(m[0], s >= 2 ? "i" : "ie");
      else if (m[1] === 3 && s >= 1 && hasVowel(0, s - 1)) w.length -= 1;
    }
    // step 1b
    (function () {
      var mm = longest([["ed", 2], ["eed", 1], ["ing", 3], ["edly", 2], ["eedly", 1], ["ingly", 2]]);
      if (!mm) return;
      var len = mm[0], st = w.length - len;
      if (mm[1] === 1) {
        if (p1 <= st) {
          var pre = String.fromCharCode.apply(null, w.slice(0, st));
          if (pre === "succ" || pre === "proc" || pre === "exc") return;
          replace(len, "ee");
        }
        return;
      }
      if (mm[1] === 3) {
        var pm = longest([["even", 2], ["cann", 2], ["inn", 2], ["earr", 2], ["herr", 2], ["out", 2], ["y", 1]], st);
        if (pm) {
          if (pm[1] === 1) {
            if (st === 2 && !isV(w[0])) { w = [w[0], 105, 101]; return; }
          } else if (pm[0] === st) return;
        }
      }
      if (!hasVowel(0, st)) return;
      w.length -= len;
      if (ends("at") || ends("bl") || ends("iz")) { w.push(101); return; }
      var dbl = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
      for (var k = 0; k < dbl.length; k++) {
        if (ends(dbl[k])) {
          if (w.length === 3 && (w[0] === 97 || w[0] === 101 || w[0] === 111)) return;
          w.length -= 1;
          return;
        }
      }
      if (w.length === p1 && shortSyllable(w.length)) w.push(101);
    })();
    // step 1c
    var last = w[w.length - 1], li = w.length - 1;
    if ((last === y || last === Y) && li >= 2 && !isV(w[li - 1])) w[li] = 105;
    // step 2
    m = longest(STEP2);
    if (m) {
      s = w.length - m[0];
      if (p1 <= s) {
        if (STEP2R[m[1]]) replace(m[0], STEP2R[m[1]]);
        else if (m[1] === 14) { if (s >= 1 && w[s - 1] === 108) replace(m[0], "og"); }
        else if (s >= 1 && isValidLI(w[s - 1])) w.length -= m[0];
      }
    }
    // step 3
    m = longest(STEP3);
    if (m) {
      s = w.length - m[0];
      if (p1 <= s) {
        if (m[1] === 1) replace(m[0], "tion");
        else if (m[1] === 2) replace(m[0], "ate");
        else if (m[1] === 3) replace(m[0], "al");
        else if (m[1] === 4) replace(m[0], "ic");
        else if (m[1] === 5) w.length -= m[0];
        else if (p2 <= s) w.length -= m[0];
      }
    }
    // step 4
    m = longest(STEP4);
    if (m) {
      s = w.length - m[0];
      if (p2 <= s) {
        if (m[1] === 1) w.length -= m[0];
        else if (s >= 1 && (w[s - 1] === 115 || w[s - 1] === 116)) w.length -= m[0];
      }
    }
    // step 5
    if (w.length) {
      s = w.length - 1;
      if (w[s] === 101) { if (p2 <= s || (p1 <= s && !shortSyllable(s))) w.length -= 1; }
      else if (w[s] === 108) { if (p2 <= s && s >= 1 && w[s - 1] === 108) w.length -= 1; }
    }
    if (yFound) for (i = 0; i < w.length; i++) if (w[i] === Y) w[i] = y;
    return String.fromCharCode.apply(null, w);
  }

  // --- words and terms ------------------------------------------------------------------------
  var WORDCHAR = /[\p{Alphabetic}\p{N}\p{Mn}\p{Mc}]/u, IDEO = /\p{Ideographic}/u;
  function utf8Length(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1; else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; } else n += 3;
    }
    return n;
  }
  /** Calls fn with each lowercase word of text, as Tokenizer.words does. */
  function words(text, fn) {
    var cur = "", pendingApos = false;
    function flush() { if (cur) { fn(cur.toLowerCase()); cur = ""; } pendingApos = false; }
    for (var ch of String(text)) {
      var v = ch.codePointAt(0);
      if (v < 0x80) {
        if ((v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)) {
          if (pendingApos) { cur += "'"; pendingApos = false; }
          cur += ch;
        } else if (v === 39 && cur && !pendingApos) pendingApos = true;
        else flush();
        continue;
      }
      if (v === 0x2019 && cur && !pendingApos) pendingApos = true;
      else if (IDEO.test(ch)) { flush(); fn(ch); }
      else if (WORDCHAR.test(ch)) { if (pendingApos) { cur += "'"; pendingApos = false; } cur += ch; }
      else flush();
    }
    flush();
  }
  /** The term one lowercase word becomes, or null (stop word, too long, a lone letter). */
  function term(word) {
    var n = utf8Length(word);
    if (n > MAX_WORD || STOP[word] === 1) return null;
    if (n === 1) { var c = word.charCodeAt(0); if (c < 0x80 && !(c >= 48 && c <= 57)) return null; }
    return stem(word);
  }
  function terms(text) { var out = []; words(text, function (w) { var t = term(w); if (t) out.push(t); }); return out; }

  window.QuireAnalyzer = { stem: stem, term: term, terms: terms, words: words, isStopWord: function (w) { return STOP[w] === 1; } };
})();
