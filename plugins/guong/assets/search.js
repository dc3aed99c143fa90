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
