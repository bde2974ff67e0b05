// Adds a worker row to the complaint form by copying the last row with the next index.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-add-worker-row]");
  if (!button) { return; }
  event.preventDefault();
  var body = document.getElementById("worker-rows");
  var rows = body.querySelectorAll("tr.worker-row");
  var last = rows[rows.length - 1];
  var next = rows.length;
  var copy = last.cloneNode(true);
  copy.querySelectorAll("input, select").forEach(function (input) {
    ["name", "id"].forEach(function (attr) {
      var value = input.getAttribute(attr);
      if (value) { input.setAttribute(attr, value.replace(/workers-\d+-/, "workers-" + next + "-")); }
    });
    if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
    input.classList.remove("is-invalid");
  });
  copy.querySelectorAll(".invalid-feedback").forEach(function (node) { node.remove(); });
  body.appendChild(copy);
  copy.querySelector("input").focus();
});
