/* Soteria quick exit. The .quick-exit link works without this script; with it, a click or the
   Shift key pressed three times within a second hides the page at once and replaces it in the
   history with the exit page. */
(function () {
  "use strict";
  var root = document.documentElement;
  var link = document.querySelector("a.quick-exit");
  if (!link || !root.classList) {
    return;
  }
  var presses = 0;
  var first = 0;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    root.classList.add("quick-exit-leaving");
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    if (event.repeat) {
      return;
    }
    var now = Date.now();
    if (presses === 0 || now - first > 1000) {
      presses = 0;
      first = now;
    }
    presses += 1;
    if (presses === 3) {
      presses = 0;
      leave();
    }
  }, true);

  /* A page brought back from the back/forward cache must not stay blank. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      root.classList.remove("quick-exit-leaving");
    }
  });

  /* Tells the CSS that the Shift shortcut works, so its hint can be shown. */
  root.classList.add("quick-exit-ready");
})();
