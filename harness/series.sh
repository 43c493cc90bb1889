#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the series with git format-patch, with a cover letter whose text
# comes from patches/cover-letter (first line: subject).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
T=$B/tree
OUT=$B/series
rm -rf "$OUT"
n=$(git -C "$T" rev-list --count pristine..series)
[ "$n" -gt 0 ] || { echo "series: no patches" >&2; exit 1; }
git -C "$T" format-patch -q --cover-letter --base=pristine -o "$OUT" pristine..series
cover=$(ls "$OUT"/0000-cover-letter.patch)
subject=$(sed -n 1p "$ROOT/patches/cover-letter")
python3 - "$cover" "$subject" "$ROOT/patches/cover-letter" "$B/base-version" <<'PY'
import sys
path, subject, body_file, base_file = sys.argv[1:]
text = open(path).read()
body = open(body_file).read().split("\n", 1)[1].strip("\n")
body += "\n\nBase: " + open(base_file).read().split("\n")[0]
text = text.replace("*** SUBJECT HERE ***", subject)
text = text.replace("*** BLURB HERE ***", body)
open(path, "w").write(text)
PY
echo "series: $n patches + cover letter in $OUT (base: $(sed -n 1p "$B/base-version"))"
ls "$OUT"
