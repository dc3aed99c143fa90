/* Filters on /guong/ (guong plugin): no third-party code, no network beyond this site.
 *
 * Reads guong/index.json (every published profile, public fields only), filters it by the
 * form's selects and renders cards from the page's <template>. The filter state lives in
 * the URL query (?linh-vuc=y-te&nam=2024...), so a filtered view can be shared and is
 * restored on load. Without JavaScript the page keeps its static list and links.
 *
 * With no filter chosen the page keeps the server's list (page 1 and its page links) and
 * this script leaves it alone: redrawing it on load moved the page (layout shift) and was
 * the one long task of the page. An inline script in guong/all.html shows the "Lọc" button
 * before the first paint for the same reason.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-guong-filters]");
  if (!box || !window.fetch || !window.URLSearchParams) return;
  var form = box.querySelector("form");
  var results = box.querySelector("[data-guong-results]");
  var status = box.querySelector("[data-guong-status]");
  var more = box.querySelector("[data-guong-more]");
  var toggle = box.querySelector("[data-guong-toggle]");
  var template = document.getElementById("guong-card-template");
  var indexUrl = new URL(box.getAttribute("data-index"), location.href);
  var root = new URL("..", indexUrl); // the index sits at <site>/guong/index.json
  var STEP = 24;
  var FIELD_OF = {
    "linh-vuc": "field", "cap": "level", "doi-tuong": "kind", "nam": "year",
    "quy": "quarter", "phong-trao": "campaigns", "dia-phuong": "locality"
  };
  var original = Array.prototype.slice.call(results.childNodes); // the server's list
  var profiles = [];
  var matches = [];
  var shown = STEP;

  function selects() {
    return Array.prototype.slice.call(form.querySelectorAll("select"));
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    selects().forEach(function (s) {
      var value = params.get(s.name) || "";
      s.value = hasOption(s, value) ? value : "";
    });
  }

  function writeUrl() {
    var params = new URLSearchParams(location.search);
    selects().forEach(function (s) {
      if (s.value) params.set(s.name, s.value); else params.delete(s.name);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function keep(profile, active) {
    return active.every(function (s) {
      var value = profile[FIELD_OF[s.name]];
      return Array.isArray(value) ? value.indexOf(s.value) >= 0 : String(value) === s.value;
    });
  }

  function labelOf(name, value) {
    var select = form.elements[name];
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) return select.options[i].text;
    }
    return value;
  }

  function card(p) {
    var node = template.content.firstElementChild.cloneNode(true);
    var slot = function (name) { return node.querySelector('[data-slot="' + name + '"]'); };
    if (p.thumbnail) {
      slot("thumb").src = new URL(p.thumbnail, root).href;
      slot("initial").remove();
    } else {
      slot("thumb").remove();
      slot("initial").textContent = p.initials || "";
    }
    var link = slot("link");
    link.href = new URL(p.url, root).href;
    link.textContent = p.title;
    slot("date").dateTime = p.date;
    slot("date").textContent = p.date_label;
    slot("locality").textContent = p.locality_label ? " · " + p.locality_label : "";
    slot("summary").textContent = p.summary;
    [["linh-vuc", p.field], ["cap", p.level], ["doi-tuong", p.kind]].forEach(function (pair) {
      var badge = slot(pair[0]);
      var prefix = form.elements[pair[0]].getAttribute("data-url-prefix");
      badge.href = new URL(prefix + pair[1] + "/", root).href;
      badge.textContent = labelOf(pair[0], pair[1]);
    });
    return node;
  }

  function render() {
    var list = document.createElement("div");
    list.className = "guong-cards";
    matches.slice(0, shown).forEach(function (p) { list.appendChild(card(p)); });
    results.replaceChildren(list);
    status.textContent = matches.length
      ? "Có " + matches.length + " gương điển hình phù hợp."
      : "Không có gương điển hình nào phù hợp với bộ lọc.";
    more.hidden = shown >= matches.length;
  }

  function update() {
    var active = selects().filter(function (s) { return s.value; });
    if (!active.length) { // no filter: the server's list and page links, as without JavaScript
      box.classList.remove("guong-filters--active");
      results.replaceChildren.apply(results, original);
      status.textContent = "Có " + profiles.length + " gương điển hình.";
      more.hidden = true;
      return;
    }
    box.classList.add("guong-filters--active");
    matches = profiles.filter(function (p) { return keep(p, active); });
    shown = STEP;
    render();
  }

  fetch(indexUrl.href)
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      profiles = data.profiles;
      // A shared link sets the filters; without one, keep what the reader chose meanwhile.
      if (location.search) readUrl();
      form.hidden = false;
      if (toggle && toggle.hidden) {
        toggle.hidden = false;
        // Phones: results first, filters behind "Lọc"; wider screens and a filtered link: open.
        if (window.matchMedia("(min-width: 60em)").matches || location.search) toggle.open = true;
      }
      if (selects().some(function (s) { return s.value; })) { writeUrl(); update(); }
      box.setAttribute("data-guong-ready", "");
      form.addEventListener("change", function () { writeUrl(); update(); });
      form.addEventListener("reset", function () {
        setTimeout(function () { writeUrl(); update(); }, 0);
      });
      more.addEventListener("click", function () { shown += STEP; render(); });
    })
    .catch(function () { if (toggle) toggle.hidden = true; /* keep the static list */ });
})();
