"""The Qt user interface: application start, main window, home screen, wizard steps, dialogs.

The only package that imports PySide6. Widgets hold no data of record: they show what the
services return and send every edit back through undo commands that call the services.

Importing it sets up the bindings' import check not to keep the source lines of every module
imported after it (``desktop.ui.source_lines``): it has to happen before the window's modules
and the report libraries are imported, or their text stays in memory for the whole session.
"""

import PySide6

from desktop.ui.source_lines import forget_checked_sources

forget_checked_sources()
del PySide6
