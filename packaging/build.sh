#!/usr/bin/env bash
# Build Factory Direct as a one-folder PyInstaller app (dist/FactoryDirect/) and smoke-test the result:
#   1. set up .venv if it is missing (the app + PyInstaller from the `packaging` extra) and compile the
#      translations (the spec refuses to build without the .qm files);
#   2. build packaging/factory_direct.spec;
#   3. run the frozen app: `demo` + `check` (exit 0), a bundle export/import round trip, the GUI with
#      `--screenshot` (offscreen) — the PNG must exist, be at least 900x600 and not be blank — and printing:
#      a spec sheet with every font embedded, and the Print page's PDFium preview on screen;
#   4. print the build time, the folder's size and how long the frozen GUI took to start and render.
# Settings, logs and recent files of the smoke test go to a temporary folder, never the user's.
# Environment: PYTHON (to create the venv, default python3), FD_SKIP_SYSTEM_DEPS=1 (don't apt-get),
#              FD_NO_CLEAN=1 (reuse PyInstaller's cache: faster rebuilds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
APP_DIR="$ROOT/dist/FactoryDirect"
APP="$APP_DIR/FactoryDirect"

say() { printf '\n== %s\n' "$*" >&2; }
fail() { printf 'SMOKE TEST FAILED: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

# --- 1. set-up ------------------------------------------------------------------------------------------
if [ "${FD_SKIP_SYSTEM_DEPS:-0}" != 1 ]; then
  bash "$ROOT/packaging/install_system_deps.sh"   # Qt's runtime libraries (the frozen app needs them too)
fi
if [ ! -x "$PY" ]; then
  say "creating $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet -e ".[test,packaging]"
elif ! "$PY" -c "import PyInstaller" >/dev/null 2>&1; then
  say "installing PyInstaller into $VENV"
  "$PY" -m pip install --quiet -e ".[packaging]"
fi
for ts in resources/i18n/*.ts; do
  [ -e "$ts" ] || continue
  "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done

# --- 2. build -------------------------------------------------------------------------------------------
say "building with PyInstaller $("$PY" -m PyInstaller --version)"
clean=(--clean)
[ "${FD_NO_CLEAN:-0}" = 1 ] && clean=()
started=$EPOCHREALTIME
"$PY" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build" "$ROOT/packaging/factory_direct.spec"
build_seconds=$(elapsed "$started")
[ -x "$APP" ] || fail "no executable at $APP"

# --- 3. smoke test --------------------------------------------------------------------------------------
SMOKE="$(mktemp -d "${TMPDIR:-/tmp}/fd-smoke.XXXXXX")"
trap 'rm -rf "$SMOKE"' EXIT
export XDG_CONFIG_HOME="$SMOKE/config" XDG_DATA_HOME="$SMOKE/data" XDG_STATE_HOME="$SMOKE/state" \
       XDG_CACHE_HOME="$SMOKE/cache" LANG=C.UTF-8 LC_ALL=C.UTF-8
WS="$SMOKE/smoke.fdw"

say "build contents"
PYTHONPATH="$ROOT" "$PY" - "$APP_DIR/_internal" <<'EOF' || fail "files missing from the build"
import sys
from pathlib import Path
from app.frozen import missing_files
missing = missing_files(Path(sys.argv[1]))
print("missing:", missing or "nothing")
sys.exit(1 if missing else 0)
EOF

say "version"
"$APP" --version || fail "--version"

say "demo + check"
"$APP" demo "$WS" || fail "demo exited $?"
"$APP" check "$WS" || fail "check exited $?"

say "bundle round trip"
"$APP" bundle export "$WS" -o "$SMOKE/smoke.zip" || fail "bundle export exited $?"
"$APP" bundle import "$SMOKE/smoke.zip" -o "$SMOKE/received.fdw" || fail "bundle import exited $?"
"$APP" check "$SMOKE/received.fdw" || fail "check of the imported workspace exited $?"
set +e
"$APP" bundle import "$SMOKE/smoke.zip" -o "$SMOKE/received.fdw" 2>/dev/null
status=$?
set -e
[ "$status" = 2 ] || fail "importing onto an existing workspace must exit 2, got $status"

say "GUI screenshots (offscreen): English (timed), then Chinese"
check_png() {
  "$PY" - "$1" <<'EOF' || fail "the screenshot $1 is missing, too small or blank"
import sys
from PIL import Image, ImageStat
with Image.open(sys.argv[1]) as image:
    image = image.convert("RGB")
    width, height = image.size
    colours = image.getcolors(maxcolors=1_000_000)
    spread = max(ImageStat.Stat(image).stddev)
print(f"{sys.argv[1]}: {width}x{height}, {len(colours) if colours else '>1000000'} colours, stddev {spread:.1f}")
if width < 900 or height < 600:
    sys.exit("too small")
if (colours is not None and len(colours) < 16) or spread < 5:
    sys.exit("blank")
EOF
}
PNG="$SMOKE/out.png"
started=$EPOCHREALTIME
QT_QPA_PLATFORM=offscreen "$APP" --lang en --workspace "$WS" --screenshot "$PNG" || fail "--screenshot exited $?"
startup_seconds=$(elapsed "$started")
check_png "$PNG"
QT_QPA_PLATFORM=offscreen "$APP" --lang zh_CN --workspace "$WS" --view products --screenshot "$SMOKE/out-zh.png" \
  || fail "--screenshot (zh_CN) exited $?"
check_png "$SMOKE/out-zh.png"

say "printing in the frozen app: a spec sheet from the command line, the Print page's preview (PDFium)"
"$APP" sheet "$WS" --product XZ-LG-PC01 -o "$SMOKE/sheet.pdf" || fail "sheet exited $?"
for document in catalogue pricelist readiness; do   # each uses other parts of ReportLab (TOC, charts)
  "$APP" "$document" "$WS" -o "$SMOKE/$document.pdf" >/dev/null 2>&1 || fail "$document exited $?"
done
pdffonts "$SMOKE/sheet.pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' \
  || fail "the frozen app's spec sheet has a font that is not embedded"
QT_QPA_PLATFORM=offscreen "$APP" --lang zh_CN --workspace "$WS" --view print --screenshot "$SMOKE/out-print.png" \
  || fail "--screenshot (print) exited $?"
check_png "$SMOKE/out-print.png"
"$PY" - "$SMOKE/out-print.png" <<'EOF' || fail "the Print page shows no preview in the frozen app"
import sys
from PIL import Image
with Image.open(sys.argv[1]) as image:
    image = image.convert("RGB")
    width, height = image.size
    preview = image.crop((int(width * 0.6), int(height * 0.2), width - 30, int(height * 0.85)))
    # the letterhead rule and section titles of the rendered sheet are in the brand teal (#0F766E)
    teal = sum(n for n, (r, g, b) in preview.getcolors(maxcolors=1_000_000) if r < 60 and 90 < g < 150 and 90 < b < 140)
print(f"preview: {teal} brand-coloured pixels")
sys.exit(0 if teal > 50 else "no rendered page in the preview")
EOF
mkdir -p "$ROOT/build"
cp "$PNG" "$ROOT/build/smoke-screenshot.png"
cp "$SMOKE/out-zh.png" "$ROOT/build/smoke-screenshot-zh.png"

# --- 4. figures -----------------------------------------------------------------------------------------
size_bytes=$(du -sb "$APP_DIR" | cut -f1)
files=$(find "$APP_DIR" -type f | wc -l)
say "smoke test passed"
printf 'build time:        %.1f s\n' "$build_seconds"
printf 'dist size:         %s MB (%s files) in %s\n' "$((size_bytes / 1000000))" "$files" "$APP_DIR"
printf 'GUI start-up:      %.2f s (start, open the demo workspace, render, write the PNG, exit; %s)\n' \
  "$startup_seconds" "includes the app's settle checks before the grab (3 × 0.4 s with no background work)"
printf 'screenshots:       %s, %s\n' "$ROOT/build/smoke-screenshot.png" "$ROOT/build/smoke-screenshot-zh.png"
