"""One module per wizard step; each page is ``Page(context, parent=None)`` with ``title``,
``guidance`` and ``refresh()`` (see ``desktop.ui.context``)."""
