/* The workbench's visual editor: every <textarea class="wb-html"> becomes a Quill editor (vendor/quill,
 * BSD-3-Clause) with a button to edit the HTML source instead. Without JavaScript the textarea stays as
 * it is. What is pasted from Word or WPS is cleaned first (conditional comments, <o:p>, mso- styles,
 * classes, spans and fonts go); Quill then keeps only the formats below. The server's nh3 sanitiser
 * (catalog/sanitize.py) remains the authority on what is stored. */
(function () {
  "use strict";
  if (!window.Quill) { return; }

  var FORMATS = ["header", "bold", "italic", "underline", "strike", "list", "blockquote", "link", "script"];
  var TOOLBAR = [[{ header: [2, 3, false] }], ["bold", "italic", "underline", "strike"],
    [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "link"], [{ script: "sub" }, { script: "super" }], ["clean"]];
  // HTML that Quill cannot hold without losing it: such a body is edited as source.
  var UNSUPPORTED = /<(table|img|pre|hr|div)\b/i;
  var TOOL_LABELS = {
    "ql-header": "标题级别", "ql-bold": "加粗", "ql-italic": "斜体", "ql-underline": "下划线", "ql-strike": "删除线",
    "ql-list": "列表", "ql-blockquote": "引用", "ql-link": "链接", "ql-script": "上标或下标", "ql-clean": "清除格式"
  };

  /* Word/WPS HTML → plain structural HTML. Works on a detached document: nothing pasted runs. */
  function cleanPastedHtml(html) {
    html = String(html || "")
      .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<\/?(o|w|m|v|st1):[^>]*>/gi, "");
    var doc = document.implementation.createHTMLDocument("");
    doc.body.innerHTML = html;
    var drop = doc.body.querySelectorAll("style, script, meta, link, xml, title");
    for (var i = 0; i < drop.length; i++) { drop[i].parentNode.removeChild(drop[i]); }
    var unwrap = doc.body.querySelectorAll("span, font");
    for (var j = unwrap.length - 1; j >= 0; j--) {
      var el = unwrap[j];
      while (el.firstChild) { el.parentNode.insertBefore(el.firstChild, el); }
      el.parentNode.removeChild(el);
    }
    var all = doc.body.querySelectorAll("*");
    for (var k = 0; k < all.length; k++) {
      var attrs = Array.prototype.slice.call(all[k].attributes);
      for (var a = 0; a < attrs.length; a++) {
        var name = attrs[a].name.toLowerCase();
        if (name !== "href" && name !== "colspan" && name !== "rowspan") { all[k].removeAttribute(attrs[a].name); }
      }
    }
    return doc.body.innerHTML.replace(/&nbsp;/g, " ");
  }

  function labelTools(toolbar) {
    var controls = toolbar.querySelectorAll("button, .ql-picker-label");
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i], cls = "";
      for (var key in TOOL_LABELS) {
        if (c.classList.contains(key) || (c.parentNode && c.parentNode.classList.contains(key))) { cls = key; }
      }
      if (!cls) { continue; }
      var label = TOOL_LABELS[cls];
      var value = c.getAttribute("value");
      if (value === "ordered") { label = "编号列表"; } else if (value === "bullet") { label = "项目符号列表"; }
      else if (value === "sub") { label = "下标"; } else if (value === "super") { label = "上标"; }
      c.setAttribute("aria-label", label);
      c.setAttribute("title", label);
    }
  }

  function semanticHtml(quill) {
    if (quill.getLength() <= 1) { return ""; }
    return quill.getSemanticHTML().replace(/&nbsp;/g, " ");
  }

  function enhance(textarea) {
    var wrapper = document.createElement("div");
    wrapper.className = "wb-editor";
    var bar = document.createElement("div");
    bar.className = "wb-editor__bar";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "wb-button wb-editor__toggle";
    bar.appendChild(toggle);
    var host = document.createElement("div");
    host.className = "wb-editor__host";
    wrapper.appendChild(bar);
    wrapper.appendChild(host);
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(textarea);

    var quill = new window.Quill(host, { theme: "snow", formats: FORMATS, modules: { toolbar: TOOLBAR } });
    var root = quill.root;
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) { label.id = label.id || textarea.id + "_label"; root.setAttribute("aria-labelledby", label.id); }
    var described = textarea.getAttribute("aria-describedby");
    if (described) { root.setAttribute("aria-describedby", described); }
    labelTools(wrapper.querySelector(".ql-toolbar"));

    var Delta = window.Quill.import("delta");
    // Capture on the wrapper: runs before Quill's own paste handler on its root.
    host.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      var html = data && data.getData("text/html");
      if (!html) { return; }  // plain text: Quill's own handling is fine
      event.preventDefault();
      event.stopPropagation();
      var range = quill.getSelection(true);
      var pasted = quill.clipboard.convert({ html: cleanPastedHtml(html), text: data.getData("text/plain") });
      quill.updateContents(new Delta().retain(range.index).delete(range.length).concat(pasted), "user");
      quill.setSelection(range.index + pasted.length(), 0, "silent");
    }, true);

    var source = false;
    function showSource(on, initial) {
      if (!initial) {  // carry the text over to the other view
        if (on) { textarea.value = semanticHtml(quill); } else { quill.setContents(quill.clipboard.convert({ html: textarea.value })); }
      }
      source = on;
      textarea.hidden = !on;
      host.hidden = on;
      wrapper.querySelector(".ql-toolbar").hidden = on;
      toggle.textContent = on ? "返回可视化编辑" : "编辑 HTML 源码";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    }
    toggle.addEventListener("click", function () {
      if (source && UNSUPPORTED.test(textarea.value) && !window.confirm("正文含有表格、图片等可视化编辑器无法保留的内容，切换后这些内容会丢失。仍要切换吗？")) { return; }
      showSource(!source);
      (source ? textarea : root).focus();
    });

    if (UNSUPPORTED.test(textarea.value)) {
      showSource(true, true);  // tables and images stay intact in the source
    } else {
      quill.setContents(quill.clipboard.convert({ html: textarea.value }), "silent");
      showSource(false, true);
    }
    textarea.form.addEventListener("submit", function () {
      if (!source) { textarea.value = semanticHtml(quill); }
    });
  }

  function start() {
    var areas = document.querySelectorAll("textarea.wb-html");
    for (var i = 0; i < areas.length; i++) { enhance(areas[i]); }
  }
  window.GongkaiEditor = { cleanPastedHtml: cleanPastedHtml };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
