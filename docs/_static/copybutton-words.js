// sphinx-copybutton 0.5.2 knows no Japanese: in an edition it has no words for, the words of
// its `messages` table (read when a button is made or clicked) and of its icons' <title> are
// looked up in the page's translations.js (docs/locale/<lang>/LC_MESSAGES/sphinx.js).
// The copy buttons are made when copybutton.js runs, right before this script (both wait for the
// reader's first sign of use: conf.py lean_theme_scripts_on_intent); the page's catalog is there
// once every deferred script has run, at DOMContentLoaded.
const translateCopyButtons = () => {
  if (typeof messages === "undefined" || typeof locale === "undefined" || !messages[locale]) {
    console.error("copybutton-words.js: sphinx-copybutton's `messages` and `locale` are gone");
    return;
  }
  if (locale === document.documentElement.lang) return; // copybutton speaks this language
  const words = messages[locale];
  const before = { ...words };
  for (const key of Object.keys(words)) words[key] = Documentation.gettext(before[key]);
  const retitle = (svg, key) =>
    svg.replace(`<title>${before[key]}</title>`, `<title>${words[key]}</title>`);
  iconCopy = retitle(iconCopy, "copy_to_clipboard");
  iconCheck = retitle(iconCheck, "copy_success");
  document.querySelectorAll("button.copybtn").forEach((button) => {
    button.setAttribute("data-tooltip", words.copy);
    button.innerHTML = iconCopy;
  });
};
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", translateCopyButtons);
} else {
  translateCopyButtons();
}
