/* 选择办理结果时填入其法律依据（仍可修改）；已手工改过的不覆盖。 */
(function () {
  var select = document.getElementById("decision_draft-outcome");
  var basis = document.getElementById("decision_draft-legal_basis");
  if (!select || !basis) return;
  var filled = basis.value;
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    if (basis.value === "" || basis.value === filled) {
      basis.value = option.getAttribute("data-basis") || "";
      filled = basis.value;
    }
  });
})();
