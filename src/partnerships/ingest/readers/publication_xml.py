"""The publication office's XML of a Kamerstuk (``kst-….xml``, root ``officiele-publicatie``).

Found on a real file: an ``officiele-publicatie`` XML file was read as plain text, its tags
in the body. This reader walks the document instead: the dossier (``dossier/dossiernummer/
dossiernr`` and ``titel``) and the stuk (``stuknr/ondernummer``, ``titel`` 'BRIEF VAN …')
become the publication's header lines, every block of text (``al``, ``tussenkop``, list
items, a table's cells) a line of its own in document order, a footnote
(``noot[@type='voet']``, ``noot.nr``, ``noot.al``) a footnote line with its marker put back
where the note stood, and a signature (``ondertekening``: ``functie``, ``naam``) the two
lines of the publication's two-line form. ``datum[@isodatum]`` is kept as the date the
file states. ``ingest/publication.py`` then reads these lines like the text and HTML
renditions, so all three give the same record.

Other official publications (Staatscourant, Handelingen, Tractatenblad) and Kamerstukken
that are not letters (a motion, a report) are refused with a message that says so; XML of
any other kind is refused too. External entities and network access are off.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.layout import Line, RawDocument, Role

ROOT = "officiele-publicatie"
#: elements whose text runs inside a block rather than making one
_INLINE = frozenset({
    "nadruk", "extref", "intref", "datum", "naam", "voornaam", "achternaam", "noot",
    "sup", "inf", "afkorting", "ondernummer", "dossiernr", "br", "nr", "label",
})  # fmt: skip
#: parts of the document that hold no text of the letter
_SKIP = frozenset({"metadata", "meta", "meta-data", "kamerstukkop", "dossier", "stuknr",
                   "noot.nr", "illustratie", "plaatje"})  # fmt: skip
_KINDS = {
    "stcrt": "Staatscourant", "staatscourant": "Staatscourant", "handelingen": "Handelingen",
    "trb": "Tractatenblad", "stb": "Staatsblad", "staatsblad": "Staatsblad",
    "kamervragen": "Kamervragen (Aanhangsel)", "bijlage": "bijlage",
}  # fmt: skip


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(el: etree._Element, notes: list[tuple[int, str]] | None = None) -> str:
    """The text of a block; a footnote inside it becomes its number glued to the word before
    it (as the text renditions print it), and its text goes to ``notes``."""
    parts: list[str] = [el.text or ""]
    for child in el:
        name = _local(child.tag)
        if name == "noot" and notes is not None:
            number = "".join(child.findtext("{*}noot.nr") or child.findtext("noot.nr") or "")
            body = " ".join(
                _text(al) for al in child if _local(al.tag) not in ("noot.nr",)
            )  # fmt: skip
            if number.strip().isdigit():
                notes.append((int(number), " ".join(body.split())))
                parts[-1] = parts[-1].rstrip()
                parts.append(number.strip())
        elif name not in _SKIP:
            parts.append(_text(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _descendant_text(el: etree._Element, name: str) -> str:
    """The text of the descendants of ``el`` called ``name`` (any namespace)."""
    return "".join(t for d in el.iter() if _local(d.tag) == name for t in d.itertext()).strip()


def _is_block(el: etree._Element) -> bool:
    if (el.text or "").strip():
        return True
    return any((c.tail or "").strip() for c in el) or (
        len(el) > 0 and all(_local(c.tag) in _INLINE for c in el)
    )


def _kamerstuk(source: str, data: bytes) -> etree._Element:
    """The <kamerstuk> of an officiële publicatie; anything else is refused, saying what
    it is."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(source, "not well-formed XML (%(reason)s)", reason=str(exc)) from exc
    if _local(root.tag) != ROOT:
        raise ExtractionError(
            source,
            "XML with root <%(root)s> is not an officiële publicatie: letters are read from "
            "the publication office's Kamerstuk XML (root <officiele-publicatie>)",
            root=_local(root.tag),
        )
    kamerstuk = next((el for el in root.iter() if _local(el.tag) == "kamerstuk"), None)
    if kamerstuk is None:
        kinds = [_local(el.tag) for el in root]
        kind = next((_KINDS[k] for k in kinds if k in _KINDS), ", ".join(kinds) or "empty")
        raise ExtractionError(
            source,
            "this officiële publicatie is not a Kamerstuk (%(kind)s): only letters to "
            "parliament (Kamerstukken) are read",
            kind=kind,
        )
    return kamerstuk


def _letter(source: str, kamerstuk: etree._Element) -> tuple[etree._Element, str, str]:
    """The Kamerstuk's <stuk>, its number and its title, when it is a letter (BRIEF VAN …)."""
    stuk = next((el for el in kamerstuk if _local(el.tag) == "stuk"), None)
    if stuk is None:
        raise ExtractionError(source, "Kamerstuk XML without <stuk>: no letter in it")
    ondernummer = _descendant_text(stuk, "ondernummer")
    title = next((_text(el) for el in stuk if _local(el.tag) == "titel"), "")
    title = " ".join(title.split())
    if not title.upper().startswith("BRIEF"):
        raise ExtractionError(
            source,
            "Kamerstuk nr. %(number)s is '%(title)s', not a letter (BRIEF VAN …): motions, "
            "reports and bills are not read as letters yet",
            number=ondernummer or "?",
            title=title[:80] or "—",
        )
    return stuk, ondernummer, title


def read_publication_xml(source: str, data: bytes) -> RawDocument:
    kamerstuk = _kamerstuk(source, data)
    lines: list[Line] = []

    def add(text: str, role: Role | None = None, number: int | None = None) -> None:
        text = " ".join(text.split())
        if text:
            lines.append(Line(text=text, role=role, gap_before=True, footnote_number=number))

    for dossier in (el for el in kamerstuk if _local(el.tag) == "dossier"):
        number = _descendant_text(dossier, "dossiernr")
        toevoeging = _descendant_text(dossier, "toevoeging")
        title = next((_text(el) for el in dossier if _local(el.tag) == "titel"), "")
        add(f"{number} {toevoeging} {title}")
    stuk, ondernummer, title = _letter(source, kamerstuk)
    add(f"Nr. {ondernummer} {title}")
    iso = next((el.get("isodatum") for el in stuk.iter()
                if _local(el.tag) == "datum" and el.get("isodatum")), None)  # fmt: skip
    notes: list[tuple[int, str]] = []
    for child in stuk:
        _walk(child, stuk, add, notes)
    for note_number, note_text in notes:
        add(note_text, Role.FOOTNOTE, note_number)
    doc = RawDocument(source=source, format="xml", lines=lines)
    if iso:
        doc.metadata["date"] = iso
    return doc


def _walk(
    el: etree._Element, stuk: etree._Element, add: Callable[[str], None],
    notes: list[tuple[int, str]],
) -> None:  # fmt: skip
    """The letter's text block by block: the signature as function and name, a block as
    one line (its footnotes collected in ``notes``), other elements through their children."""
    name = _local(el.tag)
    if name in _SKIP or (name == "titel" and el.getparent() is stuk):
        return
    if name == "ondertekening":
        function = "".join(
            _text(c) for c in el if _local(c.tag) in ("functie", "organisatie")
        )  # fmt: skip
        person = " ".join(_text(c) for c in el if _local(c.tag) == "naam")
        add(function.rstrip().rstrip(",") + ",")
        add(person)
        return
    if name not in _INLINE and _is_block(el):
        add(_text(el, notes))
        return
    for child in el:
        _walk(child, stuk, add, notes)
