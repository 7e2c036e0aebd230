// 保密审查: text selected in the reviewed text fills the "删除所选内容" field (no inline script: CSP).
document.addEventListener("DOMContentLoaded", function () {
  var field = document.querySelector("[data-guard-selection]");
  if (!field) return;
  document.addEventListener("selectionchange", function () {
    var sel = document.getSelection();
    if (!sel || sel.isCollapsed || !sel.anchorNode) return;
    var node = sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement;
    if (!node || !node.closest("[data-guard-text]")) return;
    var text = sel.toString();
    if (text.trim()) field.value = text;
  });
});
