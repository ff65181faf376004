"""The form of a letter to parliament (Kamerbrief): who sends it, to whom, under which
kenmerk, signed by whom — and the rule for when a report may be sent as final.

A report is rendered in this form from a sender profile kept as data (a TOML file, see
docs/reports.md), so a ministry replaces the bundled example with its own. A draft shows
what is missing; a final report refuses to render while anything is.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Signatory:
    """'De Minister van Buitenlandse Zaken,' and the name under it."""

    function: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class SenderProfile:
    ministry: str
    directorate: str = ""
    department: str = ""
    visiting_address: tuple[str, ...] = ()
    postal_address: tuple[str, ...] = ()
    website: str = ""
    return_address: str = ""
    addressee: tuple[str, ...] = (
        "Aan de Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
        "2500 EA DEN HAAG",
    )  # fmt: skip
    reply_note: str = ""
    signatories: tuple[Signatory, ...] = ()
    #: where the profile was read from (named in messages)
    origin: str = ""
    #: a profile shipped as an example (not a ministry's own): never sent as final
    example: bool = False


@dataclass(frozen=True, slots=True)
class LetterForm:
    """How one report is sent: the profile, the kenmerk the ministry's registry gave it,
    the attachments it names, and whether it is the final version."""

    profile: SenderProfile
    kenmerk: str = ""
    final: bool = False
    attachments: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Unwritten:
    """What a report still lacks, as the renderer finds it: sections without text and
    sources that do not resolve or hold example values."""

    sections: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


def final_problems(form: LetterForm, missing: Unwritten) -> list[str]:
    """Why a report cannot be sent as final (empty: it can). Each problem names the place
    to fix it, in Dutch, the language of the letter."""
    problems: list[str] = []
    p = form.profile
    where = f" ({p.origin})" if p.origin else ""
    if p.example:
        problems.append("het afzenderprofiel is het meegeleverde voorbeeld: stel het eigen "
                        "profiel in (PARTNERSHIPS_SENDER_PROFILE)")  # fmt: skip
    if not form.kenmerk.strip():
        problems.append("geen kenmerk: vul het kenmerk in dat de registratie gaf")
    if not p.signatories:
        problems.append(f"het afzenderprofiel noemt geen ondertekenaar{where}")
    for n, s in enumerate(p.signatories, start=1):
        if not s.name.strip():
            problems.append(f"ondertekenaar {n} ({s.function}) heeft geen naam{where}")
    problems += [f"sectie zonder tekst: {title}" for title in missing.sections]
    problems += [f"bron niet te herleiden: {label}" for label in missing.unresolved]
    problems += [f"voorbeeldwaarden (fictief) als bron: {label}" for label in missing.examples]
    return problems


class NotFinal(ValueError):
    """A report asked for as final that is not ready: every reason, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Dit rapport kan nog niet definitief worden gemaakt:\n- "
                         + "\n- ".join(problems))  # fmt: skip
        self.problems = problems
