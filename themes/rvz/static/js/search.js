// The search page: Pagefind's own UI (shipped by the build in /pagefind/), in Dutch because
// the page is <html lang="nl">. A link to /zoeken/?q=woord opens with that search done.
// A large site's index comes in parts (rvz_site/search.py): /pagefind/delen.json lists the
// other parts, which Pagefind merges into one list of results and one set of filters.
(function () {
  var box = document.getElementById("zoeken");
  if (!box || typeof PagefindUI === "undefined") return;

  function start(parts) {
    var ui = new PagefindUI({
      element: "#zoeken",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: true,
      mergeIndex: parts.map(function (path) { return { bundlePath: path }; }),
      translations: { placeholder: box.getAttribute("data-placeholder") }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  fetch("/pagefind/delen.json")
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (parts) { start(Array.isArray(parts) ? parts : []); },
          function () { start([]); });
})();
