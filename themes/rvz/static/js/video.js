// Click-to-load players for videos and e-zines (rvz_site/embeds.py writes the markup).
// Nothing is requested from YouTube, Vimeo or Issuu until the reader clicks the button;
// then the player's iframe takes the button's place. Without JavaScript the button stays
// hidden and the plain link under it still leads to the video.
(function () {
  var figures = document.querySelectorAll("figure[data-embed-src]");
  Array.prototype.forEach.call(figures, function (figure) {
    var button = figure.querySelector(".embed-play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-embed-src");
      frame.title = figure.getAttribute("data-embed-title");
      frame.className = "embed-frame";
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media");
      frame.setAttribute("allowfullscreen", "");
      button.replaceWith(frame);
      frame.focus();
    });
  });
})();
