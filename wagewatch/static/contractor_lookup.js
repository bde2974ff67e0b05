// Suggests registered contractors while a clerk types into an input marked data-contractor-lookup.
// Loaded as a file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  var list = document.getElementById("contractor-options");
  var inputs = document.querySelectorAll("input[data-contractor-lookup]");
  if (!list || !inputs.length || !window.fetch) {
    return;
  }
  var timer = null;

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
    var url = list.dataset.url + "?q=" + encodeURIComponent(text);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(fill)
      .catch(function () { fill([]); });
  }

  inputs.forEach(function (input) {
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length >= 2) {
        timer = window.setTimeout(function () { lookup(text); }, 250);
      }
    });
  });
})();
