"""Statistics and programmes into the base: Eurostat, Frontex, analyst tables, IATI."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    DataClassification,
    _kb_upgraded,
    _run_imports,
    _said,
    _status,
    import_app,
    say,
)


@import_app.command("eurostat")
def import_eurostat_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Eurostat files: export CSV, SDMX-CSV or TSV.")
    ],
    dataset: Annotated[
        str | None, typer.Option(help="Dataset code when the file does not say it (migr_eiord, …).")
    ] = None,
    release: Annotated[
        str | None, typer.Option(help="Release label (default: the file's date).")
    ] = None,
    classification: DataClassification = "openbaar",
) -> None:
    """Import Eurostat return and asylum statistics (validated first; all or nothing per file)."""
    from partnerships.services.indicators import import_eurostat

    kb = _kb_upgraded()
    _run_imports(files, lambda path: import_eurostat(kb, path, dataset, release, classification))


@import_app.command("frontex")
def import_frontex_cmd(
    file: Annotated[Path, typer.Argument(help="Frontex 'Monthly detections of IBC' workbook.")],
    classification: DataClassification = "openbaar",
) -> None:
    """Import Frontex detections of illegal border crossings (routes × nationality × month)."""
    from partnerships.services.indicators import import_frontex

    kb = _kb_upgraded()
    _run_imports([file], lambda path: import_frontex(kb, path, classification))


@import_app.command("table")
def import_table_cmd(
    file: Annotated[Path | None, typer.Argument(help="Analyst table (CSV or XLSX).")] = None,
    template: Annotated[Path | None, typer.Option(help="Write the empty template here.")] = None,
    release: Annotated[
        str | None, typer.Option(help="Release label (default: the file's date).")
    ] = None,
    classification: DataClassification = "openbaar",
) -> None:
    """Import an analyst table of indicators no open source has (or write its template)."""
    from partnerships.ingest.analyst_table import template_csv
    from partnerships.services.indicators import import_table

    if template is not None:
        template.write_text(template_csv(), "utf-8")
        typer.echo(say("template written to %(file)s", file=template))
        if file is None:
            return
    if file is None:
        raise typer.BadParameter(say("give a table, or --template PATH"), param_hint="FILE")
    kb = _kb_upgraded()
    _run_imports([file], lambda path: import_table(kb, path, release, classification))


@import_app.command("iati")
def import_iati_cmd(
    files: Annotated[list[Path], typer.Argument(help="IATI 2.0x activity XML files.")],
    reporting_org: Annotated[
        str | None,
        typer.Option(
            help="Publisher to keep (default: PARTNERSHIPS_IATI_REPORTING_ORG; '' keeps all)."
        ),
    ] = None,
    classification: DataClassification = "openbaar",
) -> None:
    """Import programmes from IATI activity files (validated, all or nothing per file)."""
    from partnerships.ingest.errors import ImportProblem
    from partnerships.services.programmes import import_iati

    kb = _kb_upgraded()
    failed = 0
    for path in files:
        try:
            r = import_iati(kb, path, reporting_org, classification=classification)
        except ImportProblem as exc:
            failed += 1
            typer.echo(_said(exc), err=True)
            continue
        typer.echo(say("%(file)s: %(status)s: %(new)s new, %(updated)s updated programmes; "
                       "%(others)s activities of other publishers skipped", file=path,
                       status=_status(r.status), new=r.new, updated=r.updated,
                       others=r.other_publishers))  # fmt: skip
    if failed:
        raise typer.Exit(code=1)
