// Intake pages, no framework: refresh the document list while documents are
// being read, and let a highlighted span jump to the form that edits it.
(function () {
  "use strict";
  var list = document.getElementById("documents");
  if (list) {
    var poll = function () {
      var table = list.querySelector("table");
      if (!table || table.dataset.busy !== "1") return;
      fetch(list.dataset.statusUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { list.innerHTML = html; setTimeout(poll, 2000); })
        .catch(function () { setTimeout(poll, 10000); });
    };
    setTimeout(poll, 2000);
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-target]");
    if (!mark) return;
    var target = document.getElementById(mark.dataset.target);
    if (!target) return;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    target.classList.add("current");
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    var field = target.querySelector("textarea, input:not([type=hidden])");
    if (field) field.focus({ preventScroll: true });
  });
})();
