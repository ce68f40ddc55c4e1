// "Copy link" under a labelled section's heading (ext/permalinks.py): copy the full URL
// of that section, page address + "#<id>", from file:// and http(s):// alike.
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

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.section-permalink__link");
    if (!link) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href).href;
    event.preventDefault();
    history.replaceState(null, "", url);  // the address bar shows the permanent URL too
    copyText(url).then(function () {
      var label = link.querySelector(".section-permalink__label");
      var text = label.textContent;
      label.textContent = link.getAttribute("data-copied");
      link.classList.add("is-copied");
      setTimeout(function () { label.textContent = text; link.classList.remove("is-copied"); }, 2000);
    }, function () {
      window.location.hash = link.getAttribute("href");  // no clipboard: at least go there
    });
  });
})();
