"""Update the message catalogues from the templates and code (Babel extraction).

    python scripts/extract_messages.py

New message ids are added to web/locale/nl.po and en.po with an empty translation (the
i18n test then fails until the Dutch is written); ids no longer used are dropped.
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "partnerships"
WEB = PACKAGE / "web"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
#: the use cases' refusals (domain/errors.py and every subclass, by name): their first
#: argument is the message id (tests/unit/web/test_i18n.py checks this list is complete)
REFUSALS = ("Refusal", "Forbidden", "Invalid", "problem", "AccountError", "CommitmentError",
            "CriteriaError", "DecisionError", "ProgrammeError", "RegisterError", "RiskError",
            "TopicError", "UploadError", "WatchError", "GazetteerError", "MetadataError",
            "SruError", "FeedError", "HarvestError")  # fmt: skip
#: the readers' and importers' problems (ingest/errors.py): the message id is the second
#: argument of ExtractionError, the fourth of ImportProblem (after file, row, column), the
#: third of the IATI reader's ``wrong`` and the fifth of Eurostat's ``_refuse_first``
PLACED = {"ExtractionError": (2,), "ImportProblem": (4,), "wrong": (3,), "_refuse_first": (5,)}


#: the help screen's headings (typer.rich_utils), said by cli._Said
HEADINGS = ("Arguments", "Options", "Commands", "[required]", "[default: {}]",
            "Show this message and exit.")  # fmt: skip


def literals(path: Path, keyword: str) -> list[tuple[str, int]]:
    """Every literal string passed as ``keyword=`` in the module at ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                value = kw.value
                if (
                    kw.arg == keyword
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    found.append((value.value, value.lineno))
    return found


def command_help(path: Path) -> list[tuple[str, int]]:
    """The command line's help texts, as Typer hands them to click: every literal
    ``help=`` and the docstring (``inspect.cleandoc``) of each function registered with
    ``….command(…)``."""
    found = [(h, 1) for h in HEADINGS] + literals(path, "help")
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.FunctionDef):
            commands = [
                d for d in node.decorator_list
                if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                and d.func.attr == "command"
            ]  # fmt: skip
            doc = ast.get_docstring(node, clean=True)
            if commands and doc:
                found.append((doc, node.lineno))
    return found


def extracted() -> Catalog:
    template = Catalog()
    refusals: dict[str, tuple[int, ...] | None] = {**dict.fromkeys(REFUSALS), **PLACED}
    sources = [(WEB, METHODS, KEYWORDS)] + [
        (PACKAGE / part, [("**.py", "python")], refusals)
        for part in ("domain", "services", "analysis", "ingest")
    ]
    # the command line's own lines (cli/: say("…")) and its help texts
    sources.append((PACKAGE / "cli", [("**.py", "python")], {"say": None}))
    for module in sorted((PACKAGE / "cli").glob("*.py")):
        for message, lineno in command_help(module):
            template.add(message, locations=[(f"cli/{module.name}", lineno)])
    # the settings' meanings, as `partnerships settings` lists them
    for message, lineno in literals(PACKAGE / "settings.py", "description"):
        template.add(message, locations=[("settings.py", lineno)])
    for folder, methods, keywords in sources:
        for fname, lineno, message, _comments, _ctx in extract_from_dir(
            str(folder), method_map=methods, keywords=keywords
        ):
            where = fname if folder == WEB else f"{folder.name}/{fname}"
            template.add(message, locations=[(where, lineno)])
    return template


def main() -> None:
    template = extracted()
    for lang in ("nl", "en"):
        path = WEB / "locale" / f"{lang}.po"
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="partnerships")
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as fh:
            write_po(
                fh,
                catalog,
                omit_header=False,
                sort_output=True,
                ignore_obsolete=True,
                include_lineno=False,
            )


if __name__ == "__main__":
    main()
