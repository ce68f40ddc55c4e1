/* Japanese search (ext/ja_search.py): the query is cut into the units the index holds.
 * Sphinx's searchtools.js calls splitQuery(query) and lowercases each unit. The patterns
 * are ja_search.py's, written in here when the site is built; normalise() as there. */
var splitQuery = (query) => {
  const text = query
    .normalize("NFKC")
    .replace(new RegExp("@KANJI_COUNT@", "gu"), (k) => String("@KANJI_DIGITS@".indexOf(k) + 1));
  const units = text.match(new RegExp("@UNIT@", "gu"));
  return units || text.match(new RegExp("@HIRAGANA@", "gu")) || [];
};
