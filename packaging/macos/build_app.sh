#!/usr/bin/env bash
# Build Buy-In.app with PyInstaller and wrap it in a compressed disk image for download.
#
#   packaging/macos/build_app.sh             # build the app, then dist/Buy-In-<version>.dmg
#   packaging/macos/build_app.sh --no-build  # reuse dist/Buy-In.app from `make bundle`
#
# The Info.plist (bundle id org.buyin.desktop, version, the .buyin document type and its exported
# type declaration, Retina support, minimum macOS) is written by the BUNDLE step of
# packaging/buyin.spec, so `make bundle` and this script produce the same app. The app is signed
# ad hoc (PyInstaller's default); a release signed with a Developer ID and notarised needs the
# team's certificate, which the build does not hold.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON="${PYTHON:-.venv/bin/python}"
APP_NAME="Buy-In"
APP="dist/${APP_NAME}.app"

if [[ "$(uname -s)" != "Darwin" ]]; then
  echo "build_app.sh makes a macOS disk image and needs macOS (hdiutil)." >&2
  exit 2
fi

VERSION="$("$PYTHON" -c 'import desktop; print(desktop.__version__)')"

if [[ "${1:-}" != "--no-build" ]]; then
  "$PYTHON" -m PyInstaller packaging/buyin.spec --noconfirm --distpath dist --workpath build
fi
if [[ ! -d "$APP" ]]; then
  echo "No $APP: build it first (make bundle) or run without --no-build." >&2
  exit 1
fi

# The version the Finder shows must be the one the code reports.
PLIST="$APP/Contents/Info.plist"
PLIST_VERSION="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$PLIST")"
if [[ "$PLIST_VERSION" != "$VERSION" ]]; then
  echo "Info.plist says $PLIST_VERSION but desktop/__init__.py says $VERSION." >&2
  exit 1
fi
plutil -lint "$PLIST" >/dev/null
codesign --verify --deep --strict "$APP"

# The disk image holds the app and a link to /Applications, so installing is one drag.
STAGING="$(mktemp -d)"
trap 'rm -rf "$STAGING"' EXIT
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"

DMG="dist/${APP_NAME}-${VERSION}.dmg"
rm -f "$DMG"
hdiutil create \
  -volname "${APP_NAME} ${VERSION}" \
  -srcfolder "$STAGING" \
  -fs HFS+ \
  -format UDZO \
  -imagekey zlib-level=9 \
  -ov \
  "$DMG"
hdiutil verify "$DMG"
echo "Built $DMG"
