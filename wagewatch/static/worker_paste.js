// Pasting rows copied from Excel (tab-separated, one worker per line) into the complaint form's
// worker table fills the cells from the one pasted into, adding rows as needed.
(function () {
  "use strict";
  var body = document.getElementById("worker-rows");
  var addButton = document.querySelector("[data-add-worker-row]");
  if (!body || !addButton) { return; }

  function cellsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("td")).map(function (td) {
      return td.querySelector("input, select");
    });
  }

  function setValue(input, text) {
    if (!input) { return; }
    if (input.type === "checkbox") {
      input.checked = /^(是|y|yes|true|1|√|✓|代表)$/i.test(text);
    } else if (input.type === "date") {
      var match = text.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
      input.value = match ? match[1] + "-" + ("0" + match[2]).slice(-2) + "-" + ("0" + match[3]).slice(-2) : text;
    } else {
      input.value = text;
    }
  }

  body.addEventListener("paste", function (event) {
    var target = event.target;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!target.closest("tr.worker-row") || !/[\t\n]/.test(text.replace(/\r?\n$/, ""))) { return; }
    event.preventDefault();
    var lines = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n");
    var row = target.closest("tr.worker-row");
    var column = cellsOf(row).indexOf(target);
    var rows = Array.prototype.slice.call(body.querySelectorAll("tr.worker-row"));
    var start = rows.indexOf(row);
    lines.forEach(function (line, offset) {
      while (body.querySelectorAll("tr.worker-row").length <= start + offset) { addButton.click(); }
      var current = body.querySelectorAll("tr.worker-row")[start + offset];
      var inputs = cellsOf(current);
      line.split("\t").forEach(function (value, index) {
        setValue(inputs[column + index], value.trim());
      });
    });
    target.focus();
  });
})();
