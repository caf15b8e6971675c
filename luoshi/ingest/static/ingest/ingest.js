// Intake pages, no framework: refresh the document list while documents are
// being read, show one meeting's forms at a time when a document reports
// several, and let a highlighted span jump to the form that edits it.
(function () {
  "use strict";
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".meeting-tabs [data-section]"));
  var showSection = function (id) {
    tabs.forEach(function (tab) {
      var on = tab.dataset.section === id;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      var section = document.getElementById(tab.dataset.section);
      if (section) section.hidden = !on;
    });
  };
  if (tabs.length) {
    var first = tabs.filter(function (t) { return t.classList.contains("has-errors"); })[0] || tabs[0];
    showSection(first.dataset.section);
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () { showSection(tab.dataset.section); });
    });
  }
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
    // a highlighted span of the text, or a link of the "to check first" list
    var mark = event.target.closest && event.target.closest("mark[data-target], .to-check a[data-target]");
    if (!mark) return;
    var target = document.getElementById(mark.dataset.target);
    if (!target) return;
    if (mark.tagName === "A") event.preventDefault();
    var section = target.closest(".meeting-section");
    if (section && section.hidden) showSection(section.id);
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    target.classList.add("current");
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    var field = target.matches("input, select, textarea") ? target
      : target.querySelector("textarea, input:not([type=hidden]), select");
    if (field) field.focus({ preventScroll: true });
  });
})();
