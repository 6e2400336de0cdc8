// Business-plan packs page: while a pack is being produced, fetch the page again every few
// seconds and swap in the status table. Without JavaScript the page offers a "check again" link.
(function () {
  "use strict";
  function poll() {
    var region = document.getElementById("packs-status");
    if (!region || region.getAttribute("data-packs-pending") !== "true") {
      return;
    }
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("packs-status");
          if (!fresh) { return; }
          region.innerHTML = fresh.innerHTML;
          if (fresh.getAttribute("data-packs-pending") === "true") {
            poll();
          } else {
            region.removeAttribute("data-packs-pending");
          }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }, 2000);
  }
  document.addEventListener("DOMContentLoaded", poll);
})();
