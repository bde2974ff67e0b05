// Asks before a button with data-confirm submits its form (no inline scripts: CSP forbids them).
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A table wider than the page scrolls inside its frame: the frame takes keyboard focus, so the
// arrow keys scroll it without a mouse.
function makeScrollableFramesFocusable() {
  document.querySelectorAll(".table-responsive").forEach(function (frame) {
    if (frame.scrollWidth > frame.clientWidth && !frame.hasAttribute("tabindex")) {
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("role", "region");
      var caption = frame.querySelector("caption") || frame.previousElementSibling;
      frame.setAttribute("aria-label", caption && caption.textContent.trim() ? caption.textContent.trim().slice(0, 40) : "表格");
    }
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", makeScrollableFramesFocusable);
} else {
  makeScrollableFramesFocusable();
}
