// Every page: with JavaScript, the header offers the search box instead of its fallback links.
(function () {
  var box = document.querySelector("[data-search-box]");
  var fallback = document.querySelector("[data-search-fallback]");
  if (box && fallback) {
    box.hidden = false;
    fallback.hidden = true;
  }
})();
