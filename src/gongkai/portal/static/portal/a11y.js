/* 无障碍与适老化工具栏 (GB/T 37668; 互联网网站适老化通用设计规范, 2021).
 *
 * Larger text (two steps), high contrast, wider line spacing and a reading guide, as classes on
 * <html> that portal.css styles. The choice is kept in localStorage and applied again by this file,
 * which the layout loads in <head> without `defer`, so that a page never flashes in the default look.
 * No pop-up, no plug-in, no inline script: the buttons are ordinary buttons (keyboard: Tab, Enter
 * or Space). Without JavaScript the bar stays hidden and the page is the plain one. */
(function () {
  "use strict";
  var KEY = "gongkai-a11y";
  var MAX_TEXT = 2;
  var root = document.documentElement;

  function load() {
    var state = { text: 0, contrast: false, spacing: false, guide: false };
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      if (saved && typeof saved === "object") {
        state.text = Math.max(0, Math.min(MAX_TEXT, parseInt(saved.text, 10) || 0));
        state.contrast = saved.contrast === true;
        state.spacing = saved.spacing === true;
        state.guide = saved.guide === true;
      }
    } catch (e) { /* storage off or unreadable: the defaults */ }
    return state;
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
  }

  function apply(state) {
    for (var n = 1; n <= MAX_TEXT; n++) { root.classList.toggle("a11y-text-" + n, state.text === n); }
    root.classList.toggle("a11y-contrast", state.contrast);
    root.classList.toggle("a11y-spacing", state.spacing);
    root.classList.toggle("a11y-guide", state.guide);
  }

  var state = load();
  apply(state);

  function describe() {
    var parts = [];
    parts.push(state.text ? "字号放大" + state.text + "级" : "默认字号");
    if (state.contrast) { parts.push("高对比度"); }
    if (state.spacing) { parts.push("加大行距"); }
    if (state.guide) { parts.push("阅读辅助线"); }
    return "当前：" + parts.join("、");
  }

  function guideLine() {
    var line = document.getElementById("a11y-guide-line");
    if (!line) {
      line = document.createElement("div");
      line.id = "a11y-guide-line";
      line.className = "a11y-guide-line";
      line.setAttribute("aria-hidden", "true");
      document.body.appendChild(line);
    }
    return line;
  }

  function moveGuide(y) {
    if (state.guide) { guideLine().style.top = Math.max(0, y - 2) + "px"; }
  }

  function wire() {
    var bar = document.getElementById("a11y-bar");
    if (!bar) { return; }
    var status = document.getElementById("a11y-status");
    var buttons = bar.querySelectorAll("button[data-a11y]");

    function refresh(announce) {
      apply(state);
      for (var i = 0; i < buttons.length; i++) {
        var b = buttons[i], action = b.getAttribute("data-a11y");
        if (b.hasAttribute("aria-pressed")) { b.setAttribute("aria-pressed", state[action] ? "true" : "false"); }
        if (action === "bigger") { b.disabled = state.text >= MAX_TEXT; }
        if (action === "smaller") { b.disabled = state.text <= 0; }
      }
      guideLine().hidden = !state.guide;
      if (announce && status) { status.textContent = describe(); }
    }

    bar.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-a11y]") : null;
      if (!button) { return; }
      var action = button.getAttribute("data-a11y");
      if (action === "bigger") { state.text = Math.min(MAX_TEXT, state.text + 1); }
      else if (action === "smaller") { state.text = Math.max(0, state.text - 1); }
      else if (action === "reset") { state = { text: 0, contrast: false, spacing: false, guide: false }; }
      else { state[action] = !state[action]; }
      save(state);
      refresh(true);
      // A disabled button loses focus; keep the keyboard user on the bar.
      if (button.disabled) { (action === "bigger" ? bar.querySelector('[data-a11y="smaller"]') : bar.querySelector('[data-a11y="bigger"]')).focus(); }
    });
    document.addEventListener("mousemove", function (event) { moveGuide(event.clientY); });
    // Keyboard readers: the guide follows the focused element.
    document.addEventListener("focusin", function (event) {
      var rect = event.target.getBoundingClientRect ? event.target.getBoundingClientRect() : null;
      if (rect) { moveGuide(rect.bottom); }
    });
    bar.hidden = false;
    refresh(false);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
})();
