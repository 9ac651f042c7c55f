// The article editor: Quill over the body's <textarea data-rich-text> (the textarea stays the form field and
// still works without JavaScript). Images go to the upload address as files, never as data: URLs; the
// server sanitises whatever arrives.
(function () {
  "use strict";

  var LABELS = JSON.parse((document.getElementById("editor-labels") || { textContent: "{}" }).textContent);

  function label(key) { return LABELS[key] || key; }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function nameTools(toolbar, holder) {
    // Quill's buttons carry English format names and its theme writes English words from CSS: give each
    // button a Vietnamese name and tooltip, each heading a Vietnamese label, and the link tooltip its words.
    toolbar.container.querySelectorAll("button").forEach(function (button) {
      var format = (button.className.match(/ql-([a-z-]+)/) || [])[1];
      var text = LABELS[button.value ? format + ":" + button.value : format] || LABELS[format];
      if (text) {
        button.setAttribute("aria-label", text);
        button.setAttribute("title", text);
      }
    });
    toolbar.container.querySelectorAll(".ql-header .ql-picker-item, .ql-header .ql-picker-label").forEach(function (item) {
      var value = item.getAttribute("data-value");
      item.setAttribute("data-label", label(value ? "header:" + value : "paragraph"));
    });
    var picker = toolbar.container.querySelector(".ql-header .ql-picker-label");
    if (picker) { picker.setAttribute("aria-label", label("header")); }
    ["visit", "enter_link", "edit", "remove", "save"].forEach(function (key) {
      holder.style.setProperty("--editor-" + key, JSON.stringify(label(key)));
    });
  }

  function showError(holder, message) {
    var box = holder.querySelector(".editor-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function sendImage(quill, textarea, holder, file, index) {
    var form = textarea.form;
    var body = new FormData();
    body.append("image", file);
    var unit = form.querySelector("[name=unit]");
    if (unit && unit.value) { body.append("unit", unit.value); }
    showError(holder, label("uploading"));
    fetch(textarea.getAttribute("data-upload-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().catch(function () { return { error: label("upload_failed") }; });
    }).then(function (data) {
      if (!data.url) { showError(holder, data.error || label("upload_failed")); return; }
      showError(holder, "");
      quill.insertEmbed(index, "image", data.url, "user");
      quill.setSelection(index + 1, 0, "silent");
    }).catch(function () { showError(holder, label("upload_failed")); });
  }

  function pickImage(quill, textarea, holder) {
    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "image/png,image/jpeg";
    picker.className = "editor-file";
    picker.hidden = true;
    picker.addEventListener("change", function () {
      if (picker.files && picker.files.length) {
        sendImage(quill, textarea, holder, picker.files[0], quill.getSelection(true).index);
      }
      picker.remove();
    });
    holder.appendChild(picker);
    picker.click();
  }

  // The table buttons (Quill's table module has the commands, not the buttons); ``this`` is the toolbar.
  var TABLE_HANDLERS = {
    "table-insert": function () { this.quill.getModule("table").insertTable(3, 3); },
    "table-row": function () { this.quill.getModule("table").insertRowBelow(); },
    "table-column": function () { this.quill.getModule("table").insertColumnRight(); },
    "table-delete": function () { this.quill.getModule("table").deleteTable(); }
  };

  function semanticHtml(quill) {
    // getSemanticHTML keeps spaces as &nbsp; so that runs of spaces survive; single spaces need not.
    return quill.getLength() <= 1 ? "" : quill.getSemanticHTML().replace(/&nbsp;/g, " ");
  }

  function mount(textarea) {
    var holder = document.createElement("div");
    holder.className = "rich-editor";
    holder.innerHTML = '<div class="editor-toolbar"></div><div class="editor-area"></div>' +
      '<p class="editor-error" role="alert" hidden></p>';
    var toolbar = holder.querySelector(".editor-toolbar");
    toolbar.innerHTML =
      '<span class="ql-formats"><select class="ql-header"><option value="2"></option><option value="3"></option>' +
      '<option value="4"></option><option selected></option></select></span>' +
      '<span class="ql-formats"><button type="button" class="ql-bold"></button><button type="button" class="ql-italic"></button>' +
      '<button type="button" class="ql-underline"></button></span>' +
      '<span class="ql-formats"><button type="button" class="ql-list" value="ordered"></button>' +
      '<button type="button" class="ql-list" value="bullet"></button><button type="button" class="ql-blockquote"></button></span>' +
      '<span class="ql-formats"><button type="button" class="ql-link"></button><button type="button" class="ql-image"></button></span>' +
      '<span class="ql-formats editor-table-tools"><button type="button" class="ql-table-insert">▦</button>' +
      '<button type="button" class="ql-table-row">+≡</button><button type="button" class="ql-table-column">+‖</button>' +
      '<button type="button" class="ql-table-delete">✕▦</button></span>' +
      '<span class="ql-formats"><button type="button" class="ql-clean"></button></span>';
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;

    var quill = new window.Quill(holder.querySelector(".editor-area"), {
      theme: "snow",
      modules: {
        table: true,
        toolbar: {
          container: toolbar,
          handlers: Object.assign({ image: function () { pickImage(quill, textarea, holder); } }, TABLE_HANDLERS)
        },
        uploader: {
          mimetypes: ["image/png", "image/jpeg"],
          handler: function (range, files) { sendImage(quill, textarea, holder, files[0], range.index); }
        }
      }
    });
    nameTools(quill.getModule("toolbar"), holder);
    quill.root.setAttribute("aria-label", label("body"));
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    if (textarea.value.trim()) { quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent"); }
    // Dropped or pasted images must go through the upload too: data: URLs never reach the server.
    quill.clipboard.addMatcher("IMG", function (node, delta) {
      var src = node.getAttribute("src") || "";
      return /^data:/i.test(src) ? new (window.Quill.import("delta"))() : delta;
    });
    textarea.form.addEventListener("submit", function () { textarea.value = semanticHtml(quill); });
  }

  function start() {
    if (!window.Quill) { return; }
    document.querySelectorAll("textarea[data-rich-text]").forEach(mount);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
