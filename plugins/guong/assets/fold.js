/* Folding Vietnamese for search (guong plugin): one copy for both search scripts
 * (search.js over Material's lunr index, pagefind-search.js over Pagefind). Folding matches
 * guong.content.taxonomy.strip_marks (đ -> d, tone and vowel marks dropped).
 * window.guongFold.marked(text, wanted) is a DocumentFragment of text nodes and <mark>s:
 * text only, never markup. */
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "");
  }
  function terms(query) { // the folded, lower-case words of a query, lunr syntax removed
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
  /* `text` with each word whose folded form starts with a folded query term in <mark>;
   * null when nothing matches. */
  function marked(text, wanted) {
    var folded = foldMap(text), ranges = [];
    var word = /[^\s.,;:!?()\[\]"'«»“”–—\/]+/g, m;
    while ((m = word.exec(folded))) {
      for (var t = 0; t < wanted.length; t++) {
        if (m[0].indexOf(wanted[t]) === 0) { ranges.push([m.index, m.index + wanted[t].length]); break; }
      }
    }
    if (!ranges.length) return null;
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
    return fragment;
  }
  window.guongFold = { fold: fold, terms: terms, marked: marked };
})();
