/* mot-blog: the search box of the index pages, on Pagefind's own search library.
 *
 * Loaded only where partials/search.html is included. The box is in the page's HTML
 * (nothing moves when this runs); Pagefind's library (pagefind/pagefind.js, served
 * from the site itself, so search works offline) is fetched the first time the reader
 * focuses the box. Pagefind picks the index of the page's language from <html lang>,
 * so the Italian blog finds Italian articles and the Dutch blog Dutch ones. Every
 * string comes from the theme's catalogs, through the form's data-* attributes.
 */
(function () {
  "use strict";
  var MAX_RESULTS = 10;

  // A count in the page's own digits (CLDR's, as the build writes page numbers: ١٢ in
  // Egyptian Arabic, ۱۲ in Persian).
  function number(count) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang).format(count);
    } catch (e) {
      return String(count);
    }
  }

  function say(form, key, term, count) {
    return form.getAttribute("data-" + key)
      .replace("[SEARCH_TERM]", "\u201c" + term + "\u201d")
      .replace("[COUNT]", number(count));
  }

  // Pagefind's excerpt is text with <mark> around the matches: build it as text
  // nodes and <mark> elements, so nothing in it is ever read as HTML.
  function excerpt(text) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    var parts = String(text).split(/<\/?mark>/);
    parts.forEach(function (part, index) {
      var node = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
      if (index % 2) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(node);
      }
    });
    return paragraph;
  }

  function result(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(data.excerpt));
    return item;
  }

  function enhance(form) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-results");
    var bundle = form.getAttribute("data-bundle");
    var library = null;

    // A large blog's index is in shards (a few hundred pages each, so that an edit
    // indexes one shard again): the bundle lists each language's others, merged here into
    // the first with Pagefind's own mergeIndex, which ranks all their results together.
    function shards(pagefind, options) {
      return fetch(bundle + "mot-blog-shards.json").then(function (response) {
        return response.ok ? response.json() : {};
      }).catch(function () {
        return {};
      }).then(function (all) {
        var folders = all[document.documentElement.lang] || [];
        return Promise.all(folders.map(function (folder) {
          return pagefind.mergeIndex(bundle + folder, options);
        }));
      });
    }

    function load() {
      if (!library) {
        library = import(bundle + "pagefind.js").then(function (pagefind) {
          var options = { baseUrl: bundle.replace(/pagefind\/$/, "") };
          return pagefind.options(options).then(function () {
            return shards(pagefind, options);
          }).then(function () {
            return pagefind;
          });
        });
      }
      return library;
    }

    function show(term, search) {
      if (search === null) return; // a newer keystroke superseded this search
      list.textContent = "";
      var count = search.results.length;
      status.textContent = say(form, count === 0 ? "zero" : count === 1 ? "one" : "many", term, count);
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
        .then(function (pages) {
          if (input.value.trim() !== term) return;
          pages.forEach(function (page) { list.appendChild(result(page)); });
        });
    }

    function run() {
      var term = input.value.trim();
      if (!term) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      status.textContent = say(form, "searching", term, 0);
      load().then(function (pagefind) {
        return pagefind.debouncedSearch(term, {}, 200);
      }).then(function (search) {
        return show(term, search);
      }).catch(function () {
        status.textContent = form.getAttribute("data-failed");
      });
    }

    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-search]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
