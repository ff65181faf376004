"""IATI 2.0x activity files: what the Netherlands funds, as its ministries publish it.

No maintained Python library reads IATI activity XML (the ``iati.*`` packages on PyPI are
placeholders; see ADR 0007), so this reader walks the standard with lxml, streaming one
``iati-activity`` at a time. Codes become words from the bundled subset of the IATI
codelists; recipient countries become ISO 3166 alpha-3. Every problem names the file, the
line and the activity; nothing is returned unless the whole file is valid.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from partnerships.ingest.errors import ImportProblem

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: transaction-type codes (IATI TransactionType codelist) and what they count as
TRANSACTION_KINDS = {"1": "incoming", "2": "commitment", "3": "disbursement",
                     "4": "expenditure", "11": "incoming_commitment"}  # fmt: skip
ORG_ROLES = {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}


@lru_cache(maxsize=1)
def codelists() -> dict[str, dict[str, str]]:
    text = resources.files("partnerships.ingest").joinpath("data/iati_codelists.toml")
    raw = tomllib.loads(text.read_text("utf-8"))
    return {name: {str(k): str(v) for k, v in table.items()} for name, table in raw.items()}


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    ref: str
    role: str  # funding | accountable | extending | implementing


_Day = date  # the reader below has a method called date


@dataclass(frozen=True, slots=True)
class Money:
    kind: str  # budget | planned | commitment | disbursement | expenditure | incoming…
    start: date
    end: date
    value: float
    currency: str
    counterpart: str = ""  # receiver (or provider for incoming funds)
    #: ``value/@value-date``: the date for the exchange rate (IATI); None: the start date
    value_date: date | None = None


@dataclass(frozen=True, slots=True)
class ResultIndicator:
    title: str
    measure: str
    baseline_year: str
    baseline: float | None
    periods: tuple[tuple[str, str, float | None, float | None], ...]  # start, end, target, actual


@dataclass(frozen=True, slots=True)
class Result:
    kind: str  # output | outcome | impact | other
    title: str
    indicators: tuple[ResultIndicator, ...]


@dataclass
class Activity:
    identifier: str
    line: int
    reporting_ref: str
    reporting_name: str
    title: str
    description: str = ""
    status: str = ""
    start: date | None = None
    end: date | None = None
    flow: str = "ODA"
    currency: str = "EUR"
    humanitarian: bool = False
    orgs: list[Org] = field(default_factory=list)
    countries: list[tuple[str, float]] = field(default_factory=list)
    regions: list[tuple[str, str, float]] = field(default_factory=list)
    sectors: list[tuple[str, str, float]] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        """What is stored as the programme's details (everything not in its own column)."""
        return {
            "organisaties": [{"naam": o.name, "ref": o.ref, "rol": o.role} for o in self.orgs],
            "regios": [{"code": c, "naam": n, "percentage": p} for c, n, p in self.regions],
            "sectoren": [{"code": c, "naam": n, "percentage": p} for c, n, p in self.sectors],
            "resultaten": [
                {"soort": r.kind, "titel": r.title, "indicatoren": [
                    {"titel": i.title, "maat": i.measure, "basisjaar": i.baseline_year,
                     "basiswaarde": i.baseline,
                     "perioden": [{"van": a, "tot": b, "doel": t, "werkelijk": w}
                                  for a, b, t, w in i.periods]}
                    for i in r.indicators]}
                for r in self.results
            ],
        }  # fmt: skip


@dataclass
class IatiFile:
    version: str
    activities: list[Activity]
    other_publishers: int  # activities skipped because another organisation reported them


def _iso(el: etree._Element | None) -> str:
    return "" if el is None else (el.get("iso-date") or "")[:10]


def _text(el: etree._Element | None, lang: str = "NL") -> str:
    """A narrative in the preferred language (Dutch, then English, then the first)."""
    if el is None:
        return ""
    narratives = el.findall("narrative")
    if not narratives:
        return (el.text or "").strip()
    by_lang = {(n.get(XML_LANG) or "").upper(): (n.text or "").strip() for n in narratives}
    for want in (lang, "EN"):
        if by_lang.get(want):
            return by_lang[want]
    return (narratives[0].text or "").strip()


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def wrong(
        self, el: etree._Element, ident: str, what: str, /, **params: object
    ) -> ImportProblem:
        """What is wrong with ``el`` (a message id with its values), at its line."""
        line = el.sourceline if isinstance(el.sourceline, int) else None
        return ImportProblem(self.source, line, ident or None, what, **params)

    def date(self, el: etree._Element | None, ident: str, what: str) -> date | None:
        if el is None:
            return None
        raw = el.get("iso-date") or ""
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            raise self.wrong(
                el, ident, "%(element)s: not a date %(value)r", element=what, value=raw
            ) from None

    def value_date(self, el: etree._Element, ident: str) -> _Day | None:
        raw = el.get("value-date")
        if not raw:
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            raise self.wrong(el, ident, "value-date: not a date %(value)r", value=raw) from None

    def number(self, el: etree._Element, ident: str, what: str) -> float:
        raw = (el.text or "").strip()
        try:
            return float(raw)
        except ValueError:
            raise self.wrong(
                el, ident, "%(element)s: not a number %(value)r", element=what, value=raw
            ) from None

    def percentage(self, el: etree._Element, ident: str) -> float:
        raw = el.get("percentage")
        if raw is None or raw == "":
            return 100.0
        try:
            value = float(raw)
        except ValueError:
            raise self.wrong(el, ident, "percentage %(value)r is not a number", value=raw) from None
        if not 0 <= value <= 100:
            raise self.wrong(el, ident, "percentage %(value)s is outside 0–100", value=raw)
        return value

    def activity(self, el: etree._Element, default_lang: str) -> Activity:
        lists = codelists()
        ident = (el.findtext("iati-identifier") or "").strip()
        if not ident:
            raise self.wrong(el, "", "activity without iati-identifier")
        rep = el.find("reporting-org")
        if rep is None:
            raise self.wrong(el, ident, "activity without reporting-org")
        lang = (el.get(XML_LANG) or default_lang or "NL").upper()
        title = _text(el.find("title"), lang)
        if not title:
            raise self.wrong(el, ident, "activity without a title")
        act = Activity(ident, el.sourceline or 0, rep.get("ref") or "", _text(rep, lang), title)
        act.description = _text(el.find("description"), lang)
        status = el.find("activity-status")
        if status is not None:
            act.status = lists["activity_status"].get(
                status.get("code") or "", status.get("code") or ""
            )
        dates = {d.get("type"): d for d in el.findall("activity-date")}
        act.start = self.date(dates.get("2"), ident, "actual start") or self.date(
            dates.get("1"), ident, "planned start"
        )
        act.end = self.date(dates.get("4"), ident, "actual end") or self.date(
            dates.get("3"), ident, "planned end"
        )
        flow = el.find("default-flow-type")
        act.flow = "ODA" if flow is None or flow.get("code") == "10" else "non-ODA"
        act.currency = el.get("default-currency") or "EUR"
        act.humanitarian = (
            el.get("humanitarian") in ("1", "true") or el.find("humanitarian-scope") is not None
        )
        for org in el.findall("participating-org"):
            role = ORG_ROLES.get(org.get("role") or "", "other")
            act.orgs.append(
                Org(_text(org, lang) or org.get("ref") or "", org.get("ref") or "", role)
            )
        self._recipients(act, el, lists)
        for sec in el.findall("sector"):
            if (sec.get("vocabulary") or "1") not in ("1", "2"):
                continue
            code = sec.get("code") or ""
            name = _text(sec, "EN") or lists["sector"].get(code, code)
            act.sectors.append((code, name, self.percentage(sec, ident)))
        self._budgets(act, el)
        self._transactions(act, el, lang)
        for r in el.findall("result"):
            indicators = tuple(self._indicator(ind, ident, lang) for ind in r.findall("indicator"))
            kind = {"1": "output", "2": "outcome", "3": "impact"}.get(r.get("type") or "", "other")
            act.results.append(Result(kind, _text(r.find("title"), lang), indicators))
        return act

    def _recipients(
        self, act: Activity, el: etree._Element, lists: dict[str, dict[str, str]]
    ) -> None:
        """Countries (ISO 3166-1, refused otherwise) and regions with their shares, which
        together may not exceed 100 %."""
        from partnerships.domain.countries import country_code

        ident = act.identifier
        for rc in el.findall("recipient-country"):
            code = (rc.get("code") or "").strip()
            iso3 = country_code(code) if len(code) == 2 else None
            if iso3 is None or len(iso3) != 3:
                raise self.wrong(
                    rc, ident, "recipient-country %(code)r is not ISO 3166-1", code=code
                )
            act.countries.append((iso3, self.percentage(rc, ident)))
        for rr in el.findall("recipient-region"):
            code = rr.get("code") or ""
            name = _text(rr, "EN") or lists["region"].get(code, code)
            act.regions.append((code, name, self.percentage(rr, ident)))
        total = sum(p for _c, p in act.countries) + sum(p for _c, _n, p in act.regions)
        if total > 100.5:
            raise self.wrong(
                el, ident, "recipient percentages add up to %(total)g (> 100)", total=total
            )

    def _budgets(self, act: Activity, el: etree._Element) -> None:
        """Budgets and planned disbursements, each with its period and value."""
        ident = act.identifier
        for kind, tag in (("budget", "budget"), ("planned", "planned-disbursement")):
            for b in el.findall(tag):
                start = self.date(b.find("period-start"), ident, f"{tag} period-start")
                end = self.date(b.find("period-end"), ident, f"{tag} period-end") or start
                value = b.find("value")
                if start is None or end is None or value is None:
                    raise self.wrong(b, ident, "%(element)s without period or value", element=tag)
                amount = self.number(value, ident, f"{tag} value")
                act.money.append(Money(kind, start, end, amount,
                                       value.get("currency") or act.currency, "",
                                       self.value_date(value, ident)))  # fmt: skip

    def _transactions(self, act: Activity, el: etree._Element, lang: str) -> None:
        """Transactions, each with its type, date and value."""
        ident = act.identifier
        for t in el.findall("transaction"):
            type_el = t.find("transaction-type")
            type_code = type_el.get("code") if type_el is not None else None
            when = self.date(t.find("transaction-date"), ident, "transaction-date")
            value = t.find("value")
            if type_code is None or when is None or value is None:
                raise self.wrong(t, ident, "transaction without type, date or value")
            kind = TRANSACTION_KINDS.get(type_code, f"type {type_code}")
            counterpart = _text(t.find("provider-org" if kind.startswith("incoming") else
                                       "receiver-org"), lang)  # fmt: skip
            act.money.append(Money(kind, when, when, self.number(value, ident, "transaction value"),
                                   value.get("currency") or act.currency, counterpart,
                                   self.value_date(value, ident)))  # fmt: skip

    def _indicator(self, ind: etree._Element, ident: str, lang: str) -> ResultIndicator:
        """A result indicator with its baseline and its periods' targets and actuals."""
        base = ind.find("baseline")
        baseline = None
        if base is not None and base.get("value") not in (None, ""):
            baseline = self._float_attr(base, "value", ident)
        periods = []
        for p in ind.findall("period"):
            target = p.find("target")
            actual = p.find("actual")
            periods.append((
                _iso(p.find("period-start")), _iso(p.find("period-end")),
                self._float_attr(target, "value", ident) if target is not None else None,
                self._float_attr(actual, "value", ident) if actual is not None else None,
            ))  # fmt: skip
        return ResultIndicator(
            _text(ind.find("title"), lang),
            {"1": "eenheid", "2": "percentage", "5": "kwalitatief"}.get(
                ind.get("measure") or "", ind.get("measure") or ""),
            (base.get("year") or "") if base is not None else "", baseline,
            tuple(periods))  # fmt: skip

    def _float_attr(self, el: etree._Element, name: str, ident: str) -> float | None:
        raw = el.get(name)
        if raw is None or raw.strip() == "":
            return None
        try:
            return float(raw)
        except ValueError:
            raise self.wrong(
                el,
                ident,
                "%(element)s %(attribute)s %(value)r is not a number",
                element=str(el.tag),
                attribute=name,
                value=raw,
            ) from None


def read_iati(path: Path, reporting_org: str | None = "XM-DAC-7") -> IatiFile:
    """All activities of ``reporting_org`` (None: of every publisher) in one file."""
    source = str(path)
    reader = _Reader(source)
    activities: list[Activity] = []
    others = 0
    version = ""
    seen: dict[str, int] = {}
    try:
        context = etree.iterparse(
            str(path), events=("start", "end"), tag=("iati-activities", "iati-activity"),
            resolve_entities=False, no_network=True, huge_tree=False,
        )  # fmt: skip
        default_lang = "NL"
        for event, el in context:
            if el.tag == "iati-activities":
                if event == "start":
                    version, default_lang = _root(reader, el)
                continue
            if event != "end":
                continue
            rep = el.find("reporting-org")
            if reporting_org and (rep is None or rep.get("ref") != reporting_org):
                others += 1
            else:
                act = reader.activity(el, default_lang)
                if act.identifier in seen:
                    raise reader.wrong(el, act.identifier, "activity also on line %(line)s",
                                       line=seen[act.identifier])  # fmt: skip
                seen[act.identifier] = act.line
                activities.append(act)
            el.clear()
    except OSError as exc:
        raise ImportProblem(
            source, None, None, "cannot read file: %(reason)s", reason=str(exc)
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise ImportProblem(
            source, exc.lineno, None, "not well-formed XML: %(reason)s", reason=exc.msg
        ) from None
    if not version and not activities and not others:
        raise ImportProblem(source, None, None, "no iati-activities element: not an IATI file")
    return IatiFile(version, activities, others)


def _root(reader: _Reader, el: etree._Element) -> tuple[str, str]:
    """The file's IATI version (2.0x only) and its default language."""
    version = el.get("version") or ""
    if version and not version.startswith("2."):
        raise reader.wrong(el, "", "IATI version %(version)s: only 2.0x is read", version=version)
    return version, (el.get(XML_LANG) or "NL").upper()
