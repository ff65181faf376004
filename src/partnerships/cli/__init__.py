"""The ``partnerships`` command. Thin: parses arguments, calls services, prints.

A package with a module per resource (sqlite-utils' style): ``base`` holds the app, its
groups and the helpers and option types every module shares; importing a module registers
its commands, so they are imported here in the order of the help screen.
"""

from __future__ import annotations

import importlib

from partnerships.cli.base import app, say

#: the command modules, in the order their commands appear in ``partnerships --help``
COMMAND_MODULES = ("letters", "server", "harvest", "imports", "statistics", "decisions",
                   "programmes", "commitments", "reports", "admin", "accounts")  # fmt: skip
for _module in COMMAND_MODULES:
    importlib.import_module(f"partnerships.cli.{_module}")

from partnerships.cli.server import EXAMPLES, _demo_harvest  # noqa: E402  (after registering)

__all__ = ["COMMAND_MODULES", "EXAMPLES", "_demo_harvest", "app", "say"]
