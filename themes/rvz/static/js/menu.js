// The only script of the site: folds the main menu behind a "Menu" button on small screens.
// Without JavaScript the menu simply stays open, so nothing depends on this file.
(function () {
  var button = document.querySelector(".menu-button");
  var header = document.querySelector(".site-header");
  if (!button || !header) return;
  // The stylesheet already shows the button and folds the menu where the browser knows
  // `@media (scripting: enabled)`; these two lines do it for older browsers.
  button.hidden = false;
  header.classList.add("has-menu-button");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  });
})();
