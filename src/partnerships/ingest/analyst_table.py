"""Analyst tables: indicators no open source publishes, kept in a CSV or XLSX template.

One row per country, indicator and period. Numbers go in ``waarde``; yes/no and status
indicators take one of their listed values. Dutch Excel writes CSV with semicolons and
decimal commas: both are read. The first sheet of an XLSX file is read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from partnerships.domain.countries import country_code, is_aggregate
from partnerships.domain.observations import Observation
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.eurostat import decode_text

DATASET = "analyst_table"
#: the first four are required; ``ingevoerd_door`` names who entered the value (kept
#: with it, with its row, for the value's own footnote in a report)
COLUMNS = ("land", "indicator", "periode", "waarde", "eenheid", "bron", "toelichting",
           "ingevoerd_door")  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    code: str
    name_nl: str
    kind: str  # number | yesno | category
    unit: str = ""
    values: tuple[str, ...] = ()
    low: float | None = None  # allowed range of a number, checked on import
    high: float | None = None


INDICATORS = {
    spec.code: spec
    for spec in (
        IndicatorSpec("diplomatieke_post", "Nederlandse diplomatieke post in het land", "yesno"),
        IndicatorSpec("eu_mandaat", "EU-onderhandelingsmandaat (terugname, visa)", "yesno"),
        IndicatorSpec("terugnameovereenkomst", "Status terug- en overnameovereenkomst", "category",
                      values=("geen", "onderhandeling", "getekend", "in werking")),
        IndicatorSpec("identificatie_reactietijd", "Reactietijd op identificatieverzoeken",
                      "number", "dagen", low=0),
        IndicatorSpec("laissez_passer_acceptatie", "Acceptatie EU-laissez-passer", "number", "%",
                      low=0, high=100),
        IndicatorSpec("terugnameverzoeken_ingediend", "Terugnameverzoeken ingediend",
                      "number", "verzoeken", low=0),
        IndicatorSpec("terugnameverzoeken_aanvaard", "Terugnameverzoeken aanvaard",
                      "number", "verzoeken", low=0),
        IndicatorSpec("samenwerking_identificatie",
                      "Praktische samenwerking: identificatie en reisdocumenten (1–5)",
                      "number", "score", low=1, high=5),
        IndicatorSpec("samenwerking_laissez_passer",
                      "Praktische samenwerking: EU-laissez-passer (1–5)", "number", "score",
                      low=1, high=5),
        IndicatorSpec("samenwerking_terugname",
                      "Praktische samenwerking: terugname van eigen onderdanen (1–5)",
                      "number", "score", low=1, high=5),
        IndicatorSpec("samenwerking_terugkeervluchten",
                      "Praktische samenwerking: terugkeervluchten en -operaties (1–5)",
                      "number", "score", low=1, high=5),
        IndicatorSpec("meerwaarde_nationaal",
                      "Meerwaarde van nationale inzet ten opzichte van EU-inzet (1–5)",
                      "number", "score", low=1, high=5),
        IndicatorSpec("handelsbelang", "Handelsbelang (analistenscore 1–5)", "number", "score",
                      low=1, high=5),
        IndicatorSpec("mensenrechtensituatie",
                      "Mensenrechtensituatie (analistenscore 1–5, 5 = goed)", "number", "score",
                      low=1, high=5),
        IndicatorSpec("klimaatbelang", "Klimaatbelang (analistenscore 1–5)", "number", "score",
                      low=1, high=5),
        IndicatorSpec("gedwongen_terugkeer", "Gedwongen terugkeer (art. 25a(2)(b))", "number",
                      "personen", low=0),
        IndicatorSpec("betrekkingen_algemeen",
                      "Algemene betrekkingen van de Unie met het land (art. 25a(6), 1–5)",
                      "number", "score", low=1, high=5),
        IndicatorSpec("melding_lidstaat",
                      "Meldingen van lidstaten van substantiële problemen (art. 25a(4))",
                      "number", "meldingen", low=0),
    )
}  # fmt: skip
_PERIOD_RE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_YES = {"ja", "yes", "j", "y", "1", "true"}
_NO = {"nee", "no", "n", "0", "false"}


def _range(spec: IndicatorSpec) -> str:
    low = "-∞" if spec.low is None else f"{spec.low:g}"
    high = "∞" if spec.high is None else f"{spec.high:g}"
    return f"{low}–{high}"


def template_csv() -> str:
    """The template with a header, an explanation of every indicator, and one example row."""
    out = io.StringIO()
    out.write("# Indicatoren zonder open bron. Eén regel per land, indicator en periode.\n")
    out.write("# land: ISO-code (MAR) of naam; periode: JJJJ, JJJJ-MM of JJJJ-MM-DD.\n")
    for spec in INDICATORS.values():
        unit = f"{spec.unit}, {_range(spec)}" if spec.high is not None else spec.unit
        allowed = {"number": f"getal ({unit})" if unit else "getal",
                   "yesno": "ja of nee",
                   "category": " | ".join(spec.values)}[spec.kind]  # fmt: skip
        out.write(f"# {spec.code}: {spec.name_nl} — {allowed}\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(["MAR", "identificatie_reactietijd", "2024", "45", "dagen",
                     "DT&V kwartaalrapportage", "gemiddelde over het jaar",
                     "naam analist, directie"])  # fmt: skip
    return out.getvalue()


def _country(name: str) -> str | None:
    """ISO code, English name (Eurostat style) or Dutch name/adjective (the gazetteer)."""
    code = country_code(name)
    if code is not None:
        return code
    from partnerships.ingest.gazetteer import get_gazetteer

    found = [e for e in get_gazetteer().find(name, home_country=None) if e.kind == "country"]
    if len(found) == 1 and found[0].text.strip() == name.strip():
        return found[0].code
    return None


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """The non-empty rows with the row number a person sees: the spreadsheet's row, or the
    CSV file's line (comment lines count, as the template's explanation is part of it)."""
    source = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_path(source)
            sheet = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, OSError, ValueError, IndexError) as exc:
            raise ImportProblem(source, None, None, "not a readable workbook: %(reason)s",
                                reason=str(exc)) from exc  # fmt: skip
        cells = [(n, [_cell(c) for c in row]) for n, row in enumerate(sheet, start=1)]
        return [(n, row) for n, row in cells if any(c.strip() for c in row)]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(source, None, None, "cannot read file: %(reason)s",
                            reason=exc.strerror or str(exc)) from exc  # fmt: skip
    text = decode_text(raw, source)
    # a comment line stays as an empty line, so that every line keeps its number
    lines = ["" if ln.lstrip().startswith("#") else ln for ln in text.splitlines()]
    header = next((ln for ln in lines if ln.strip()), "")
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(c.strip() for c in row):
                out.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportProblem(source, start, None, "malformed CSV: %(reason)s",
                            reason=str(exc)) from None  # fmt: skip
    return out


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _value(source: str, n: int, spec: IndicatorSpec, raw: str) -> tuple[float | None, str]:
    """A cell's value as its indicator reads it: a number in range, ja/nee (1/0), or one of
    the indicator's categories."""
    if spec.kind == "number":
        try:
            value = float(raw.replace(" ", "").replace(",", "."))
        except ValueError:
            raise ImportProblem(
                source, n, "waarde", "expected a number, found %(value)r", value=raw
            ) from None
        if (spec.low is not None and value < spec.low) or (
            spec.high is not None and value > spec.high
        ):
            raise ImportProblem(
                source, n, "waarde",
                "%(value)r is outside the range %(range)s of %(indicator)s",
                value=raw, range=_range(spec), indicator=spec.code,
            )  # fmt: skip
        return value, ""
    if spec.kind == "yesno":
        if raw.lower() not in _YES | _NO:
            raise ImportProblem(source, n, "waarde", "expected ja or nee, found %(value)r",
                                value=raw)  # fmt: skip
        value = 1.0 if raw.lower() in _YES else 0.0
        return value, "ja" if value else "nee"
    if raw.lower() not in spec.values:
        raise ImportProblem(
            source,
            n,
            "waarde",
            "expected one of %(known)s, found %(value)r",
            known=", ".join(spec.values),
            value=raw,
        )
    return None, raw.lower()


def read_table(path: Path) -> list[Observation]:
    source = str(path)
    rows = _rows(path)
    if not rows:
        raise ImportProblem(source, None, None, "the table is empty")
    header_row, first = rows[0]
    header = [c.strip().lower() for c in first]
    missing = [c for c in COLUMNS[:4] if c not in header]
    if missing:
        raise ImportProblem(source, header_row, None, "missing columns %(columns)s; use the "
                            "template", columns=", ".join(missing))  # fmt: skip
    col = {name: header.index(name) for name in COLUMNS if name in header}
    out: list[Observation] = []
    seen: dict[tuple[str, str, str], int] = {}
    for n, row in rows[1:]:
        row = row + [""] * (len(header) - len(row))

        def get(name: str, row: list[str] = row) -> str:
            return row[col[name]].strip() if name in col else ""

        code = _country(get("land"))
        if code is None or is_aggregate(code):
            raise ImportProblem(source, n, "land", "not a country: %(value)r", value=get("land"))
        spec = INDICATORS.get(get("indicator"))
        if spec is None:
            raise ImportProblem(
                source,
                n,
                "indicator",
                "unknown indicator %(value)r; one of %(known)s",
                value=get("indicator"),
                known=", ".join(sorted(INDICATORS)),
            )
        period = get("periode")
        if not _PERIOD_RE.match(period):
            raise ImportProblem(source, n, "periode", "expected JJJJ[-MM[-DD]], found %(value)r",
                                value=period)  # fmt: skip
        value, category = _value(source, n, spec, get("waarde"))
        key = (code, spec.code, period)
        if key in seen:
            raise ImportProblem(
                source, n, None, "same country, indicator and period as row %(row)s", row=seen[key]
            )
        seen[key] = n
        dims = (
            ("indicator", spec.code),
            ("categorie", category),
            ("eenheid", get("eenheid") or spec.unit),
            ("bron", get("bron")),
            ("toelichting", get("toelichting")),
            # where the value stands and who entered it: attributes, not part of its key
            ("rij", str(n)),
            ("ingevoerd_door", get("ingevoerd_door")),
        )
        out.append(Observation(DATASET, code, code, period, value, "", dims))
    return out
