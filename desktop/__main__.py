"""``python -m desktop``: the same as the ``buyin`` command (the app, by default)."""

from desktop.cli import main

raise SystemExit(main())
