"""The Eurostat datasets the product reads, their dimensions, and which value of each
breakdown is the total.

A current download breaks values down by age, sex, unit, destination and more; one row per
combination. Reading 'the' value of a country and year therefore means choosing the total
of every breakdown explicitly — never the last row of the file. The choices (codes as in
Eurostat's SDMX code lists, labels as in the older exports):

=========  ===================================  ==========================================
dimension  total                                note
=========  ===================================  ==========================================
age        TOTAL / 'Total'
sex        T / 'Total'
unit       PER / 'Person'                       not a percentage or a rate
c_dest     TOTAL / 'Total'                      migr_eirtn: every destination (not only
                                                third countries, THRD: a documented choice,
                                                the same population as migr_eiord)
indic_mg   'Total number of persons returned'   the 2017 export of migr_eirtn
reason     TOTAL / 'Total'                      refused entry, illegally present
border     TOTAL / 'Total'                      refused entry: land, sea and air
apprehen   TOTAL / 'Total'                      illegally present: where apprehended
asyl_app   ASY_APP / 'Asylum applicant'         applicants, not first-time only (NASY_APP)
applicant  APP / 'Asylum applicant'             its newer name
decision   TOTAL / 'Total'                      first-instance decisions, every outcome
=========  ===================================  ==========================================

Dataset codes and dimensions follow Eurostat's database (migr_eiord 'Third country
nationals ordered to leave', migr_eirtn 'returned following an order to leave', migr_eirfs
'refused entry at the external borders', migr_eipre 'found to be illegally present',
migr_asyappctza 'asylum applicants', migr_asydcfsta 'first instance decisions').
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dataset:
    code: str
    name_nl: str
    name_en: str
    #: the breakdowns this dataset has (lower case), besides geo, citizen, time and freq
    dimensions: frozenset[str]


DATASETS: dict[str, Dataset] = {d.code: d for d in (
    Dataset("migr_eiord", "Onderdanen van derde landen met een terugkeerbesluit",
            "Third-country nationals ordered to leave", frozenset({"age", "sex", "unit"})),
    Dataset("migr_eirtn", "Onderdanen van derde landen teruggekeerd na een terugkeerbesluit",
            "Third-country nationals returned following an order to leave",
            frozenset({"age", "sex", "unit", "c_dest", "indic_mg"})),
    Dataset("migr_eirfs", "Onderdanen van derde landen geweigerd aan de buitengrens",
            "Third-country nationals refused entry at the external borders",
            frozenset({"age", "sex", "unit", "reason", "border"})),
    Dataset("migr_eipre", "Onderdanen van derde landen illegaal aanwezig",
            "Third-country nationals found to be illegally present",
            frozenset({"age", "sex", "unit", "reason", "apprehen"})),
    Dataset("migr_asyappctza", "Asielaanvragers", "Asylum applicants",
            frozenset({"age", "sex", "unit", "asyl_app", "applicant"})),
    Dataset("migr_asydcfsta", "Beslissingen in eerste aanleg op asielaanvragen",
            "First instance decisions on asylum applications",
            frozenset({"age", "sex", "unit", "decision"})),
)}  # fmt: skip

#: per breakdown, the values that stand for its total (codes and export labels, lower case)
TOTALS: dict[str, frozenset[str]] = {
    "age": frozenset({"total"}),
    "sex": frozenset({"t", "total"}),
    "unit": frozenset({"per", "person", "persons"}),
    "c_dest": frozenset({"total"}),
    "indic_mg": frozenset({"total number of persons returned", "total"}),
    "reason": frozenset({"total"}),
    "border": frozenset({"total"}),
    "apprehen": frozenset({"total"}),
    "asyl_app": frozenset({"asy_app", "asylum applicant"}),
    "applicant": frozenset({"app", "asylum applicant"}),
    "decision": frozenset({"total"}),
}

#: a breakdown that only one dataset has tells which dataset a file is
SIGNATURES: dict[str, str] = {
    "c_dest": "migr_eirtn", "indic_mg": "migr_eirtn", "border": "migr_eirfs",
    "apprehen": "migr_eipre", "asyl_app": "migr_asyappctza", "applicant": "migr_asyappctza",
    "decision": "migr_asydcfsta",
}  # fmt: skip

#: columns that describe a value rather than break it down
ATTRIBUTES = frozenset({"freq", "obs_flag", "conf_status", "obs_status", "flag and footnotes"})


def is_total(dims: dict[str, str] | tuple[tuple[str, str], ...]) -> bool:
    """Whether a row is the total of every breakdown it has (a breakdown the table does not
    know is total only when the file gives it one value, which the reader checks)."""
    items = dims.items() if isinstance(dims, dict) else dims
    for name, value in items:
        totals = TOTALS.get(name)
        if totals is not None and value.strip().lower() not in totals:
            return False
    return True


#: reporting areas in the order 'auto' prefers them: the current Union first; EU28 (with
#: the United Kingdom, never bound by the Visa Code) only for data that stop in 2019
PREFERRED_AREAS = ("EU27_2020", "EU28", "EU27_2007")


def choose_area(available: set[str], wanted: str = "auto") -> str | None:
    """The reporting area to read: ``wanted`` when the data have it, or with 'auto' the
    newest Union aggregate present; None when there is none."""
    if wanted != "auto":
        return wanted if wanted in available else None
    return next((a for a in PREFERRED_AREAS if a in available), None)
