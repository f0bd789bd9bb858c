/* Draws every chart of a page: each figure.ii-chart holds its Vega-Lite specification
   (data inline, so nothing is fetched and the page works from file://). vega-embed adds
   the tooltips and the menu that saves the picture as SVG or PNG.

   Above each chart, controls a reader steers it with: the series shown (a box per series),
   economies added from those the page holds but does not draw (the specification's
   usermeta.addable), the years (from, to), a linear or log scale (log where every value
   shown is above 0) and a table of the same rows. The state is kept in the page's address (#chart-NAME=...), so a
   link reopens the chart as set. Text from data is only ever set as text, never markup. */
(function () {
  "use strict";

  function yearOf(value) {
    var year = parseInt(String(value).slice(0, 4), 10);
    return isNaN(year) ? null : year;
  }

  function rowsOf(spec) {
    var rows = [];
    (spec.layer || []).forEach(function (layer) {
      ((layer.data || {}).values || []).forEach(function (row) { rows.push([layer, row]); });
    });
    return rows;
  }

  function yFields(layer) {
    var enc = layer.encoding || {};
    return [enc.y, enc.y2].filter(function (e) { return e && e.field; })
      .map(function (e) { return e.field; });
  }

  function xField(layer) {
    var enc = layer.encoding || {};
    return enc.x && enc.x.field ? enc.x.field : null;
  }

  /* Whether every value drawn by *spec* is above 0 (a log scale fits). */
  function logFits(spec) {
    var positive = true, any = false;
    rowsOf(spec).forEach(function (pair) {
      yFields(pair[0]).forEach(function (f) {
        var v = pair[1][f];
        if (typeof v === "number" && isFinite(v)) { any = true; positive = positive && v > 0; }
      });
    });
    return any && positive;
  }

  /* What the controls may choose from: series, years, whether a log scale fits. */
  function choices(spec) {
    var series = [], years = [];
    rowsOf(spec).forEach(function (pair) {
      var layer = pair[0], row = pair[1];
      if (row.series !== undefined && series.indexOf(String(row.series)) < 0) {
        series.push(String(row.series));
      }
      var field = xField(layer), year = field ? yearOf(row[field]) : null;
      if (year !== null) { years.push(year); }
    });
    var addable = ((spec.usermeta || {}).addable || []).filter(function (s) {
      return series.indexOf(s) >= 0;
    });
    var drawnLog = (spec.layer || []).some(function (layer) {
      var y = (layer.encoding || {}).y;
      return Boolean(y && y.scale && y.scale.type === "log");
    });
    return {
      series: series.filter(function (s) { return addable.indexOf(s) < 0; }),
      addable: addable,
      from: years.length ? Math.min.apply(null, years) : null,
      to: years.length ? Math.max.apply(null, years) : null,
      scale: drawnLog ? "log" : "linear",
    };
  }

  /* The state written in the address for this chart, checked field by field. */
  function stateFromAddress(name, offer) {
    var state = {hide: [], add: [], from: offer.from, to: offer.to, scale: offer.scale,
                 table: false};
    var params = new URLSearchParams(window.location.hash.slice(1));
    var text = params.get("chart-" + name);
    if (!text) { return state; }
    var given;
    try { given = JSON.parse(text); } catch (e) { return state; }
    if (!given || typeof given !== "object") { return state; }
    if (Array.isArray(given.hide)) {
      state.hide = given.hide.filter(function (s) {
        return offer.series.indexOf(s) >= 0 || offer.addable.indexOf(s) >= 0;
      });
    }
    if (Array.isArray(given.add)) {
      state.add = given.add.filter(function (s) { return offer.addable.indexOf(s) >= 0; });
    }
    ["from", "to"].forEach(function (key) {
      if (typeof given[key] === "number" && isFinite(given[key])) { state[key] = given[key]; }
    });
    if (given.scale === "log") { state.scale = "log"; }  // refused later where it cannot fit
    if (given.scale === "linear") { state.scale = "linear"; }
    state.table = given.table === true;
    return state;
  }

  /* The state as written: "add" only when an economy was added. */
  function written(state) {
    var out = {hide: state.hide};
    if (state.add.length) { out.add = state.add; }
    out.from = state.from; out.to = state.to; out.scale = state.scale; out.table = state.table;
    return out;
  }

  function writeAddress(name, state, offer) {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var plain = !state.hide.length && !state.add.length && state.from === offer.from
      && state.to === offer.to && state.scale === offer.scale && !state.table;
    if (plain) { params.delete("chart-" + name); } else {
      params.set("chart-" + name, JSON.stringify(written(state)));
    }
    var hash = params.toString();
    var url = window.location.href.split("#")[0] + (hash ? "#" + hash : "");
    try { window.history.replaceState(null, "", url); } catch (e) { /* file:// in a frame */ }
  }

  /* The specification with the state applied: rows of hidden series, of economies not
     added and of years outside the range left out; the value axis fitted to what is left,
     linear or log (linear where a value left is 0 or below). */
  function applied(original, state, offer) {
    var spec = JSON.parse(JSON.stringify(original));
    var narrowed = state.hide.length > 0 || state.add.length > 0 || state.from !== offer.from
      || state.to !== offer.to;
    var low = Infinity, high = -Infinity;
    (spec.layer || []).forEach(function (layer) {
      if (!layer.data || !layer.data.values) { return; }
      var field = xField(layer), fields = yFields(layer);
      layer.data.values = layer.data.values.filter(function (row) {
        var series = String(row.series);
        if (state.hide.indexOf(series) >= 0) { return false; }
        if (offer.addable.indexOf(series) >= 0 && state.add.indexOf(series) < 0) {
          return false;
        }
        var year = field ? yearOf(row[field]) : null;
        return year === null || (year >= state.from && year <= state.to);
      });
      layer.data.values.forEach(function (row) {
        fields.forEach(function (f) {
          var v = row[f];
          if (typeof v === "number" && isFinite(v)) {
            low = Math.min(low, v); high = Math.max(high, v);
          }
        });
      });
    });
    var scale = state.scale === "log" && !logFits(spec) ? "linear" : state.scale;
    (spec.layer || []).forEach(function (layer) {
      var y = (layer.encoding || {}).y;
      if (!y || !y.scale || low > high) { return; }
      var wasLog = y.scale.type === "log";
      if (scale === "log" && (narrowed || !wasLog)) {
        y.scale = {type: "log", domain: [low / 1.25, high * 1.25], nice: false};
        if (y.axis) { delete y.axis.values; }
      } else if (scale === "linear" && (narrowed || wasLog)) {
        var pad = (high - low) * 0.06 || Math.abs(high) * 0.1 || 1;
        var keep = y.scale.domain && y.scale.domain[0] <= 0 && y.scale.domain[1] >= 0;
        var lo = low - pad, hi = high + pad;
        if (keep) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
        y.scale = {domain: [lo, hi], nice: false, zero: false};
        if (y.axis) { delete y.axis.values; }
      }
    });
    return spec;
  }

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function table(spec) {
    var out = element("table");
    out.className = "ii-chart-table";
    var head = out.createTHead().insertRow();
    ["series", "period", "value"].forEach(function (t) { head.appendChild(element("th", t)); });
    var body = out.createTBody();
    rowsOf(spec).forEach(function (pair) {
      var row = pair[1], tr = body.insertRow();
      [row.series, row.period, row.text !== undefined ? row.text : row.value]
        .forEach(function (v) { tr.appendChild(element("td", v === undefined ? "" : String(v))); });
    });
    return out;
  }

  function controls(figure, view, original, options) {
    var name = figure.getAttribute("data-name") || "chart";
    var offer = choices(original);
    var state = stateFromAddress(name, offer);
    var box = element("div");
    box.className = "ii-chart-controls";
    var shown = element("fieldset");

    /* A box per series drawn and per economy added; a list of the others to add. */
    function fillSeries() {
      shown.textContent = "";
      shown.appendChild(element("legend", "series shown"));
      offer.series.concat(state.add).forEach(function (series) {
        var label = element("label"), tick = element("input");
        tick.type = "checkbox";
        tick.checked = state.hide.indexOf(series) < 0;
        tick.setAttribute("data-series", series);
        tick.addEventListener("change", function () {
          state.hide = state.hide.filter(function (s) { return s !== series; });
          if (!tick.checked) { state.hide.push(series); }
          redraw();
        });
        label.appendChild(tick);
        label.appendChild(document.createTextNode(" " + series));
        shown.appendChild(label);
      });
      var left = offer.addable.filter(function (s) { return state.add.indexOf(s) < 0; });
      if (!left.length) { return; }
      var pick = element("select");
      pick.className = "ii-chart-add";
      pick.setAttribute("aria-label", "add a series to the chart");
      var first = element("option", "add (" + left.length + " more held)");
      first.value = "";
      pick.appendChild(first);
      left.forEach(function (series) {
        var option = element("option", series);
        option.value = series;
        pick.appendChild(option);
      });
      pick.addEventListener("change", function () {
        if (!pick.value) { return; }
        state.add.push(pick.value);
        fillSeries();
        redraw();
      });
      shown.appendChild(pick);
    }
    box.appendChild(shown);
    var range = element("div");
    range.className = "ii-chart-range";
    ["from", "to"].forEach(function (key) {
      if (offer.from === null) { return; }
      var label = element("label", key + " "), input = element("input");
      input.type = "number";
      input.min = String(offer.from); input.max = String(offer.to);
      input.value = String(state[key]);
      input.className = "ii-chart-" + key;
      input.addEventListener("change", function () {
        var year = parseInt(input.value, 10);
        if (!isNaN(year)) { state[key] = year; redraw(); }
      });
      label.appendChild(input);
      range.appendChild(label);
    });
    var scale = element("select");
    scale.className = "ii-chart-scale";
    ["linear", "log"].forEach(function (kind) {
      var option = element("option", kind + " scale");
      option.value = kind;
      scale.appendChild(option);
    });
    scale.value = state.scale;
    scale.addEventListener("change", function () { state.scale = scale.value; redraw(); });
    range.appendChild(scale);
    var tableButton = element("button", "table");
    tableButton.type = "button";
    tableButton.className = "ii-chart-table-button";
    tableButton.addEventListener("click", function () { state.table = !state.table; redraw(); });
    range.appendChild(tableButton);
    box.appendChild(range);
    figure.insertBefore(box, view);
    var drawn = null, holder = element("div");
    holder.className = "ii-chart-table-holder";
    figure.insertBefore(holder, view.nextSibling);

    function redraw() {
      var spec = applied(original, state, offer);
      var logOption = scale.querySelector("option[value=log]");
      logOption.disabled = !logFits(spec);  // a value shown at or below 0
      if (logOption.disabled && state.scale === "log") { state.scale = "linear"; }
      scale.value = state.scale;
      var width = view.clientWidth || figure.clientWidth;
      if (width && spec.config && spec.config.legend) {  // a legend label ends in "..." at
        spec.config.legend.labelLimit = Math.max(100, width - 110);  // the edge, not past it
      }
      figure.setAttribute("data-state", JSON.stringify(written(state)));
      writeAddress(name, state, offer);
      tableButton.setAttribute("aria-pressed", state.table ? "true" : "false");
      holder.textContent = "";
      if (state.table) { holder.appendChild(table(spec)); }
      if (drawn) { drawn.finalize(); }
      window.vegaEmbed(view, spec, options).then(function (result) {
        drawn = result;
      }).catch(function (error) {
        view.textContent = "The chart could not be drawn: " + error;
      });
    }
    fillSeries();
    redraw();
  }

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
      controls(figure, view, spec, options);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
