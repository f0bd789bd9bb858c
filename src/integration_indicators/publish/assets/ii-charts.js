/* Draws every chart of a page: each figure.ii-chart holds its Vega-Lite specification
   (data inline, so nothing is fetched and the page works from file://). vega-embed adds
   the tooltips and the menu that saves the picture as SVG or PNG. */
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll("figure.ii-chart").forEach(function (figure) {
      var view = figure.querySelector(".ii-chart-view");
      var source = figure.querySelector("script.ii-chart-spec");
      if (!view || !source || view.getAttribute("data-drawn")) {
        return;
      }
      view.setAttribute("data-drawn", "1");
      var spec = JSON.parse(source.textContent);
      var options = {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        downloadFileName: figure.getAttribute("data-name") || "chart",
      };
      window.vegaEmbed(view, spec, options).catch(function (error) {
        view.textContent = "The chart could not be drawn: " + error;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
