"""``python -m gradcheck``: the same as the ``gradcheck`` command."""

from .cli import main

raise SystemExit(main())
