/* Soteria facets. Without this script every facet value is a link to a page listing its matches.
   With it, the values become toggle buttons that filter the listing on this page: a card is shown
   when, for every facet with a value chosen, it has one of the chosen values. The number of
   results is announced to screen readers. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-facets]");
  var cards = document.querySelectorAll("li.card[data-filter]");
  if (!nav || !cards.length) {
    return;
  }
  var status = nav.querySelector(".facets__status");
  var chosen = {};
  // The number of results in the page's language: its plural rules pick the form ("one",
  // "few"…) among those the theme's strings give; "other" when the language has no own one.
  var forms = { other: nav.getAttribute("data-results") };
  ["zero", "one", "two", "few", "many"].forEach(function (form) {
    var text = nav.getAttribute("data-results-" + form);
    if (text) {
      forms[form] = text;
    }
  });
  var plural = null;
  try {
    plural = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch (e) {
    plural = null;
  }

  function resultsText(count) {
    var form = plural ? plural.select(count) : "other";
    return (forms[form] || forms.other).replace("{count}", String(count));
  }

  function matches(card) {
    var tokens = " " + card.getAttribute("data-filter") + " ";
    return Object.keys(chosen).every(function (field) {
      var values = chosen[field];
      return values.length === 0 || values.some(function (v) {
        return tokens.indexOf(" " + field + ":" + v + " ") !== -1;
      });
    });
  }

  function update() {
    var shown = 0;
    Array.prototype.forEach.call(cards, function (card) {
      var visible = matches(card);
      card.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    status.textContent = resultsText(shown);
  }

  Array.prototype.forEach.call(nav.querySelectorAll("a[data-value]"), function (link) {
    var parts = link.getAttribute("data-value").split(":");
    var field = parts[0];
    var value = parts.slice(1).join(":");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "facet__toggle";
    button.setAttribute("aria-pressed", "false");
    while (link.firstChild) {
      button.appendChild(link.firstChild);
    }
    link.parentNode.replaceChild(button, link);
    chosen[field] = chosen[field] || [];
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      var list = chosen[field];
      if (on) {
        list.push(value);
      } else {
        list.splice(list.indexOf(value), 1);
      }
      update();
    });
  });

  var reset = document.createElement("button");
  reset.type = "button";
  reset.className = "facets__reset";
  reset.textContent = nav.getAttribute("data-show-all");
  reset.addEventListener("click", function () {
    Object.keys(chosen).forEach(function (field) {
      chosen[field] = [];
    });
    Array.prototype.forEach.call(nav.querySelectorAll("[aria-pressed]"), function (b) {
      b.setAttribute("aria-pressed", "false");
    });
    update();
  });
  nav.insertBefore(reset, status);
})();
