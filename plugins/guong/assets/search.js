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
  var fold = window.guongFold.fold, terms = window.guongFold.terms; // assets/guong/fold.js
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
  function markNode(node, wanted) {
    var fragment = window.guongFold.marked(node.nodeValue, wanted);
    if (fragment) node.parentNode.replaceChild(fragment, node);
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
