"""`make bench-pages`: Lighthouse (mobile, default throttling) on the built site, served
locally with gzip like a CDN would.

Prints, per page and edition: the four category scores, bytes transferred, the metrics the
performance score is made of (first and largest contentful paint, total blocking time,
cumulative layout shift), and how many requests went to another host (must be 0).

Needs: `npm ci` in bench/ (lighthouse 12.2.3, from bench/package-lock.json) and Debian's
chromium at /usr/bin/chromium (CHROME_PATH). No browser is ever downloaded.

    python bench/pages.py [--build _build/html] [--runs 1] [--pages index,cases/outputs-tensor]
"""

import argparse
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".ipynb"}
# the index, a case page, the errors page and the cheatsheet: the pages the weight targets name
DEFAULT_PAGES = ["index", "cases/outputs-tensor", "topics/errors", "cheatsheet"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzip-compressed (level 6, as CDNs do) when accepted."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            self.send_error(404)
            return None
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def serve(directory):
    handler = partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lighthouse(url, chrome, keep=None):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        ]
        env = dict(os.environ, CHROME_PATH=chrome)
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        report = json.loads(out.read_text())
        if keep:  # the whole report, for a look at the failing audits
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / (urlsplit(url).path.strip("/").replace("/", "_") + ".json")).write_text(out.read_text())
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    foreign = [r["url"] for r in requests if urlsplit(r["url"]).hostname not in ("127.0.0.1", None)]
    return {
        **{c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "requests": len(requests),
        "benchmark_index": report["environment"]["benchmarkIndex"],  # this machine's speed, as Lighthouse sees it
        "foreign": foreign,
        "failed": [a for a in ("errors-in-console",) if audits.get(a, {}).get("score") == 0],
    }


def median_run(url, chrome, runs, keep=None):
    results = [lighthouse(url, chrome, keep) for _ in range(runs)]
    if runs == 1:
        return results[0]
    merged = dict(results[0])
    for key in CATEGORIES + ["kb", "fcp", "lcp", "tbt", "cls"]:
        merged[key] = statistics.median(r[key] for r in results)
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--langs", default="en,ja")
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES))
    parser.add_argument("--runs", type=int, default=1, help="median of this many Lighthouse runs")
    parser.add_argument("--keep", help="folder for the full JSON reports")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()

    build = Path(args.build)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run `npm ci` in {HERE}")
    server = serve(build)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    header = f"{'edition':7} {'page':28} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'KB':>7} {'FCP s':>5} {'LCP s':>5} {'TBT ms':>6} {'CLS':>5} {'req':>4} {'other hosts':>11}"
    print(f"Lighthouse 12.2.3, mobile, default throttling; gzip server; median of {args.runs} run(s)")
    print(header)
    print("-" * len(header))
    problems, speeds = [], []
    for lang in args.langs.split(","):
        for choice in args.pages.split(","):
            page = next((p for p in choice.split("|") if (build / lang / f"{p}.html").exists()), None)
            if page is None:
                print(f"{lang:7} {choice:28} (not built)")
                continue
            r = median_run(f"{base}/{lang}/{page}.html", args.chrome, args.runs, args.keep)
            print(
                f"{lang:7} {page:28} {r['performance']:4.0f} {r['accessibility']:4.0f} "
                f"{r['best-practices']:4.0f} {r['seo']:4.0f} {r['kb']:7.1f} {r['fcp']:5.2f} {r['lcp']:5.2f} "
                f"{r['tbt']:6.0f} {r['cls']:5.3f} "
                f"{r['requests']:4d} {len(r['foreign']):11d}",
                flush=True,
            )
            problems += [f"{lang}/{page}: request to {u}" for u in r["foreign"]]
            speeds.append(r["benchmark_index"])
    server.shutdown()
    if speeds:  # Lighthouse's throttling assumes a machine of about 1500 or more
        print(f"benchmarkIndex {min(speeds):.0f}-{max(speeds):.0f} (first run of each row)")
    for p in problems:
        print(p)


if __name__ == "__main__":
    main()
