/* mot-blog: the search box of the index pages (Pagefind UI, served from the site).
 *
 * Loaded only where partials/search.html is included, after pagefind-ui.js. Pagefind
 * picks the index of the page's language from <html lang>, so the Italian blog finds
 * Italian articles and the Dutch blog Dutch ones; the strings come from the theme's
 * catalogs (data-translations), the rest from Pagefind's own translation of that language.
 */
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-search-ui]");
    if (!box || typeof window.PagefindUI !== "function") return;
    var translations = {};
    try { translations = JSON.parse(box.getAttribute("data-translations") || "{}"); } catch (e) { /* keep Pagefind's */ }
    new window.PagefindUI({
      element: box,
      bundlePath: box.getAttribute("data-bundle"),
      showImages: false,
      resetStyles: false,
      translations: translations
    });
    // Pagefind's input is named only by its placeholder/title; give it a real label.
    var input = box.querySelector("input");
    if (input && translations.search_label) input.setAttribute("aria-label", translations.search_label);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
