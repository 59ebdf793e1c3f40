#!/usr/bin/env bash
# Rebuild the portal and deploy it; run daily just after midnight China time, so entries
# scheduled for the day (approved, dated today) go online (docs/deploy.md):
#   systemd: deploy/gongkai-publish.service + deploy/gongkai-publish.timer (00:05 Asia/Shanghai)
#   cron:    5 0 * * *  (server clock on China time)  or  5 16 * * *  (server clock on UTC)
#
# Settings (environment; the systemd unit sets them):
#   GONGKAI_SITE      the site folder (site.yaml, content/, calendar.yaml)   default /srv/gongkai/site
#   GONGKAI_OUT       where to build (kept between runs: unchanged files are not rewritten)
#                                                                             default /srv/gongkai/build/zwgk
#   GONGKAI_DEST      rsync destination: a folder or user@host:/path/        default /srv/gongkai/www/zwgk/
#   GONGKAI_BASE_URL  optional --base-url (else site.yaml's base_url)
#   GONGKAI_BIN       the gongkai binary                                      default gongkai (on PATH)
# The build date is today in China (UTC+8) whatever the server's time zone. A failed build
# leaves both the build folder and the live site untouched and exits non-zero.
set -euo pipefail
site="${GONGKAI_SITE:-/srv/gongkai/site}"
out="${GONGKAI_OUT:-/srv/gongkai/build/zwgk}"
dest="${GONGKAI_DEST:-/srv/gongkai/www/zwgk/}"
bin="${GONGKAI_BIN:-gongkai}"
args=(build --root "$site" --output "$out" --format json)
if [ -n "${GONGKAI_BASE_URL:-}" ]; then args+=(--base-url "$GONGKAI_BASE_URL"); fi

summary="$("$bin" "${args[@]}")"
echo "$summary"
# --delay-updates: every changed file is put in place at the very end, so visitors never see
# half an update; --delete-delay removes old files only after that. Fingerprinted assets have
# new names, so a page cached just before still finds its own CSS and JS.
rsync -a --delete-delay --delay-updates "$out/" "$dest"
next="$(printf '%s' "$summary" | sed -n 's/.*"next_scheduled":{"date":"\([0-9-]*\)".*/\1/p')"
echo "deployed to $dest; next scheduled publication: ${next:-none}"
