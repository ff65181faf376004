"""``python -m partnerships.cli``."""

from partnerships.cli import app

app()
