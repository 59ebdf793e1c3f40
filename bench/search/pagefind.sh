#!/bin/sh
# Index the same entries as gongkai's search with Pagefind (extended, for Chinese), for the
# comparison in docs/search.md. Pagefind is not a dependency of gongkai: it runs from a
# scratch folder.
#
#   bench/search/pagefind.sh /tmp/out-10k            # a gongkai build of the corpus
#
# Entry pages only (the ones in gongkai's own index, so both engines see the same documents)
# are staged under $STAGE, indexed with <main> as the root, and the bundle is written to
# OUT/pagefind/, next to OUT/search/index/.
set -eu
OUT=$(cd "$1" && pwd)
PF=${PF:-/tmp/pf}
STAGE=${STAGE:-/tmp/pf-site}
VERSION=${PAGEFIND_VERSION:-1.6.0}

if [ ! -x "$PF/node_modules/.bin/pagefind" ]; then
  mkdir -p "$PF"
  (cd "$PF" && [ -f package.json ] || npm init -y >/dev/null; cd "$PF" && npm i "pagefind@$VERSION" >/dev/null)
fi

rm -rf "$STAGE" "$OUT/pagefind"
python3 - "$OUT" "$STAGE" <<'PY'
import glob, json, os, shutil, sys
out, stage = sys.argv[1:]
n = 0
for chunk in glob.glob(os.path.join(out, "search/index/docs/*.json")):
    for row in json.load(open(chunk, encoding="utf-8")):
        rel = row[0].strip("/")
        src = os.path.join(out, rel, "index.html")
        dst = os.path.join(stage, rel, "index.html")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        n += 1
print(f"staged {n} entry pages in {stage}")
PY
(cd "$PF" && /usr/bin/time -f "pagefind: %e s, %M KB peak" npx --no-install pagefind \
  --site "$STAGE" --output-path "$OUT/pagefind" --root-selector main --quiet)
du -sb "$OUT/pagefind" | awk '{print "pagefind bundle: " $1 " bytes"}'
