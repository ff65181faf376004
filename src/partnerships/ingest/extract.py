"""The extraction service: one file in, one ``Letter`` out (or one clear error).

It detects the kind of input from its content (a '.txt' that is really a PDF is read as a
PDF; a '.pdf' that holds text is read as text), reads it into lines, assembles the letter
and runs the recognisers over the clean body and every footnote, so that every fact has
a span in the body or in a footnote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

from partnerships.domain import Footnote, KamerstukId, Letter, Mention, Sender
from partnerships.ingest.commitments import commitment_promiser, find_commitments
from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.gazetteer import get_gazetteer, load_sidebar_vocabulary
from partnerships.ingest.layout import RawDocument
from partnerships.ingest.metadata import (
    find_addressee,
    find_attachments,
    find_date,
    find_kenmerk,
    find_sender,
    find_signatories,
    ministry_of_function,
)
from partnerships.ingest.motion import Motion, read_motion
from partnerships.ingest.numbers import find_amounts, find_percentages, find_quantities
from partnerships.ingest.publication import Publication, read_publication
from partnerships.ingest.quality import check_is_letter, check_readable
from partnerships.ingest.readers.docx import read_docx
from partnerships.ingest.readers.html import read_html
from partnerships.ingest.readers.markdown import read_markdown
from partnerships.ingest.readers.pdf import read_pdf
from partnerships.ingest.readers.publication_xml import read_publication_xml
from partnerships.ingest.readers.text import decode_text, read_text
from partnerships.ingest.references import find_references
from partnerships.ingest.structure import Assembled, SidebarVocabulary, assemble
from partnerships.ingest.topics import find_topics

SUPPORTED_SUFFIXES = (
    ".pdf", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".xml", ".docx",
)  # fmt: skip

_HTML_RE = re.compile(r"<(?:!doctype\s+html|html|body|head|p|div|h[1-6]|table|article)\b", re.I)
_MD_HINT_RE = re.compile(r"(?m)^(?:#{1,6}\s|\*\*[^*]+\*\*|>\s|[-*]\s|\d+\.\s)|\[[^\]]+\]\([^)]+\)")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    gazetteer_path: Path | None = None
    home_country: str | None = "NLD"
    max_bytes: int = 200 * 1024 * 1024


def detect_format(path: Path, head: bytes) -> str:
    """'pdf', 'publication-xml', 'html', 'markdown' or 'text', from content first and
    extension second."""
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    suffix = path.suffix.lower()
    if head[:4] == b"PK\x03\x04" and (b"word/" in head or suffix == ".docx"):
        return "docx"  # a Word file (a zip with word/document.xml)
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        _refuse_binary(path, suffix)
    sample = head[:8192].decode("utf-8", errors="replace")
    if "<officiele-publicatie" in sample:
        return "publication-xml"  # the publication office's XML, whatever the extension
    looks_xml = suffix == ".xml" or sample.lstrip("\ufeff \r\n\t").startswith("<?xml")
    if looks_xml and not _HTML_RE.search(sample[:2048]):
        raise ExtractionError(
            str(path),
            "XML that is not an officiële publicatie: letters are read from the "
            "publication office's Kamerstuk XML (root <officiele-publicatie>), PDF, "
            "text, markdown and HTML",
        )
    if _HTML_RE.search(sample[:2048]) and (suffix in (".html", ".htm", ".xhtml") or "</" in sample):
        return "html"
    return _text_format(path, suffix, sample)


def _refuse_binary(path: Path, suffix: str) -> NoReturn:
    if suffix == ".pdf":
        raise ExtractionError(str(path), "not a readable PDF (no PDF header; corrupt file?)")
    raise ExtractionError(str(path), "binary content: not a PDF, text, markdown or HTML file")


def _text_format(path: Path, suffix: str, sample: str) -> str:
    """A text file's format by its extension, else by its markdown marks."""
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".pdf":
        # a '.pdf' without a PDF header: if it is text, read it as text, else refuse
        if sample.strip() and sample.count("\ufffd") < 5:
            return "text"
        raise ExtractionError(str(path), "not a readable PDF (no PDF header; corrupt file?)")
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix not in (".txt", ".text") and len(_MD_HINT_RE.findall(sample)) >= 3:
        return "markdown"
    return "text"


@lru_cache(maxsize=4)
def _vocabulary(extra: Path | None) -> SidebarVocabulary:
    labels, words = load_sidebar_vocabulary(extra)
    return SidebarVocabulary(labels, words)


def read_document(path: Path, options: ExtractOptions | None = None) -> RawDocument:
    options = options or ExtractOptions()
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise ExtractionError(
                str(path),
                "file is %(size)s MiB, over the limit of %(limit)s MiB (setting max_file_mb)",
                size=size // (1024 * 1024),
                limit=options.max_bytes // (1024 * 1024),
            )
        if size == 0:
            raise ExtractionError(str(path), "the file is empty")
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise ExtractionError(
            str(path), "cannot read file: %(reason)s", reason=exc.strerror or str(exc)
        ) from exc
    fmt = detect_format(path, head)
    suffix = path.suffix.lower()
    if (
        fmt not in ("pdf", "html", "publication-xml", "docx")
        and suffix
        and suffix not in SUPPORTED_SUFFIXES
    ):
        raise ExtractionError(
            str(path),
            "unsupported file type %(suffix)r: letters are read from %(supported)s",
            suffix=suffix,
            supported=", ".join(SUPPORTED_SUFFIXES),
        )
    if fmt == "pdf":
        return read_pdf(path)
    if fmt == "docx":
        return read_docx(str(path), path.read_bytes())
    if fmt == "publication-xml":
        return read_publication_xml(str(path), path.read_bytes())
    text = decode_text(path.read_bytes())
    if fmt == "html":
        return read_html(str(path), text)
    if fmt == "markdown":
        return read_markdown(str(path), text)
    return read_text(str(path), text, "txt")


def extract_document(raw: RawDocument, options: ExtractOptions | None = None) -> Letter:
    options = options or ExtractOptions()
    fmt_name = {"md": "markdown", "txt": "text"}.get(raw.format, raw.format)
    motion = read_motion(raw)
    publication = read_publication(raw) if motion is None else None
    if motion is not None:  # a document that is a motion (ingest/motion.py)
        asm, letter_date, letter = _motion_letter(raw, motion, fmt_name)
    elif publication is not None:  # the official publication (ingest/publication.py)
        asm, letter_date, letter = _publication_letter(raw, publication, fmt_name)
    else:
        asm, letter_date, letter = _assembled_letter(raw, options, fmt_name)
    _recognise(letter, letter.body, None, letter_date, options)
    _recognise_footnotes(letter, asm, letter_date, options)
    dossier = letter.kamerstuk.dossier if letter.kamerstuk else None
    letter.migration, letter.migration_confidence, letter.topics = find_topics(
        letter.body, letter.subject, dossier
    )
    signed = [(s.name, s.function) for s in letter.signatories]
    for commitment in letter.commitments:
        commitment.promiser = commitment_promiser(commitment.text, signed)
    return letter


def _motion_letter(
    raw: RawDocument, motion: Motion, fmt_name: str
) -> tuple[Assembled, date | None, Letter]:
    """A motion: its date, subject and movers as its own lines say them."""
    letter_date = motion.date
    asm = Assembled(body=motion.body, markers=[], footnotes=[], letterhead=[], sidebar=[],
                    signature=[], subject=motion.subject, warnings=[])  # fmt: skip
    letter = Letter(
        source=raw.source,
        format=fmt_name,
        kind="motion",
        date=letter_date.isoformat() if letter_date else None,
        subject=motion.subject,
        signatories=motion.movers,
        pages=raw.pages,
        body=motion.body,
        warnings=list(raw.warnings)
        + ([] if letter_date else ["motion without a 'Voorgesteld <date>' line: no date"]),
    )
    letter.kamerstuk = own_kamerstuk(raw, motion.kamerstuk, letter.warnings)
    return asm, letter_date, letter


def _publication_letter(
    raw: RawDocument, publication: Publication, fmt_name: str
) -> tuple[Assembled, date | None, Letter]:
    """The official publication: its metadata as the publication office gives it."""
    asm = publication.assembled
    letter_date = publication.date
    letter = Letter(
        source=raw.source,
        format=fmt_name,
        date=letter_date.isoformat() if letter_date else None,
        subject=asm.subject,
        addressee=publication.addressee,
        sender=publication.sender,
        signatories=publication.signatories,
        pages=raw.pages,
        body=asm.body,
        warnings=list(raw.warnings) + list(asm.warnings),
    )
    letter.kamerstuk = own_kamerstuk(raw, publication.kamerstuk, letter.warnings)
    return asm, letter_date, letter


def _assembled_letter(
    raw: RawDocument, options: ExtractOptions, fmt_name: str
) -> tuple[Assembled, date | None, Letter]:
    """Any other letter: letterhead, sidebar and signature found by its layout."""
    asm = assemble(raw, _vocabulary(options.gazetteer_path))
    letter_date = find_date(asm.letterhead, asm.sidebar)
    letter = Letter(
        source=raw.source,
        format=fmt_name,
        kenmerk=find_kenmerk(asm.letterhead, asm.sidebar),
        date=letter_date.isoformat() if letter_date else None,
        subject=asm.subject,
        addressee=find_addressee(asm.letterhead),
        sender=find_sender(asm.letterhead, asm.sidebar),
        signatories=find_signatories(asm.signature),
        attachments=find_attachments(asm.letterhead, asm.sidebar),
        pages=raw.pages,
        body=asm.body,
        warnings=list(raw.warnings) + list(asm.warnings),
    )
    letter.kamerstuk = own_kamerstuk(raw, None, letter.warnings)
    if letter.sender.ministry is None and letter.signatories:
        # no letterhead (an OCR'd or retyped letter): the signature says who sends it,
        # 'De Minister van Asiel en Migratie,' -> Ministerie van Asiel en Migratie
        ministry = ministry_of_function(letter.signatories[0].function or "")
        if ministry:
            letter.sender = Sender(ministry=ministry, unit=letter.sender.unit)
    if letter.subject is None and not asm.letterhead and letter.signatories:
        letter.subject = _title_without_letterhead(raw)
    return asm, letter_date, letter


def _recognise_footnotes(
    letter: Letter, asm: Assembled, letter_date: date | None, options: ExtractOptions
) -> None:
    """Each footnote with its marker's place; facts only from a number's first text."""
    markers: dict[int, int] = {}
    for offset, number in asm.markers:
        markers.setdefault(number, offset)
    seen: set[int] = set()
    for number, text in asm.footnotes:
        letter.footnotes.append(
            Footnote(number=number, text=text, marker_offset=markers.get(number))
        )
        if number in seen:
            # a footnote is cited by its number, so only its first occurrence can carry facts
            letter.warnings.append(
                f"footnote {number} occurs more than once; facts in its later text are not indexed"
            )
            continue
        seen.add(number)
        _recognise(letter, text, number, letter_date, options)
    for number in sorted(set(markers) - seen):
        letter.warnings.append(f"marker {number} in the body has no footnote text")


_SUBJECT_LINE_RE = re.compile(r"^\s*(?:Betreft|Onderwerp)\s*:?\s+(\S.{3,})$", re.I)
_SECTION_NAMES = frozenset({"inleiding", "samenvatting", "aanleiding", "achtergrond",
                            "bijlage", "bijlagen", "inhoud", "inhoudsopgave"})  # fmt: skip


def _title_without_letterhead(raw: RawDocument) -> str | None:
    """A letter without letterhead: its subject line ('Betreft: …') or its first heading
    (not a section name such as 'Inleiding'), among its first lines — never the file
    name. None when it has neither."""
    for line in raw.lines[:15]:
        m = _SUBJECT_LINE_RE.match(line.text)
        if m:
            return " ".join(m.group(1).split())
    for line in raw.lines[:5]:
        text = " ".join(line.text.split()).strip("#* ")
        if line.heading and text and text.lower().rstrip(":") not in _SECTION_NAMES:
            return text
    return None


_KST_NAME_RE = re.compile(
    r"(?:^|[^A-Za-z0-9])kst-(\d{5})(?:-([A-Z0-9]{1,5}))?-(\d{1,5}[a-z]?|[A-Z]{1,3})(?![0-9A-Z])",
    re.I,
)
_HEADER_DOSSIER_RE = re.compile(r"^\s*(\d{2}\s?\d{3})(?:\s+([IVX]{1,5}|[A-Z]))?(?:\s|$)")
_HEADER_NR_RE = re.compile(r"^\s*Nr\.\s*(\d{1,5}[a-z]?|[A-Z]{1,3})(?![\w.])")


def own_kamerstuk(
    raw: RawDocument, stated: KamerstukId | None = None, warnings: list[str] | None = None
) -> KamerstukId | None:
    """The document's own Kamerstuk number: what the document states (``stated`` by the
    publication or motion reader, else its printed header: '35 300 VI' with 'Nr. 37'
    below), else an officielebekendmakingen file name ('kst-35300-VI-37.pdf'). The text
    wins over the name — a file saved or served under another number is that other
    number's only by its name — and a disagreement is a warning."""
    own = stated or _header_kamerstuk(raw)
    m = _KST_NAME_RE.search(Path(raw.source).name)
    named = None
    if m:
        dossier = m.group(1) + (f"-{m.group(2).upper()}" if m.group(2) else "")
        named = KamerstukId(dossier, m.group(3))
    if (
        own is not None
        and named is not None
        and warnings is not None
        and (own.dossier.replace("-", "").upper(), own.number.upper())
        != (named.dossier.replace("-", "").upper(), named.number.upper())
    ):
        warnings.append(
            f"the file name says Kamerstuk {named.dossier}-{named.number}, the document "
            f"itself {own.dossier}-{own.number}: the document's own number is kept"
        )
    return own or named


def _header_kamerstuk(raw: RawDocument) -> KamerstukId | None:
    head = [ln.text for ln in raw.lines[:15]]
    for i, text in enumerate(head):
        d = _HEADER_DOSSIER_RE.match(text)
        if not d:
            continue
        for nxt in head[i + 1 : i + 4]:
            n = _HEADER_NR_RE.match(nxt)
            if n:
                dossier = d.group(1).replace(" ", "") + (f"-{d.group(2)}" if d.group(2) else "")
                return KamerstukId(dossier, n.group(1))
    return None


def _recognise(
    letter: Letter,
    text: str,
    footnote: int | None,
    letter_date: date | None,
    options: ExtractOptions,
) -> None:
    def place(items: list[Mention]) -> None:
        for item in items:
            item.footnote = footnote

    refs = find_references(text)
    entities = get_gazetteer(options.gazetteer_path).find(text, options.home_country)
    amounts = find_amounts(text)
    percentages = find_percentages(text)
    taken = [(r.start, r.end) for r in refs if r.kind != "motion"]
    taken += [(a.start, a.end) for a in amounts] + [(p.start, p.end) for p in percentages]
    quantities = find_quantities(text, taken)
    for group in (refs, entities, amounts, percentages, quantities):
        place(group)  # type: ignore[arg-type]
    letter.references.extend(refs)
    letter.entities.extend(entities)
    letter.amounts.extend(amounts)
    letter.percentages.extend(percentages)
    letter.quantities.extend(quantities)
    if footnote is None and letter.kind != "motion":  # a motion promises nothing
        letter.commitments.extend(find_commitments(text, letter_date))


def extract_file(path: Path, options: ExtractOptions | None = None) -> Letter:
    """Extract one file. Raises ExtractionError (one line: file and problem) when the file
    cannot be read at all; anything readable gives a Letter, with None for what it lacks."""
    raw = read_document(path, options)
    check_readable(str(path), "\n".join(line.text for line in raw.lines))
    letter = extract_document(raw, options)
    has_metadata = bool(
        letter.date or letter.kenmerk or letter.subject or letter.addressee or letter.kamerstuk
    )
    check_is_letter(str(path), letter.body, has_metadata)
    return letter
