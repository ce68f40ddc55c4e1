// "Copy link" under a labelled section's heading (ext/permalinks.py): a button that opens two
// ways to copy the section's address, from file:// and http(s):// alike:
//   the full URL (page address + "#<id>"), or a Markdown link for a wiki, [<title>](<URL>),
//   with the section's title as the page shows it (Japanese in the Japanese edition).
// Keyboard: Enter or Space opens and closes, Tab reaches the two options, Escape closes and
// returns to the button. Without this script the link leads to the anchor, as a plain link.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers, and pages served over plain http: a hidden text field and "copy".
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      document.body.removeChild(field);
      if (copied) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function sectionUrl(link) {
    return new URL(link.getAttribute("href"), window.location.href).href;
  }

  // Markdown: brackets and backslashes in the title are escaped; parentheses in the URL are
  // percent-encoded, so the link ends where it should in every Markdown renderer.
  function markdownLink(link) {
    var title = link.getAttribute("data-title").replace(/([\\\[\]])/g, "\\$1");
    var url = sectionUrl(link).replace(/\(/g, "%28").replace(/\)/g, "%29");
    return "[" + title + "](" + url + ")";
  }

  function textFor(link, format) {
    return format === "markdown" ? markdownLink(link) : sectionUrl(link);
  }

  function menuOf(link) {
    return document.getElementById(link.getAttribute("aria-controls"));
  }

  var open = null;  // the link whose menu is open

  function setOpen(link, wanted) {
    var menu = menuOf(link);
    if (wanted && open && open !== link) { setOpen(open, false); }
    menu.hidden = !wanted;
    link.setAttribute("aria-expanded", wanted ? "true" : "false");
    if (wanted) {
      menu.querySelectorAll(".section-permalink__option").forEach(function (option) {
        option.querySelector(".section-permalink__preview").textContent = textFor(link, option.getAttribute("data-format"));
      });
    }
    open = wanted ? link : (open === link ? null : open);
  }

  function announce(link, words) {
    var label = link.querySelector(".section-permalink__label");
    var text = label.getAttribute("data-label") || label.textContent;
    label.setAttribute("data-label", text);
    label.textContent = words;
    link.classList.add("is-copied");
    setTimeout(function () { label.textContent = text; link.classList.remove("is-copied"); }, 2000);
  }

  document.querySelectorAll("a.section-permalink__link").forEach(function (link) {
    if (!menuOf(link)) { return; }
    link.setAttribute("role", "button");  // it opens a menu now; the href stays for no-script readers
    link.setAttribute("aria-expanded", "false");
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target.closest && target.closest("a.section-permalink__link");
    if (link && menuOf(link)) {
      event.preventDefault();
      setOpen(link, link.getAttribute("aria-expanded") !== "true");
      return;
    }
    var option = target.closest && target.closest("button.section-permalink__option");
    if (option) {
      var owner = option.closest("p.section-permalink").querySelector("a.section-permalink__link");
      var text = textFor(owner, option.getAttribute("data-format"));
      history.replaceState(null, "", sectionUrl(owner));  // the address bar shows the permanent URL too
      copyText(text).then(function () {
        setOpen(owner, false);
        owner.focus();
        announce(owner, option.getAttribute("data-copied"));
      }, function () {
        // no clipboard: select the text shown in the option, so the reader can copy it by hand
        var range = document.createRange();
        range.selectNodeContents(option.querySelector(".section-permalink__preview"));
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
      return;
    }
    if (open && !(target.closest && target.closest(".section-permalink__menu"))) {
      setOpen(open, false);  // a click anywhere else closes the menu
    }
  });

  document.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest("a.section-permalink__link");
    if (link && menuOf(link) && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();  // a button opens on Space too (a link would scroll the page)
      setOpen(link, link.getAttribute("aria-expanded") !== "true");
    } else if (event.key === "Escape" && open) {
      var was = open;
      setOpen(was, false);
      was.focus();
    }
  });
})();
