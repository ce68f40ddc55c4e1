// A search result's snippet is text of the page's article. Sphinx takes the text of the
// page's [role="main"], which in this theme also holds the article header's buttons
// ("日本語 .ipynb .md .pdf … Light Dark"), the print-only table of contents, the Contents
// column, the previous/next links and each section's "Copy link" menu; a snippet of a word
// found there showed those instead of the page's sentences.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") {
    throw new Error("search-snippets.js: Sphinx's searchtools.js has no Search.htmlToText any more");
  }
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const main = page.querySelector('[role="main"]');
    const article = main && main.querySelector("article");
    if (!article) return htmlToText(htmlString, anchor); // a page without the theme's article
    article.querySelectorAll(".section-permalink").forEach((el) => el.remove());
    // A glossary result points at its term (a <dt>), whose text alone is the title again:
    // the snippet reads on into the term's definition.
    const term = anchor && article.querySelector(anchor);
    if (term && term.tagName === "DT") {
      let definition = term.nextElementSibling;
      while (definition && definition.tagName === "DT") definition = definition.nextElementSibling;
      if (definition) term.append(" ", ...definition.cloneNode(true).childNodes);
    }
    main.replaceChildren(article);
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
});
