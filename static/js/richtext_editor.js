/* The staff's rich-text editor: a toolbar over an editable copy of a <textarea data-richtext>.
 *
 * Why our own: the strict CSP allows no inline script (django-prose-editor's widget renders an
 * inline import map) and the pages' budget is small; the browser's editing commands give
 * paragraphs, headings, lists, bold and links in a few lines. The textarea keeps the HTML and
 * is what the form posts; the server sanitizes it (moc_portal/core/richtext.py), so nothing
 * here is trusted. Pasted HTML is reduced to the same tags before it enters the page, so the
 * editor itself never holds a style="" or an inline handler (the CSP would report each).
 */
(function () {
  "use strict";

  var KEEP = {
    P: 1, BR: 1, H2: 1, H3: 1, H4: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, S: 1,
    UL: 1, OL: 1, LI: 1, A: 1, BLOCKQUOTE: 1
  };
  var DROP = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, HEAD: 1, TITLE: 1, META: 1 };
  var SAFE_LINK = /^(https?:|mailto:|tel:)/i;

  var BUTTONS = [
    { label: "Абзац", title: "Обычный абзац", command: "formatBlock", value: "p" },
    { label: "Заголовок", title: "Заголовок раздела", command: "formatBlock", value: "h2" },
    { label: "Подзаголовок", title: "Подзаголовок", command: "formatBlock", value: "h3" },
    { label: "Ж", title: "Полужирный", command: "bold", className: "richtext-bold" },
    { label: "К", title: "Курсив", command: "italic", className: "richtext-italic" },
    { label: "• Список", title: "Маркированный список", command: "insertUnorderedList" },
    { label: "1. Список", title: "Нумерованный список", command: "insertOrderedList" },
    { label: "Ссылка", title: "Сделать выделенный текст ссылкой", command: "link" },
    { label: "Без ссылки", title: "Убрать ссылку", command: "unlink" },
    { label: "HTML", title: "Показать код HTML", command: "source", pressed: false }
  ];

  /* A copy of `source`'s children with only the allowed tags (others unwrapped). */
  function cleaned(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== 1 || DROP[node.tagName]) return;
      var into = target;
      if (KEEP[node.tagName]) {
        into = document.createElement(node.tagName.toLowerCase());
        if (node.tagName === "A") {
          var href = (node.getAttribute("href") || "").trim();
          if (SAFE_LINK.test(href)) into.setAttribute("href", href);
        }
        target.appendChild(into);
      }
      cleaned(node, into);
    });
    return target;
  }

  /* Text typed before the editor (no tags at all): its lines kept as paragraphs. */
  function paragraphsOf(text) {
    var box = document.createElement("div");
    text.split(/\n\s*\n/).forEach(function (block) {
      if (!block.trim()) return;
      var paragraph = document.createElement("p");
      block.trim().split("\n").forEach(function (line, index) {
        if (index) paragraph.appendChild(document.createElement("br"));
        paragraph.appendChild(document.createTextNode(line));
      });
      box.appendChild(paragraph);
    });
    return box.innerHTML;
  }

  /* The allowed part of some markup, as nodes of this page. Style blocks and attributes go
   * before the markup is parsed: even an inert parse reports them to the CSP. */
  function cleanedBox(markup) {
    markup = markup
      .replace(/<(style|script)[\s\S]*?<\/\1\s*>/gi, "")
      .replace(/\s(style|on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "");
    var parsed = new DOMParser().parseFromString(markup, "text/html");
    return cleaned(parsed.body, document.createElement("div"));
  }

  function htmlOf(markup) {
    if (!/<[a-z!\/]/i.test(markup)) return paragraphsOf(markup.replace(/\r\n?/g, "\n"));
    return cleanedBox(markup).innerHTML;
  }

  /* Pasted nodes go in by hand: the browser's insertHTML would add style="" of its own. */
  function insertNodes(box) {
    var selection = window.getSelection();
    if (!selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    range.deleteContents();
    var last = box.lastChild;
    var fragment = document.createDocumentFragment();
    while (box.firstChild) fragment.appendChild(box.firstChild);
    range.insertNode(fragment);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  function setUp(textarea) {
    var wrapper = document.createElement("div");
    wrapper.className = "richtext";
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Оформление текста");
    var area = document.createElement("div");
    area.className = "richtext-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
    }
    area.innerHTML = htmlOf(textarea.value) || "<p><br></p>";

    function sync() {
      if (!textarea.hidden) return;
      var html = area.innerHTML;
      textarea.value = /^(<p>(<br>)?<\/p>|<br>)?$/.test(html) ? "" : html;
    }

    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec.label;
      button.title = spec.title;
      button.className = "richtext-button" + (spec.className ? " " + spec.className : "");
      if (spec.pressed !== undefined) button.setAttribute("aria-pressed", "false");
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection in the text
      });
      button.addEventListener("click", function () {
        if (spec.command === "source") {
          var showing = textarea.hidden;
          if (!showing) area.innerHTML = htmlOf(textarea.value) || "<p><br></p>";
          else sync();
          textarea.hidden = !showing;
          area.hidden = showing;
          button.setAttribute("aria-pressed", String(showing));
          (showing ? textarea : area).focus();
          return;
        }
        if (!textarea.hidden) return;
        area.focus();
        if (spec.command === "link") {
          var href = window.prompt("Адрес ссылки (https://…):", "https://");
          if (!href) return;
          href = href.trim();
          if (!SAFE_LINK.test(href)) href = "https://" + href.replace(/^\/+/, "");
          document.execCommand("createLink", false, href);
        } else {
          document.execCommand(spec.command, false, spec.value || null);
        }
        sync();
      });
      toolbar.appendChild(button);
    });

    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) return;
      event.preventDefault();
      var markup = data.getData("text/html");
      if (markup) {
        insertNodes(cleanedBox(markup));
      } else {
        document.execCommand("insertText", false, data.getData("text/plain"));
      }
      sync();
    });
    if (textarea.form) textarea.form.addEventListener("submit", sync);

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    wrapper.appendChild(textarea);
    textarea.hidden = true;
  }

  function start() {
    try {
      document.execCommand("defaultParagraphSeparator", false, "p");
    } catch (error) {
      /* older browsers keep <div>; the server turns nothing into markup it would not keep */
    }
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-richtext]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
