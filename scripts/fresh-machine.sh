#!/usr/bin/env bash
# Proves the README's set-up on a fresh Debian/Ubuntu machine with Node 20+ (used by .ci/run): the
# README's install command, then its test command on a PATH without the system tools the tests once
# needed (zbarimg, poppler's pdftotext & co., ffmpeg, udevadm). First with Chromium, socat, apt-get
# and sudo hidden as well: `npm test` must stop at once with the one command to run. Then for real:
# the output ends with vitest's summary. `--clone` works on a fresh clone of HEAD in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTALL='npm ci'
TEST='npm test'
for cmd in "$INSTALL" "$TEST"; do
  grep -qx "$cmd" README.md || { echo "README.md no longer shows \`$cmd\` on a line of its own: update $0" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ ${1:-} == --clone ]]; then
  git clone -q "$PWD" "$work/repo"
  cd "$work/repo"
fi

# A folder of links to every program on PATH but the hidden ones.
farm() {
  local dir=$1; shift
  mkdir -p "$dir"
  local -a path
  IFS=: read -ra path <<< "$PATH"
  for d in "${path[@]}"; do
    [[ -d $d ]] || continue
    for f in "$d"/*; do
      local n=${f##*/}
      [[ -f $f && -x $f && ! -e $dir/$n ]] || continue
      [[ " $* " == *" $n "* ]] && continue
      ln -s "$f" "$dir/$n"
    done
  done
}
ONCE_NEEDED='zbarimg pdftotext pdfinfo pdfimages pdftoppm ffmpeg ffprobe udevadm'
farm "$work/bin" $ONCE_NEEDED
farm "$work/bare" $ONCE_NEEDED chromium chromium-browser google-chrome google-chrome-stable socat apt-get sudo

echo "== $INSTALL"
$INSTALL --no-audit --no-fund

echo "== $TEST without Chromium, socat and a way to install them: must stop at once"
set +e
out=$(env -u CHROMIUM_PATH PATH="$work/bare" timeout 120 $TEST 2>&1)
status=$?
set -e
echo "$out"
if [[ $status -eq 0 || $out != *'sudo apt-get update && sudo apt-get install -y chromium socat'* || $out == *'Test Files'* ]]; then
  echo "fresh-machine: npm test did not stop early with the install instruction (exit $status)" >&2
  exit 1
fi

echo "== $TEST without $ONCE_NEEDED"
PATH="$work/bin" $TEST
