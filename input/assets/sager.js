// The case list's filter box (/sager/ and each year's pages, /sager/2024/). Without JavaScript the box stays
// hidden and the whole list of the page is shown; with it, typing narrows the list to the cases whose number or
// title holds every word typed. A case number that is not on this page gets a link to its case page, which has
// the same address scheme everywhere (/sager/24-7615/).
(function () {
  "use strict";
  var form = document.querySelector("form.sagsfilter");
  var list = document.getElementById("sagsliste");
  if (!form || !list) return;
  var input = form.querySelector("input");
  var count = form.querySelector(".sagsfilter-antal");
  // Number and title: the link's text ("Sag 24/7615 Titel"), read once.
  var items = Array.prototype.slice.call(list.querySelectorAll("li")).map(function (li) {
    var a = li.querySelector("a");
    return { li: li, text: (a ? a.textContent : li.textContent).toLowerCase() };
  });

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var match = words.every(function (w) { return item.text.indexOf(w) >= 0; });
      item.li.hidden = !match;
      if (match) shown++;
    });
    count.textContent = words.length === 0 ? ""
      : shown === 1 ? "1 sag passer" : shown + " sager passer";
    var nr = input.value.trim().match(/^(\d{2})\/(\d+)$/);
    if (shown === 0 && nr) {
      var link = document.createElement("a");
      link.href = "/sager/" + nr[1] + "-" + nr[2] + "/";
      link.textContent = "Gå til sag " + nr[1] + "/" + nr[2];
      count.appendChild(document.createTextNode(" på denne side. "));
      count.appendChild(link);
    }
  }

  form.hidden = false;
  var initial = new URLSearchParams(window.location.search).get("filter");
  if (initial) input.value = initial;
  input.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
