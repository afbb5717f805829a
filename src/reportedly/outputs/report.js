// reportedly HTML view: clicking a claim (in the panel or in the text) highlights its spans.
// Inlined into the page; the page's Content-Security-Policy allows this script by its hash.
(function () {
  "use strict";
  var current = null;
  function select(token) {
    current = token;
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    if (!token) { return; }
    document.querySelectorAll("[data-claims]").forEach(function (el) {
      if (el.getAttribute("data-claims").split(" ").indexOf(token) >= 0) { el.classList.add("active"); }
    });
    var item = document.querySelector("li.claim[data-claim='" + token + "']");
    if (item) { item.classList.add("active"); item.scrollIntoView({ block: "nearest" }); }
  }
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var item = target && target.closest("li.claim");
    if (item) {
      var spans = document.querySelectorAll("[data-claims]");
      select(item.classList.contains("active") ? null : item.getAttribute("data-claim"));
      var first = Array.prototype.find.call(spans, function (el) { return el.classList.contains("active"); });
      if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
      return;
    }
    var span = target && target.closest("[data-claims]");
    if (span) {
      // a piece of text in several claims (nested ones): each click moves to the next claim
      var tokens = span.getAttribute("data-claims").split(" ");
      select(tokens[(tokens.indexOf(current) + 1) % tokens.length]);
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (event.key === "Enter" && target && target.matches("li.claim")) { target.click(); }
    if (event.key === "Escape") { select(null); }
  });
})();
