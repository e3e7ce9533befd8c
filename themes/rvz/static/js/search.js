// The search page: Pagefind's own UI (shipped by the build in /pagefind/), in Dutch because
// the page is <html lang="nl">. A link to /zoeken/?q=woord opens with that search done.
(function () {
  var box = document.getElementById("zoeken");
  if (!box || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#zoeken",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
    translations: { placeholder: box.getAttribute("data-placeholder") }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
