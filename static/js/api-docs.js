// Swagger UI renders a few controls that assistive technology cannot name or reach:
// name each parameter's drop-down after its parameter and let keyboards scroll code samples.
(function () {
  "use strict";
  function fix(root) {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll(".highlight-code > .microlight:not([tabindex])").forEach(function (code) {
      code.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(function () { fix(document); }).observe(document.body, { childList: true, subtree: true });
})();
