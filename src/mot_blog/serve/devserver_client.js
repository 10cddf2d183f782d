// mot-blog serve: live reload and the build-problems overlay.
// Added by the dev server to the HTML pages it serves; never part of a build.
(function () {
  "use strict";
  var me = document.currentScript;
  var served = Number(me && me.getAttribute("data-generation")) || 0;
  var OVERLAY = "mot-blog-overlay";

  function showProblems(lines) {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;padding:2rem";
    var head = document.createElement("p");
    head.style.cssText = "color:#ff8a80;font-weight:bold";
    head.textContent = "The build is broken; showing the last good pages. Fix the file and save.";
    var list = document.createElement("ul");
    list.style.cssText = "list-style:none;padding:0";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.appendChild(head);
    box.appendChild(list);
    document.body.appendChild(box);
  }

  var events = new EventSource("/__mot-blog/events");
  events.addEventListener("hello", function (e) {
    // A reload announced while this page loaded or the stream reconnected.
    if (JSON.parse(e.data).generation > served) location.reload();
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("problems", function (e) {
    var message = JSON.parse(e.data);
    served = Math.max(served, message.generation);
    showProblems(message.data || []);
  });
})();
