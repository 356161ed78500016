#!/usr/bin/env bash
# Screenshots of the installer's pages in Thai, under Wine and Xvfb (not part of CI).
#   bash installer/screens_wine.sh installer/dist/manualbook-setup-X.exe OUT_DIR
# Wine's own Tahoma has no Thai, so the throwaway prefix gets Sarabun in its place
# (Windows' Tahoma has Thai). Each page is advanced with the Enter key.
set -euo pipefail
SETUP="$(realpath "$1")"; OUT="$(realpath -m "$2")"; mkdir -p "$OUT"
BASE="$(mktemp -d /tmp/manualbook-screens-XXXX)"
export WINEPREFIX="$BASE/prefix" HOME="$BASE/home" WINEDEBUG=-all WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
mkdir -p "$HOME"
Xvfb :77 -screen 0 760x660x24 >/dev/null 2>&1 & XVFB=$!
trap 'wineserver -k >/dev/null 2>&1 || true; kill $XVFB; rm -rf "$BASE"' EXIT
export DISPLAY=:77
sleep 1
wineboot -i >/dev/null 2>&1; wineserver -w
FONTS="$(python3 -c 'import fontpkg_sarabun, pathlib; print(pathlib.Path(fontpkg_sarabun.__file__).parent / "files")')"
cp "$FONTS"/Sarabun-Regular.ttf "$FONTS"/Sarabun-Bold.ttf "$WINEPREFIX/drive_c/windows/Fonts/"
cat > "$BASE/fonts.reg" <<'REG'
REGEDIT4

[HKEY_CURRENT_USER\Software\Wine\Fonts\Replacements]
"Tahoma"="Sarabun"
"MS Shell Dlg"="Sarabun"
"MS Shell Dlg 2"="Sarabun"
"Microsoft Sans Serif"="Sarabun"
REG
wine regedit "$BASE/fonts.reg" >/dev/null 2>&1; wineserver -w

shot() { sleep "$2"; import -window root "$OUT/$1.png"; convert "$OUT/$1.png" -trim +repage "$OUT/$1.png"; echo "$OUT/$1.png"; }
enter() { xdotool key Return; }
wine "$SETUP" 2>/dev/null | cat & SETUP_PID=$!
shot installer-1-language 6; enter
shot installer-2-welcome 3; enter
shot installer-3-folder 3; enter
shot installer-4-finish 45
xdotool key space   # untick "start now": the app cannot start under Wine (no icuuc.dll)
enter; wait $SETUP_PID || true
UNINST="$WINEPREFIX/drive_c/users/$(whoami)/AppData/Local/Programs/manualbook/uninstall.exe"
wine "$UNINST" 2>/dev/null | cat &
shot uninstall-1-confirm 6; enter
shot uninstall-2-finish 20; enter
wineserver -w
