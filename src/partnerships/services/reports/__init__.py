"""Reports to parliament as a service: build the content model (a module per report),
render it (``reporting/``: the model, renderers and charts), and keep the editable
narratives (``texts``, stored through ``store/report_texts.py``)."""

from __future__ import annotations

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Invalid
from partnerships.domain.letterhead import LetterForm, NotFinal
from partnerships.reporting.model import Report
from partnerships.reporting.profile import ProfileError, load_profile
from partnerships.reporting.render import TemplateError, render
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports.contents import build
from partnerships.services.reports.texts import save_text, text_history

KINDS = ("pillars", "gcm", "country", "commitments")
FORMATS = ("docx", "pdf", "html")

__all__ = ["FORMATS", "KINDS", "NotFinal", "ProfileError", "TemplateError", "load_profile",
           "make", "save_text", "text_history"]  # fmt: skip


def make(
    kb: KnowledgeBase, user: UserContext, kind: str, fmt: str, period: str | None = None,
    country: str | None = None, kenmerk: str = "", final: bool = False,
    attachments: tuple[str, ...] = (),
) -> tuple[bytes, str, Report]:  # fmt: skip
    """The report as bytes in ``fmt`` with its media type and the model it was made from
    (whose ``unresolved`` lists every footnote that does not resolve), in the form of a
    Kamerbrief from the sender profile in the settings. ``final``: refuse (NotFinal,
    every reason named) while a section is unwritten, a source unresolved or an example,
    the kenmerk or a signatory's name missing."""
    if kind not in KINDS:
        raise Invalid("unknown report %(kind)r: one of %(choices)s", kind=kind,
                      choices=", ".join(KINDS))  # fmt: skip
    if fmt not in FORMATS:
        raise Invalid("unknown format %(format)r: one of %(choices)s", format=fmt,
                      choices=", ".join(FORMATS))  # fmt: skip
    form = LetterForm(load_profile(kb.settings.sender_profile), kenmerk.strip(), final,
                      tuple(a.strip() for a in attachments if a.strip()))  # fmt: skip
    report = build(kb, user, kind, period, country, final)
    data, media = render(report, fmt, form, kb.settings.report_template)
    audit.record(
        kb,
        user,
        "export",
        f"report:{kind}",
        {
            "formaat": fmt,
            "periode": period,
            "land": country,
            "bronnen": len(report.sources),
            "kenmerk": form.kenmerk or None,
            "definitief": final,
        },
    )
    return data, media, report
