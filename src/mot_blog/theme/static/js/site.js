/* mot-blog: progressive enhancements. Every page works without this file.
 *
 * 1. Region suggestion: when the reader's browser prefers another locale of the
 *    site than the page's, show the (hidden) prompt written in that locale's
 *    language. Never redirects; a dismissal is remembered in localStorage.
 * 2. Copy link: reveals the copy button and copies the page URL.
 * 3. Language list: closes with Escape or a click outside it (it opens without this).
 * 4. Copy code: a button on each code block of an article (labelled from the catalogs
 *    by the article's data-copy-code / data-copied-code); without this file the code
 *    is plain text and no button shows.
 * 5. Video embeds (the youtube and vimeo shortcodes): a click on the poster's link plays
 *    the video in place; until then nothing is loaded from the video's host, and without
 *    this file the link opens the video there.
 * 6. Dark theme toggle: the button is pressed while the page is dark, and remembers
 *    the reader's choice in localStorage (an inline script of the page's head applies it
 *    before the page is drawn). Without this file the system's scheme applies.
 */
(function () {
  "use strict";
  var DISMISSED = "mot-blog:region-suggestion-dismissed";

  function language(tag) {
    return String(tag || "").toLowerCase().split("-")[0];
  }

  function matches(preference, code) {
    var p = String(preference || "").toLowerCase();
    var c = String(code || "").toLowerCase();
    return p === c || language(p) === language(c);
  }

  function remembered() {
    try { return window.localStorage.getItem(DISMISSED) === "1"; } catch (e) { return false; }
  }

  function remember() {
    try { window.localStorage.setItem(DISMISSED, "1"); } catch (e) { /* private mode: forget */ }
  }

  function suggest() {
    var boxes = document.querySelectorAll("[data-region-suggestion]");
    if (!boxes.length || remembered()) return;
    var current = document.documentElement.lang;
    var preferences = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < preferences.length; i++) {
      // The same code first (zh-TW), then the same language (zh): a zh-TW reader is led
      // from a zh-CN page to the zh-TW one, not kept on it.
      var exact = String(preferences[i] || "").toLowerCase();
      if (exact === current.toLowerCase()) return;
      for (var j = 0; j < boxes.length; j++) {
        if (exact === String(boxes[j].getAttribute("data-locale")).toLowerCase()) {
          show(boxes[j]);
          return;
        }
      }
      if (matches(preferences[i], current)) return; // the reader prefers this page's language
      for (var k = 0; k < boxes.length; k++) {
        if (matches(preferences[i], boxes[k].getAttribute("data-locale"))) {
          show(boxes[k]);
          return;
        }
      }
    }
  }

  // The language list (many locales) closes with Escape, or a click elsewhere.
  function languageMenu() {
    var menu = document.querySelector(".language-menu");
    if (!menu) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  function show(box) {
    box.hidden = false;
    var close = box.querySelector("[data-region-dismiss]");
    if (close) {
      close.addEventListener("click", function () {
        box.hidden = true;
        remember();
      });
    }
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        box.hidden = true;
        remember();
      }
    });
  }

  function copyLinks() {
    var buttons = document.querySelectorAll("[data-copy-url]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var status = document.querySelector(".copy-status");
        navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(function () {
          if (status) status.textContent = button.getAttribute("data-copied");
        }, function () { /* clipboard refused: nothing copied, nothing claimed */ });
      });
    });
  }

  function copyCode() {
    if (!navigator.clipboard) return;
    var bodies = document.querySelectorAll("[data-copy-code]");
    Array.prototype.forEach.call(bodies, function (body) {
      var label = body.getAttribute("data-copy-code");
      var copied = body.getAttribute("data-copied-code");
      Array.prototype.forEach.call(body.querySelectorAll("pre > code"), function (code) {
        var block = code.parentNode.closest(".highlight") || code.parentNode;
        var box = document.createElement("div");
        box.className = "code-block";
        block.parentNode.insertBefore(box, block);
        box.appendChild(block);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "code-copy";
        button.textContent = label;
        button.setAttribute("aria-live", "polite");
        box.appendChild(button);
        button.addEventListener("click", function () {
          var text = code.cloneNode(true);
          Array.prototype.forEach.call(text.querySelectorAll(".linenos"), function (number) {
            number.parentNode.removeChild(number);
          });
          navigator.clipboard.writeText(text.textContent).then(function () {
            button.textContent = copied;
            setTimeout(function () { button.textContent = label; }, 2000);
          }, function () { /* clipboard refused: nothing copied, nothing claimed */ });
        });
      });
    });
  }

  function videoEmbeds() {
    var links = document.querySelectorAll("a[data-embed]");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function (event) {
        // a new tab or window: the plain link, as without this file
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        var frame = document.createElement("iframe");
        frame.className = "video-embed-frame";
        frame.src = link.getAttribute("data-embed");
        frame.title = link.getAttribute("data-embed-title") || "";
        frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
        frame.setAttribute("allowfullscreen", "");
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        link.parentNode.replaceChild(frame, link);
        frame.focus();
      });
    });
  }

  var THEME = "mot-blog:theme";
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function isDark() {
    var chosen = document.documentElement.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen === "dark";
    return !!(systemDark && systemDark.matches);
  }

  function themeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function update() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    update();
    button.addEventListener("click", function () {
      var scheme = isDark() ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", scheme);
      try { window.localStorage.setItem(THEME, scheme); } catch (e) { /* private mode: this page only */ }
      update();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", update);
  }

  function start() {
    themeToggle();
    suggest();
    copyLinks();
    languageMenu();
    copyCode();
    videoEmbeds();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
