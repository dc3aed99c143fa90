/* Copy-link button of the share bar: no third-party script, no inline script. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-guong-copy]");
  if (!button) return;
  var url = button.getAttribute("data-guong-copy");
  var done = function () { button.textContent = button.getAttribute("data-guong-copied") || "Đã sao chép liên kết"; };
  var ask = function () { window.prompt("Sao chép liên kết:", url); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(done, ask);
  } else {
    ask();
  }
});
