// The theme's bootstrap.js (Bootstrap + Popper, 80 KB) serves only the header: tooltips, the
// colour-mode and download dropdowns, and the back-to-top button. Run at load it was the longest
// script task of every page (~200 ms of Total Blocking Time in Lighthouse's mobile run), so it now
// runs at the reader's first sign of use instead: a pointer over the page, a touch, a key, focus
// or a scroll of the page. Until then the buttons' native `title` tooltips show. A click on a dropdown that
// comes before the script is ready opens that dropdown once it is. ext/lean_theme puts this
// file where bootstrap.js was, with bootstrap.js's address in data-bootstrap.
(() => {
  const src = document.currentScript.dataset.bootstrap;
  const intents = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown"];
  // The page's own scroll only: listened to without capture, so the scroll the theme gives its
  // sidebar at load (to show the current page's entry) does not count as the reader's.
  let loading = null;

  function load() {
    if (!loading) {
      intents.forEach((type) => window.removeEventListener(type, load, true));
      window.removeEventListener("scroll", load);
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.append(script);
      });
    }
    return loading;
  }

  intents.forEach((type) => window.addEventListener(type, load, { capture: true, passive: true }));
  window.addEventListener("scroll", load, { passive: true });
  document.addEventListener("click", (event) => {
    const toggle = event.target.closest && event.target.closest('[data-bs-toggle="dropdown"]');
    if (!toggle || window.bootstrap) return; // once loaded, Bootstrap's own handler opens it
    load().then(() => window.bootstrap.Dropdown.getOrCreateInstance(toggle).toggle());
  }, true);
})();
