#!/usr/bin/env python3
"""Correctness of one gongkai build of the shared benchmark corpus.

    bench/check_output.py CORPUS OUTPUT LOG [BINARY]

CORPUS  the corpus folder (holds manifest.json; gongkai's site is CORPUS/gongkai)
OUTPUT  the folder gongkai built into, from empty (a full build)
LOG     gongkai's stdout and stderr of that build (the `withheld:` lines and the summary line)
BINARY  the gongkai binary that built it (default target/release/gongkai next to this folder);
        a leak-test hit on a string that is a constant in the binary is theme text, not a leak

Checks: the withheld count in the summary and the number of `withheld:` lines equal the
manifest's entries.withheld; the published count equals the manifest's published entries plus
pages and journal indexes; no marker string of any withheld file occurs anywhere in the output
(one `grep -rFoa -f`); no withheld attachment was copied. Prints a report and exits 0 on PASS,
1 on FAIL, 2 when it cannot check (no manifest, no summary line, grep error).
Used by bench/run.sh and bench/scale.sh.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

# The summary line: `built 10630 pages (14099 files: 14099 written, 0 unchanged, 0 removed) into
# DIR: 9705 published, 300 withheld, 647 warning(s), 4.12s`. The first word may change (e.g.
# `up to date:`), so match from the page count on.
SUMMARY = re.compile(r"(\d+) pages \((\d+) files.*?: (\d+) published, (\d+) withheld")


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    c, out, log = argv[1:4]
    binary = argv[4] if len(argv) == 5 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "gongkai")
    try:
        m = json.load(open(os.path.join(c, "manifest.json"), encoding="utf-8"))
    except OSError as e:
        print(f"cannot read the manifest: {e}", file=sys.stderr)
        return 2
    text = open(log, encoding="utf-8", errors="replace").read()
    summary = SUMMARY.search(text)
    if not summary:
        print("no summary line in " + log, file=sys.stderr)
        return 2
    pages, files, published, withheld = map(int, summary.groups())
    lines = len(re.findall(r"^withheld: ", text, re.M))
    want = m["entries"]["withheld"]
    html = sum(1 for d, _, fs in os.walk(out) for f in fs if f.endswith(".html"))
    ok = True
    print(f"pages built         {pages} ({files} files, {html} .html) — {published} entries published")
    flag = "ok" if withheld == want == lines else "MISMATCH"
    ok &= flag == "ok"
    print(f"withheld            {withheld} in the summary, {lines} 'withheld:' lines; manifest entries.withheld = {want}: {flag}")
    want_pub = m["entries"]["published"] + m["entries"].get("plus_pages", 0) + m["entries"].get("plus_journal_indexes", 0)
    flag = "ok" if published == want_pub else "MISMATCH"
    ok &= flag == "ok"
    print(f"published           {published}; manifest published + pages + journal indexes = {want_pub}: {flag}")

    # Leak test: every marker of every withheld file, grep -rF over the whole output. One grep
    # with all the markers as fixed strings (-f) reads the output once; -a so binary files are
    # searched as text, -o so each hit is printed and counted per marker.
    markers = sorted({s for w in m["withheld"] for s in w["markers"] if s})
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write("\n".join(markers) + "\n")
        pat = f.name
    try:
        r = subprocess.run(["grep", "-rFoa", "-f", pat, out], capture_output=True, text=True,
                           errors="replace", env={**os.environ, "LC_ALL": "C"})
    finally:
        os.unlink(pat)
    if r.returncode not in (0, 1):
        print("grep failed: " + r.stderr, file=sys.stderr)
        return 2
    hits = [l for l in r.stdout.splitlines() if l]
    print(f"leak check          grep -rF of {len(markers)} markers of {len(m['withheld'])} withheld files: {len(hits)} hit(s)")
    # A marker can collide with text of gongkai's built-in theme (the search page's example 文号
    # 云政发〔2022〕5号 is also a withheld document's number at N=10000). A string that is a
    # constant in the binary did not come from the content; every other hit is a leak.
    theme = open(binary, "rb").read()
    leaks = 0
    for l in hits:
        marker = l.split(":", 1)[1] if ":" in l else l
        if marker.encode() in theme:
            print("  hit in theme text, not from content:", l)
        else:
            print("  LEAK", l)
            leaks += 1
    print(f"                    {leaks} leak(s) from content")
    ok &= not leaks
    # Withheld attachments must not be copied (their file names are unique to them).
    names = {os.path.basename(a) for w in m["withheld"] for a in w.get("attachments", [])}
    copied = [os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs if f in names]
    print(f"withheld attachments {len(names)} names; copied into the output: {len(copied)}")
    for p in copied[:20]:
        print("  LEAK", p)
    ok &= not copied
    print("correctness         " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
