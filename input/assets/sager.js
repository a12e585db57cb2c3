// The case list's filter box (/sager/). Without JavaScript the box stays hidden and the whole list is shown;
// with it, typing narrows the list to the cases whose number or title holds every word typed.
(function () {
  "use strict";
  var form = document.querySelector("form.sagsfilter");
  var list = document.getElementById("sagsliste");
  if (!form || !list) return;
  var input = form.querySelector("input");
  var count = form.querySelector(".sagsfilter-antal");
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-sag]"));

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute("data-sag");
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      li.hidden = !match;
      if (match) shown++;
    });
    count.textContent = words.length === 0 ? ""
      : shown === 1 ? "1 sag passer" : shown + " sager passer";
  }

  form.hidden = false;
  var initial = new URLSearchParams(window.location.search).get("filter");
  if (initial) input.value = initial;
  input.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
