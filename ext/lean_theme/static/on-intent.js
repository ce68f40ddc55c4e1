// Scripts that only serve the reader's actions run at the reader's first sign of use instead of
// at load: a pointer over the page, a touch, a key, focus or a scroll of the page. They are the
// theme's bootstrap.js (Bootstrap + Popper, 80 KB: the header's tooltips and dropdowns; run at
// load it was the longest script task of every page) and the scripts conf.py lists in
// lean_theme_scripts_on_intent (the copy buttons, the section-link menus). Until they run, the
// buttons' native `title` tooltips show and a section link is a plain link to its anchor.
// A click on an element of data-replay that comes before they are ready is replayed once they
// are (or once loading fails: then the element does what it does without them).
// The script marking a search's words (data-on-search-words) loads at once, and only when a
// search result led here. ext/lean_theme writes this script's tag where bootstrap.js's was.
(() => {
  const own = document.currentScript.dataset;
  const onIntent = own.onIntent.split(" ").filter(Boolean);
  const replay = own.replay;
  const intents = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown"];
  let loading = null;
  let ready = false;

  // Inserted with async = false: fetched in parallel, run in the order listed (copybutton.js
  // needs clipboard.min.js before it).
  function add(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });
  }

  function load() {
    if (!loading) {
      intents.forEach((type) => window.removeEventListener(type, load, true));
      window.removeEventListener("scroll", load);
      loading = Promise.allSettled(onIntent.map(add)).then((results) => {
        results.filter((r) => r.status === "rejected").forEach((r) => console.error(r.reason));
        ready = true;
      });
    }
    return loading;
  }

  intents.forEach((type) => window.addEventListener(type, load, { capture: true, passive: true }));
  // The page's own scroll only: listened to without capture, so the scroll the theme gives its
  // sidebar at load (to show the current page's entry) does not count as the reader's.
  window.addEventListener("scroll", load, { passive: true });

  document.addEventListener("click", (event) => {
    const target = !ready && replay && event.target.closest && event.target.closest(replay);
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    load().then(() => target.click());
  }, true);

  if (own.onSearchWords) {
    let searched = new URL(location.href).searchParams.has("highlight");
    try {
      searched ||= localStorage.getItem("sphinx_highlight_terms") !== null;
    } catch (e) {
      // storage refused (a privacy setting): only the address can tell
    }
    if (searched) add(own.onSearchWords).catch((error) => console.error(error));
  }
})();
