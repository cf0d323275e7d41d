// Filters the findings by grade on screen. The report reads fully without this script,
// and printing shows every finding whatever the filter (the hiding class is screen only).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var bar = document.getElementById("filter");
  if (!bar) return;
  var rows = document.querySelectorAll("tr.finding");
  var groups = document.querySelectorAll(".rgroup, .fgroup");
  var count = document.getElementById("filter-count");
  function apply() {
    var show = {};
    bar.querySelectorAll("input").forEach(function (box) { show[box.value] = box.checked; });
    var shown = 0;
    rows.forEach(function (row) {
      var on = show[row.dataset.grade] !== false && (show.waived || !row.hasAttribute("data-waived"));
      row.classList.toggle("off", !on);
      if (on) shown++;
    });
    groups.forEach(function (g) {
      g.classList.toggle("off", !g.querySelector("tr.finding:not(.off)"));
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
  }
  bar.addEventListener("change", apply);
  bar.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
