"""Update the message catalogues from the templates and code (Babel extraction).

    python scripts/extract_messages.py

New message ids are added to web/locale/nl.po and en.po with an empty translation (the
i18n test then fails until the Dutch is written); ids no longer used are dropped.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "partnerships"
WEB = PACKAGE / "web"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
#: the use cases' refusals (domain/errors.py and every subclass, by name): their first
#: argument is the message id (tests/unit/test_i18n.py checks this list is complete)
REFUSALS = ("Refusal", "Forbidden", "Invalid", "problem", "AccountError", "CommitmentError",
            "CriteriaError", "DecisionError", "ProgrammeError", "RegisterError", "RiskError",
            "TopicError", "UploadError", "WatchError")  # fmt: skip


def extracted() -> Catalog:
    template = Catalog()
    sources = [(WEB, METHODS, KEYWORDS)] + [
        (PACKAGE / part, [("**.py", "python")], dict.fromkeys(REFUSALS))
        for part in ("domain", "services", "analysis")
    ]
    # the command line's own lines (cli.py: say("…"))
    sources.append((PACKAGE, [("cli.py", "python")], {"say": None}))
    for folder, methods, keywords in sources:
        for fname, lineno, message, _comments, _ctx in extract_from_dir(
            str(folder), method_map=methods, keywords=keywords
        ):
            where = fname if folder in (WEB, PACKAGE) else f"{folder.name}/{fname}"
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
