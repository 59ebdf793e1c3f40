#!/usr/bin/env python3
"""Is CORPUS an untouched corpus of the shared generator for N entries and SEED?

    bench/corpus_ok.py CORPUS N SEED

Exits 0 when CORPUS/manifest.json says the same n and seed, and the file count and byte total of
both variants (gongkai/, hugo/; Hugo's .hugo_build.lock and gongkai's build manifests in
.gongkai/ aside) are exactly as the manifest says;
an edited or half-written corpus fails this. Exits 1 otherwise, saying why on stderr when the
files differ. Used by bench/run.sh and bench/scale.sh to decide between reuse and regeneration.
"""
import json
import os
import sys


def main(argv):
    if len(argv) != 4:
        print("usage: bench/corpus_ok.py CORPUS N SEED", file=sys.stderr)
        return 2
    c, n, seed = argv[1], int(argv[2]), int(argv[3])
    try:
        m = json.load(open(os.path.join(c, "manifest.json"), encoding="utf-8"))
    except (OSError, ValueError):
        return 1
    if m.get("n") != n or m.get("seed") != seed:
        return 1
    for v in ("gongkai", "hugo"):
        files = size = 0
        root = os.path.join(c, v)
        for d, dirs, fs in os.walk(root):
            if d == root and ".gongkai" in dirs:
                dirs.remove(".gongkai")  # gongkai's build manifests, written by every build
            for f in fs:
                if f == ".hugo_build.lock":
                    continue
                files += 1
                size += os.path.getsize(os.path.join(d, f))
        want = m["bytes"][v]
        if (files, size) != (want["files"], want["bytes"]):
            print(f"{c}/{v}: {files} files, {size} bytes; manifest says {want['files']}, {want['bytes']}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
