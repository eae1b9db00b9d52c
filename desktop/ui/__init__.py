"""The Qt user interface: application start, main window, home screen, wizard steps, dialogs.

The only package that imports PySide6. Widgets hold no data of record: they show what the
services return and send every edit back through undo commands that call the services.
"""
