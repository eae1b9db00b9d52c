"""QtGui as PyInstaller collects it, minus the Qt plugins a desktop business app never loads.

Overrides PyInstaller's own hook of the same name (hooks in ``hookspath`` take precedence). The
plugins are removed here, before PyInstaller scans binaries for their dependencies, because each
one drags in whole libraries: the virtual keyboard brings QtQml, QtQuick and QtNetwork; the GTK
theme brings GTK's drawing stack; the embedded-device platforms bring EGL and KMS support.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin file stems without the platform's "lib" prefix and extension.
UNUSED_PLUGINS = {
    "qtvirtualkeyboardplugin",  # on-screen keyboard for touch kiosks (needs QtQuick)
    "qgtk3",  # GTK look on Linux; the Fusion style is used instead
    "qeglfs",  # embedded Linux platforms: no window system
    "qlinuxfb",
    "qminimalegl",
    "qvkkhrdisplay",
    "qvnc",
}
# Whole plugin folders for embedded devices (touch screens, EGL boards).
UNUSED_PLUGIN_FOLDERS = {"egldeviceintegrations", "generic"}


def _plugin_name(path: str) -> str:
    stem = PurePath(path).name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def _wanted(source: str, destination: str) -> bool:
    folder = PurePath(destination.replace("\\", "/")).name
    if folder in UNUSED_PLUGIN_FOLDERS:
        return False
    return _plugin_name(source) not in UNUSED_PLUGINS


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, destination) for source, destination in binaries if _wanted(source, destination)
]
