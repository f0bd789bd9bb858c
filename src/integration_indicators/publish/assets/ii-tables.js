/* Every table of a page with more than two rows sorts by a click on a column's heading
   (tablesort; Material styles the headings). A cell's data-sort, where given, is the value
   it sorts by. */
(function () {
  "use strict";
  function sortable() {
    document.querySelectorAll("article table").forEach(function (table) {
      if (table.tHead && table.tBodies.length && table.tBodies[0].rows.length > 2) {
        new window.Tablesort(table);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sortable);
  } else {
    sortable();
  }
})();
