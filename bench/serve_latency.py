#!/usr/bin/env python3
"""Edit-to-reload latency of `gongkai serve`.

Starts `gongkai serve --root SITE --port P`, waits for the first build, listens to the
server-sent events at /__gongkai/events, then repeatedly edits one published document and
measures from the file write to the event naming the page (`data: {"v":N,"paths":[...]}`;
`data: reload` from older servers); after each reload it fetches the
document's page and checks that the new text is served. Prints min / median / max, beside the
server's own figures (fast-path page update and search-index refresh, or full-rebuild stages,
from its output with GONGKAI_TIMINGS=1).

    python3 bench/serve_latency.py --site /tmp/corpus-10k/gongkai [--edits 10]
        [--mode body|summary] [--atomic] [--burst] [--no-drafts] [--perf FILE]

--mode body appends a line to the body (the preview's fast path); --mode summary changes the
front matter (a full in-memory rebuild). Each edit waits until the server is idle (its summary
line printed) unless --burst. The site is copied to a scratch folder first (--in-place to skip),
so the shared corpus is never modified. Standard library only.
"""

import argparse
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick_document(site, manifest):
    """A published document: the first one that no withheld list names."""
    withheld = set()
    if manifest and os.path.exists(manifest):
        withheld = {w["path"] for w in json.load(open(manifest, encoding="utf-8"))["withheld"]}
    docs = os.path.join(site, "content", "documents")
    for name in sorted(os.listdir(docs)):
        rel = f"content/documents/{name}"
        if name.endswith(".md") and rel not in withheld:
            head = open(os.path.join(docs, name), encoding="utf-8").read(2000)
            if "slug:" not in head and "classification: public" in head and "status: approved" in head:
                return rel
    sys.exit("no published document found")


class Server:
    """The serve process; its output lines go to a queue (and a log)."""

    def __init__(self, binary, site, port, log, drafts):
        self.lines = queue.Queue()
        self.log = open(log, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [binary, "serve", "--root", site, "--port", str(port)] + ([] if drafts else ["--no-drafts"]),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "GONGKAI_TIMINGS": "1", "GONGKAI_LANG": "en"},
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.write(f"{time.monotonic():.6f} {line}")
            self.log.flush()
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), None))

    def wait_for(self, pattern, timeout):
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no line matching {pattern!r} within {timeout} s")
            t, line = self.lines.get(timeout=left)
            if line is None:
                raise RuntimeError(f"server exited with {self.proc.wait()}")
            m = re.search(pattern, line)
            if m:
                return t, m

    def drain(self):
        out = []
        while True:
            try:
                out.append(self.lines.get_nowait())
            except queue.Empty:
                return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Events:
    """A raw-socket client of the SSE stream; each `data:` line goes to a queue with its time."""

    def __init__(self, port):
        self.queue = queue.Queue()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall(
            b"GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.sock.settimeout(None)
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(10):
            raise TimeoutError("no response from the event stream")

    def _read(self):
        buf = b""
        while True:
            chunk = self.sock.recv(65536)
            now = time.monotonic()
            if not chunk:
                self.queue.put((now, None))
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.rstrip(b"\r")
                if line.startswith(b"HTTP/1.1 200") or line.startswith(b"retry:"):
                    self.ready.set()
                if line.startswith(b"data:"):
                    self.queue.put((now, line[5:].strip().decode()))

    def next(self, timeout):
        t, data = self.queue.get(timeout=timeout)
        if data is None:
            raise RuntimeError("event stream closed")
        return t, data

    def drain(self):
        n = 0
        while True:
            try:
                self.queue.get_nowait()
                n += 1
            except queue.Empty:
                return n


SERVER_LINE = (
    # The search index is refreshed on another thread after the reload; older servers printed
    # its time on the same line.
    r"(?:updated \d+ page\(s\) in (?P<fast>\d+) ms(?: \(search index refreshed in (?P<search>\d+) ms\))?)"
    r"|(?:rebuil(?:t|d failed) in (?P<full>\d+) ms.*?(?:\[(?P<stages>[^\]]*)\])?$)"
)


def parse_server_line(m):
    if m.group("fast"):
        search = m.group("search")
        return {"path": "fast", "server_ms": int(m.group("fast")), "search_ms": int(search) if search else None}
    return {"path": "full", "server_ms": int(m.group("full")), "stages": m.group("stages")}


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.read().decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", default="/tmp/corpus-10k/gongkai", help="the gongkai site (holding site.yaml)")
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/gongkai"))
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--doc", help="the document to edit, relative to the site (default: a published one)")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds of quiet between edits")
    ap.add_argument("--timeout", type=float, default=120, help="seconds to wait for one reload")
    ap.add_argument("--in-place", action="store_true", help="edit the site itself (restored afterwards)")
    ap.add_argument(
        "--mode",
        choices=["body", "summary"],
        default="body",
        help="body: append a line to the body; summary: change the front matter's summary",
    )
    ap.add_argument(
        "--burst",
        action="store_true",
        help="do not wait for the server to finish its work (search index) before the next edit",
    )
    ap.add_argument("--atomic", action="store_true", help="save like an editor: write a temp file, rename it over")
    ap.add_argument(
        "--no-drafts",
        action="store_true",
        help="pass --no-drafts (hide pending and scheduled entries, as a real build does); "
        "by default the preview shows them, as `gongkai serve` does",
    )
    ap.add_argument("--log", default="/tmp/gongkai-serve-latency.log", help="the server's output, with times")
    ap.add_argument("--perf", metavar="FILE", help="perf record -g the server during the edits into FILE")
    ap.add_argument("--perf-freq", type=int, default=499)
    ap.add_argument("--json", metavar="FILE", help="write the raw numbers here")
    args = ap.parse_args()

    site = os.path.abspath(args.site)
    manifest = os.path.join(os.path.dirname(site), "manifest.json")
    scratch = None
    if not args.in_place:
        scratch = tempfile.mkdtemp(prefix="gongkai-serve-")
        t = time.monotonic()
        shutil.copytree(site, os.path.join(scratch, "site"), symlinks=True)
        site = os.path.join(scratch, "site")
        print(f"copied the site to {site} ({time.monotonic() - t:.1f} s)")
    doc = args.doc or pick_document(site, manifest)
    path = os.path.join(site, doc)
    original = open(path, "rb").read()
    url_path = "/documents/" + os.path.splitext(os.path.basename(doc))[0] + "/"

    port = free_port()
    log = args.log
    print(f"load average {open('/proc/loadavg').read().split()[:3]} (before)")
    t0 = time.monotonic()
    server = Server(args.bin, site, port, log, not args.no_drafts)
    perf = None
    try:
        _, m = server.wait_for(r"rebuil(?:t|d failed) in (\d+) ms(?:: (\d+) published, (\d+) withheld)?", 900)
        if "failed" in m.group(0):
            sys.exit(f"the first build failed: {m.string} (server output in {log})")
        server.wait_for(r"serving .* at http://", 30)
        first_wall = time.monotonic() - t0
        print(
            f"first build: {m.group(1)} ms in the server ({first_wall:.2f} s to serving), "
            f"{m.group(2)} published, {m.group(3)} withheld; pid {server.proc.pid}, port {port}"
        )
        base = f"http://127.0.0.1:{port}"
        status, body = fetch(base + url_path)
        if status != 200:
            sys.exit(f"{url_path}: HTTP {status}")
        events = Events(port)
        print(
            f"editing {doc} (served at {url_path}) {args.edits} times: {args.mode}, "
            f"{'atomic rename' if args.atomic else 'written in place'}, {args.pause} s apart"
            f"{', not waiting for the server to go idle' if args.burst else ''}"
        )

        if args.perf:
            perf = subprocess.Popen(
                ["perf", "record", "-g", "-F", str(args.perf_freq), "-p", str(server.proc.pid), "-o", args.perf],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            time.sleep(1.0)

        rows = []
        for i in range(1, args.edits + 1):
            time.sleep(args.pause)
            extra = events.drain()
            if not args.burst:
                server.drain()
            marker = f"基准修改{i:02d}-{os.getpid()}-{time.time_ns() % 10**9}"
            current = open(path, "rb").read()
            if args.mode == "body":
                # Append a line to the body.
                new_bytes = current + f"\n\n第{i}次修改：{marker}。\n".encode("utf-8")
            else:
                # Change the front matter's summary (shown in lists, the catalogue, feeds, meta tags).
                text = original.decode("utf-8")
                new_bytes = re.sub(r"(?m)^(summary: .*)$", lambda mm: f"{mm.group(1)}（{marker}）", text, count=1).encode()
            if args.atomic:
                tmp = path + ".tmp"
                with open(tmp, "wb") as f:
                    f.write(new_bytes)
                t_write = time.monotonic()
                os.rename(tmp, path)
            elif args.mode == "body":
                with open(path, "ab") as f:
                    t_write = time.monotonic()
                    f.write(new_bytes[len(current):])
            else:
                with open(path, "wb") as f:
                    t_write = time.monotonic()
                    f.write(new_bytes)
            t_event, data = events.next(args.timeout)
            # `reload` from older servers; now a JSON event that names the changed pages.
            while data != "reload" and not (data.startswith("{") and f'"{url_path}"' in data):
                t_event, data = events.next(args.timeout)
            latency = (t_event - t_write) * 1000
            status, body = fetch(base + url_path)
            served = status == 200 and marker in body
            t_fetch = time.monotonic()
            row = {"edit": i, "latency_ms": latency, "served": served, "fetch_ms": (t_fetch - t_event) * 1000,
                   "extra_events_before": extra, "path": None, "server_ms": None, "search_ms": None, "stages": None}
            if not args.burst:
                # The server prints its line after the reload (the fast path: after the search
                # index refresh too); the next edit waits for it, so each edit finds the server idle.
                try:
                    _, mm = server.wait_for(SERVER_LINE, args.timeout)
                    row.update(parse_server_line(mm))
                except (TimeoutError, queue.Empty):
                    pass
            rows.append(row)
            how = {"fast": "fast path: page", "full": "full rebuild", None: "server"}[row["path"]]
            extra_txt = f", search index +{row['search_ms'] - row['server_ms']} ms after the reload" if row["search_ms"] else ""
            stages = f" [{row['stages']}]" if row["stages"] else ""
            print(
                f"  edit {i:2d}: {latency:7.1f} ms write→reload   {how} {row['server_ms']} ms{extra_txt}{stages}   "
                f"page {'has the new text' if served else 'MISSING the new text'}"
            )
        time.sleep(args.pause)
        late = events.drain()
    finally:
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait()
        server.stop()
        open(path, "wb").write(original)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    lat = [r["latency_ms"] for r in rows]
    print(f"load average {open('/proc/loadavg').read().split()[:3]} (after)")
    print("\n| | min | median | max |")
    print("|---|---:|---:|---:|")
    print(f"| file write → `data: reload` | {min(lat):.0f} ms | {statistics.median(lat):.0f} ms | {max(lat):.0f} ms |")
    for kind, label in (("fast", "server: page updated (fast path)"), ("full", "server: full rebuild")):
        srv = [r["server_ms"] for r in rows if r["path"] == kind]
        if srv:
            print(f"| {label}, {len(srv)} edit(s) | {min(srv)} ms | {statistics.median(srv):.0f} ms | {max(srv)} ms |")
    srch = [r["search_ms"] - r["server_ms"] for r in rows if r["search_ms"] is not None]
    if srch:
        print(f"| server: search index refresh after the reload | {min(srch)} ms | {statistics.median(srch):.0f} ms | {max(srch)} ms |")
    bad = [r["edit"] for r in rows if not r["served"]]
    extra = sum(r["extra_events_before"] for r in rows[1:]) + late
    print(f"\nnew text served after every reload: {'yes' if not bad else 'NO, edits ' + str(bad)}")
    print(f"extra reload events (a second rebuild for one save): {extra}")
    if args.perf:
        print(f"perf data: {args.perf}  (perf report -i {args.perf} --no-children)")
    if args.json:
        json.dump(
            {"site": args.site, "doc": doc, "mode": args.mode, "first_build_s": first_wall, "edits": rows},
            open(args.json, "w"),
            indent=1,
        )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
