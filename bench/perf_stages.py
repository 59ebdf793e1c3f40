#!/usr/bin/env python3
"""Where a gongkai profile's time goes, by pipeline stage.

    perf record -g -F 499 -o build.perf.data -- target/release/gongkai build ...
    python3 bench/perf_stages.py build.perf.data

Each sample goes to the first stage below whose pattern matches any frame of its call stack
(so the HTML minifier called from page rendering counts as "minify HTML", memory freed while
building the search index as "search index"). Frame pointers give complete stacks: build the binary to profile with
`RUSTFLAGS="-C force-frame-pointers=yes" CARGO_PROFILE_RELEASE_DEBUG=line-tables-only
cargo build --release` (into a separate CARGO_TARGET_DIR). Standard library only.
"""

import collections
import re
import subprocess
import sys

# (stage, pattern on a frame's symbol), in priority order: the first stage with a matching
# frame anywhere in the stack wins, so the specific ones come first.
STAGES = [
    ("kernel: create files/dirs (ext4)", r"^(ext4_create|ext4_mkdir|__ext4_new_inode|do_mkdirat|path_openat)$"),
    ("kernel: write file data", r"^(ext4_buffered_write_iter|generic_perform_write|ksys_write)$"),
    ("write output (user side)", r"gongkai::output::"),
    ("minify HTML", r"^minify_html"),
    # The preview's page-cache fingerprint: tera Values serialised to JSON and hashed.
    ("page-cache fingerprint (Value -> JSON -> SipHash)", r"^tera::value::Value::serialize_inner$|^<tera::value::Value as serde"),
    ("templates: tera render", r"^tera::(tera::Tera::render|vm::|renderer::)"),
    ("templates: context serialisation (Context::insert)", r"^tera::(value|context)::|Serialize for gongkai::render::views"),
    ("search index", r"gongkai::search::|gongkai::render::search_index"),
    ("markdown bodies", r"gongkai::markdown::|pulldown_cmark"),
    ("charts (SVG)", r"gongkai::render::chart"),
    ("feeds", r"gongkai::render::feeds"),
    ("data exports (JSON/CSV)", r"gongkai::render::data"),
    ("pages: other (views, pagination, plan)", r"gongkai::render::(pages|views|sections|kinds)"),
    ("bodies: other (views, links)", r"gongkai::render::bodies"),
    ("render: other", r"gongkai::render::"),
    ("assemble site (link, validate, derive)", r"gongkai::site::"),
    ("read + parse content (YAML front matter)", r"gongkai::content::|gongkai::yaml::|gongkai::config::"),
    ("serve: re-read/refresh/apply", r"gongkai::serve::"),
    ("drop / free", r"^(core::ptr::drop_in_place|mi_free|_mi_free)"),
]
COMPILED = [(name, re.compile(p)) for name, p in STAGES]


def samples(path):
    out = subprocess.run(
        ["perf", "script", "-i", path, "-F", "comm,tid,ip,sym"],
        capture_output=True,
        text=True,
        errors="replace",
        check=True,
    ).stdout
    stack = []
    for line in out.splitlines() + [""]:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line.startswith((" ", "\t")) and stack is not None:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                sym = re.sub(r"\+0x[0-9a-f]+$", "", parts[1])
                stack.append(sym)
        else:
            stack = [("thread", line.split()[0] if line.split() else "?")]


def classify(stack):
    frames = stack[1:]
    for name, pat in COMPILED:
        if any(pat.search(f) for f in frames):
            return name
    thread = stack[0][1]
    return "other (" + ("idle/other threads" if thread != "gongkai" else "unattributed") + ")"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    counts = collections.Counter(classify(s) for s in samples(sys.argv[1]))
    total = sum(counts.values())
    print(f"{total} samples in {sys.argv[1]}")
    print("| stage | share of samples |")
    print("|---|---:|")
    for name, n in counts.most_common():
        print(f"| {name} | {100 * n / total:.1f}% |")


if __name__ == "__main__":
    main()
