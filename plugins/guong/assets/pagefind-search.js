/* Material's search box, driven by Pagefind (guong plugin, search.engine: pagefind).
 *
 * The header keeps Material's markup and CSS; partials/search.html drops Material's component
 * hooks in this mode, so Material fetches no lunr index and this script owns the box. Pagefind
 * is loaded from the site's own /pagefind/ on first use (never from another host) and fetches
 * only the index chunks a query needs. Results are drawn as Material's result list
 * (.md-search-result__item > a > article) with text nodes only: titles and excerpts can never
 * inject markup. Pagefind marks excerpt matches itself (also folded ones: "nong" marks
 * "nông"); titles, and words with đ matched through the folded `fold` metadata, are marked
 * here, fold-aware, as assets/guong/search.js does for lunr.
 */
(function () {
  "use strict";
  var LIMIT = 10;
  var root = document.querySelector(".md-search[data-guong-pagefind]");
  if (!root) return;
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector(".md-search__form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  if (!input || !meta || !list) return;
  var script = new URL(root.getAttribute("data-guong-pagefind"), document.baseURI);
  var texts = {
    none: root.getAttribute("data-guong-none"),
    one: root.getAttribute("data-guong-one"),
    other: root.getAttribute("data-guong-other"),
    placeholder: root.getAttribute("data-guong-placeholder")
  };

  var terms = window.guongFold.terms; // assets/guong/fold.js
  /* Append `text` to `parent`, wrapping each word whose folded form starts with a folded
   * query term in <mark>. */
  function appendMarked(parent, text, wanted) {
    parent.appendChild(window.guongFold.marked(text, wanted) || document.createTextNode(text));
  }
  /* Pagefind's excerpt is escaped text with <mark> around matches: parse it inertly (a
   * template never runs scripts or loads images), keep text and marks, drop everything else. */
  function appendExcerpt(parent, excerpt, wanted) {
    var template = document.createElement("template");
    template.innerHTML = excerpt;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        appendMarked(parent, node.textContent || "", wanted);
      }
    });
  }

  function item(data, wanted) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.setAttribute("tabindex", "-1");
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var h1 = document.createElement("h1");
    appendMarked(h1, (data.meta && data.meta.title) || data.url, wanted);
    var p = document.createElement("p");
    appendExcerpt(p, data.excerpt || "", wanted);
    article.append(icon, h1, p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }
  function count(n) {
    return n === 0 ? texts.none : n === 1 ? texts.one : texts.other.replace("#", String(n));
  }

  var engine = null;
  function load() {
    if (!engine) {
      engine = import(script.href).then(function (pagefind) {
        // Result URLs are relative to the site root, which may sit below a path.
        return pagefind.options({ baseUrl: new URL("..", script).pathname, excerptLength: 24 })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  var asked = 0;
  var DEBOUNCE_MS = 250;
  function run() {
    var query = input.value.trim(), ticket = ++asked;
    if (!query) {
      list.replaceChildren();
      meta.textContent = texts.placeholder;
      return;
    }
    load().then(function (pagefind) {
      // Debounced: a search superseded by the next keystroke is never run (null), so a
      // phone works out only the query typed, not every prefix of it.
      return pagefind.debouncedSearch(query, {}, DEBOUNCE_MS);
    }).then(function (search) {
      if (ticket !== asked || !search) return null;
      return Promise.all(search.results.slice(0, LIMIT).map(function (r) { return r.data(); }))
        .then(function (items) {
          if (ticket !== asked) return;
          var wanted = terms(query);
          meta.textContent = count(search.results.length);
          list.replaceChildren.apply(list, items.map(function (d) { return item(d, wanted); }));
          root.dispatchEvent(new CustomEvent("guong:search-results", { detail: items.length }));
        });
    }).catch(function (error) {
      if (ticket === asked) meta.textContent = texts.none;
      if (window.console) console.warn("guong: Pagefind", error);
    });
  }

  function open() { if (toggle && !toggle.checked) toggle.checked = true; }
  function close() { if (toggle) toggle.checked = false; input.blur(); }
  input.addEventListener("focus", function () { open(); load(); });
  input.addEventListener("input", run);
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) { close(); window.location.href = first.href; }
    });
    form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }, 0); });
  }
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) { close(); return; }
    var active = document.activeElement;
    var typing = active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
      input.focus();
    }
  });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
})();
