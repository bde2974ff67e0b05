// Suggests records while someone types into an input marked data-lookup (its value, if any, is
// the fewest characters that start a lookup): its datalist (the input's list attribute) names the
// JSON lookup in data-url, which answers [{value, label}]. Several inputs may share one datalist.
// Without JavaScript the server resolves what was typed and offers candidates after submitting.
// Loaded as a file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  document.querySelectorAll("input[data-lookup]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !list.dataset.url) {
      return;
    }
    var timer = null;
    var asked = "";
    var fewest = parseInt(input.dataset.lookup, 10) || 1;

    function fill(items) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      items.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.value;
        option.textContent = item.label;
        list.appendChild(option);
      });
    }

    function lookup(text) {
      asked = text;
      fetch(list.dataset.url + "?q=" + encodeURIComponent(text),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) { if (asked === text) { fill(items); } })
        .catch(function () { fill([]); });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length >= fewest) {
        timer = window.setTimeout(function () { lookup(text); }, 200);
      }
    });
  });
})();
