/* Vietnamese search without diacritics, for Material's own search box (guong plugin).
 *
 * The search index carries folded twins of every marked word (fields fold_title and
 * fold_text), so "nong thon moi" already finds "nông thôn mới". This script adds the
 * other half: a query typed with marks also asks for its folded form, so partly marked
 * or differently marked queries ("Đak lak", "hoá") still match, while the exact marked
 * words keep ranking first. Folding matches guong.content.taxonomy.strip_marks (đ -> d).
 * Material talks to its search worker with {type: 2, data: query}; we extend that query.
 */
(function () {
  "use strict";
  var QUERY = 2;
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "");
  }
  function expand(query) {
    var extra = [];
    query.normalize("NFC").split(/\s+/).forEach(function (word) {
      // Leave lunr syntax (fields, boosts, presence, phrases) as the reader typed it.
      if (!word || /["*+\-:^~]/.test(word)) return;
      var folded = fold(word);
      if (folded !== word && folded.toLowerCase() !== word.toLowerCase()) extra.push(folded);
    });
    return extra.length ? query.normalize("NFC") + " " + extra.join(" ") : query;
  }
  window.guongFoldQuery = expand;

  /* Highlighting: Material marks only the words as typed, so "nong thon moi" marked
   * nothing in "nông thôn mới". After each render of the result list, wrap every word whose
   * folded form starts with a folded query term in <mark> (text nodes only: never markup). */
  function terms(query) {
    return query.normalize("NFC").split(/\s+/).map(function (word) {
      return fold(word.replace(/["*+\-:^~]/g, "")).toLowerCase();
    }).filter(function (word) { return word.length > 0; });
  }
  function foldMap(text) { // per character, so positions in the folded text are positions in text
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]).toLowerCase();
      out += f.length === 1 ? f : text[i].toLowerCase().charAt(0);
    }
    return out;
  }
  function markNode(node, wanted) {
    var text = node.nodeValue, folded = foldMap(text), ranges = [];
    var word = /[^\s.,;:!?()\[\]"'«»“”–—\/]+/g, m;
    while ((m = word.exec(folded))) {
      for (var t = 0; t < wanted.length; t++) {
        if (m[0].indexOf(wanted[t]) === 0) { ranges.push([m.index, m.index + wanted[t].length]); break; }
      }
    }
    if (!ranges.length) return;
    var fragment = document.createDocumentFragment(), at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) fragment.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.setAttribute("data-guong-fold", "");
      mark.textContent = text.slice(r[0], r[1]);
      fragment.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) fragment.appendChild(document.createTextNode(text.slice(at)));
    node.parentNode.replaceChild(fragment, node);
  }
  function highlight(list, input) {
    var wanted = terms(input.value || "");
    if (!wanted.length) return;
    var walker = document.createTreeWalker(list, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode && n.parentNode.closest("mark, script, style, .md-search-result__meta")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (n) { markNode(n, wanted); });
  }
  function watch() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!list || !input || !window.MutationObserver) return;
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      (window.requestAnimationFrame || setTimeout)(function () { pending = false; highlight(list, input); });
    }).observe(list, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();

  if (typeof Worker === "undefined") return;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      var args = Array.prototype.slice.call(arguments);
      args[0] = { type: QUERY, data: expand(message.data) };
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };
})();
