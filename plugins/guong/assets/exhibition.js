/* The exhibition slideshow: advances by itself every ?giay=N seconds (default: the page's
   data-seconds), pauses on a click, a tap or a key (any key toggles; arrows step; space
   pauses), preloads the next photo and then every other one, so it keeps running offline. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.className = root.className.replace("gx-nojs", "gx-js");
  var slides = Array.prototype.slice.call(document.querySelectorAll(".gx-slide"));
  if (!slides.length) return;
  var counter = document.querySelector(".gx-counter");
  var pausedNote = document.querySelector(".gx-paused");
  var asked = parseFloat(new URLSearchParams(window.location.search).get("giay"));
  var seconds = asked > 0 ? asked : parseFloat(document.body.getAttribute("data-seconds")) || 12;
  var current = 0, timer = null, paused = false;

  /* A lazy photo starts loading when it turns eager (a hidden slide may never "scroll in"). */
  function load(index) {
    var img = slides[index] && slides[index].querySelector("img[loading=lazy]");
    if (img) img.loading = "eager";
  }
  function show(index) {
    slides[current].classList.remove("gx-current");
    current = (index + slides.length) % slides.length;
    slides[current].classList.add("gx-current");
    load(current);
    load((current + 1) % slides.length);
    if (counter) counter.textContent = (current + 1) + " / " + slides.length;
  }
  function schedule() {
    window.clearTimeout(timer);
    if (!paused && slides.length > 1) timer = window.setTimeout(function () { show(current + 1); schedule(); }, seconds * 1000);
  }
  function setPaused(value) {
    paused = value;
    if (pausedNote) pausedNote.hidden = !paused;
    schedule();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1); schedule(); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1); schedule(); }
    else if (event.key === "Tab") { return; }
    else { setPaused(!paused); }
    event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) return;
    setPaused(!paused);
  });
  /* Every other photo, one after another once the page is up: afterwards nothing is fetched. */
  window.addEventListener("load", function () {
    var queue = slides.map(function (_, i) { return i; });
    (function next() {
      var index = queue.shift();
      if (index === undefined) return;
      var img = slides[index].querySelector("img[loading=lazy]");
      if (!img || img.complete) { if (img) img.loading = "eager"; next(); return; }
      img.addEventListener("load", next, { once: true });
      img.addEventListener("error", next, { once: true });
      load(index);
    })();
  });
  show(0);
  schedule();
})();
