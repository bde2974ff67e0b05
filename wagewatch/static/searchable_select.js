// A select marked data-searchable gets a search box above it: typing part of a name keeps only
// the options that contain it (the chosen option and the empty choice always stay).
(function () {
  "use strict";
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm searchable-filter";
    box.placeholder = "输入名称的一部分筛选";
    box.setAttribute("aria-label", (select.labels && select.labels[0] ? select.labels[0].textContent.trim() : "") + "筛选");
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    var options = Array.prototype.slice.call(select.options);
    box.addEventListener("input", function () {
      var wanted = box.value.trim().toLowerCase();
      var first = null;
      options.forEach(function (option) {
        var keep = !wanted || option.value === "" || option.value === "0" || option.selected ||
          option.textContent.toLowerCase().indexOf(wanted) !== -1;
        option.hidden = !keep;
        option.disabled = !keep;
        if (keep && !first && wanted && option.value !== "" && option.value !== "0") { first = option; }
      });
      if (first && (select.value === "" || select.value === "0")) { select.value = first.value; select.dispatchEvent(new Event("change")); }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  });
})();
