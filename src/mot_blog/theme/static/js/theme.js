/* mot-blog: the colour scheme the reader chose with the toggle (site.js keeps it in
 * localStorage), applied before the page is drawn: loaded without defer at the top of
 * <head>, so the page never flashes the other scheme. With no choice, or without
 * JavaScript, the system's scheme (prefers-color-scheme) applies. A file rather than
 * an inline script, so that a site with a Content-Security-Policy of 'self' keeps it. */
try {
  var chosen = window.localStorage.getItem("mot-blog:theme");
  if (chosen === "dark" || chosen === "light") {
    document.documentElement.setAttribute("data-theme", chosen);
  }
} catch (e) { /* storage refused: the system's scheme */ }
