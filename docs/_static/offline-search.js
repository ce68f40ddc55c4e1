// From file:// the browser refuses fetch() of the result pages (no CORS for files), which
// Sphinx's search uses for each result's snippet: every result then threw "Failed to fetch".
// Opened from disk, the search lists titles only; served over HTTP it shows snippets.
if (location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}
