// Japanese for the words that JavaScript writes: Sphinx's search page and the copy button of
// code cells (docs/_static/copybutton-words.js). Sphinx copies this file as translations.js
// instead of its own Japanese one, which leaves the result count empty; every message the
// shipped scripts ask for is here (tests/test_ui_language.py checks it).
Documentation.addTranslations({
    "locale": "ja",
    "messages": {
        ", in ": "、",
        "Copied!": "コピーしました",
        "Copy": "コピー",
        "Copy to clipboard": "クリップボードにコピー",
        "Failed to copy": "コピーできませんでした",
        "Hide Search Matches": "検索語の強調表示を消す",
        "Preparing search...": "検索を準備しています…",
        "Search Results": "検索結果",
        "Search finished, found one page matching the search query.": [
            "検索語に一致するページが ${resultCount} 件見つかりました。"
        ],
        "Searching": "検索中",
        "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.": "検索語に一致するページはありませんでした。入力した語を確かめるか、語の数を減らしてみてください。"
    },
    "plural_expr": "0"
});
