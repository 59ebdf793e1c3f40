#!/usr/bin/env bash
# Tests the daily publication kit as installed (run by .ci/run): the systemd units verify and
# fire at 00:05 China time; the cron line's command, run with cron's bare environment, builds
# and deploys a copy of the bundled portal twice (the second run rewrites nothing).
#   deploy/test-schedule.sh <gongkai binary>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-schedule: FAILED: $*" >&2; exit 1; }

# 1. systemd: the units verify (ExecStart pointed at this checkout) and the timer fires at
#    00:05 in Asia/Shanghai, which is 16:05 UTC.
if command -v systemd-analyze >/dev/null 2>&1; then
  sed "s|/usr/local/bin/gongkai-publish.sh|$here/gongkai-publish.sh|" "$here/gongkai-publish.service" > "$tmp/gongkai-publish.service"
  cp "$here/gongkai-publish.timer" "$tmp/"
  systemd-analyze verify "$tmp/gongkai-publish.service" "$tmp/gongkai-publish.timer" || fail "systemd-analyze verify"
  spec="$(sed -n 's/^OnCalendar=//p' "$here/gongkai-publish.timer")"
  TZ=UTC systemd-analyze calendar "$spec" | grep -q 'Next elapse: .* 16:05:00 UTC' || fail "timer is not 16:05 UTC"
  echo "systemd units verify; OnCalendar=$spec fires at 16:05 UTC"
else
  echo "systemd-analyze not found: unit checks skipped"
fi

# 2. cron: the active line's schedule and command, run with only cron's variables.
line="$(grep -E '^[0-9]' "$here/gongkai-publish.cron" | head -1)"
[ "$(echo "$line" | awk '{print $1, $2, $3, $4, $5}')" = "5 0 * * *" ] || fail "cron schedule: $line"
command="$(echo "$line" | awk '{for (i = 7; i <= NF; i++) printf "%s ", $i}')"
mkdir -p "$tmp/site" "$tmp/bin" "$tmp/www"
cp -r "$repo/content" "$repo/site.yaml" "$tmp/site/"
ln -s "$bin" "$tmp/bin/gongkai"
ln -s "$here/gongkai-publish.sh" "$tmp/bin/gongkai-publish.sh"
command="$(echo "$command" | sed -e "s|/srv/gongkai/site|$tmp/site|; s|/srv/gongkai/build/zwgk|$tmp/build/zwgk|; s|/srv/gongkai/www/zwgk/|$tmp/www/zwgk/|; s|/usr/local/bin/gongkai-publish.sh|gongkai-publish.sh|; s|/var/log/gongkai-publish.log|$tmp/publish.log|")"
for run in 1 2; do
  env -i SHELL=/bin/sh PATH="$tmp/bin:/usr/bin:/bin" /bin/sh -c "$command" || fail "run $run: $(cat "$tmp/publish.log")"
done
[ -f "$tmp/www/zwgk/index.html" ] || fail "nothing deployed"
grep -q 'deployed to .*next scheduled publication: 2099-01-01' "$tmp/publish.log" || fail "no announcement: $(cat "$tmp/publish.log")"
grep -q '"skipped":true' "$tmp/publish.log" || grep -q '"written":0' "$tmp/publish.log" || fail "second run rebuilt everything"
echo "cron line runs: deployed $(find "$tmp/www/zwgk" -type f | wc -l) files twice; $(grep -o 'next scheduled publication: [0-9-]*' "$tmp/publish.log" | tail -1)"
echo "test-schedule: ok"
