"""A publication's ``metadata.xml`` at the publication office
(zoek.officielebekendmakingen.nl/kst-19637-2302/metadata.xml): what the office states about
a Kamerstuk, beside its renditions (``kst-….xml``, ``.html``, ``.pdf``).

The shape, as the office publishes it: a ``metadata_gegevens`` root with one empty
``metadata`` element per statement, ``name`` the field and ``content`` the value; a field
may repeat (``OVERHEIDop.dossiernummer`` of a letter in two dossiers, one
``OVERHEIDop.indiener`` per signing minister)::

    <metadata_gegevens>
      <metadata name="DC.identifier" scheme="OVERHEIDop.ParlID" content="kst-19637-2302"/>
      <metadata name="OVERHEIDop.dossiernummer" scheme="" content="19637"/>
      <metadata name="OVERHEIDop.ondernummer" scheme="" content="2302"/>
      <metadata name="DCTERMS.issued" scheme="DCTERMS.W3CDTF" content="2017-02-23"/>
      …

Why it is read at all: it is the office's own word on which publication a rendition is.
A harvest takes a rendition as the Kamerstuk it asked for only when ``DC.identifier``
names that Kamerstuk — an address that redirects elsewhere, or a file that is another
publication, is refused rather than stored under the wrong number. It also states what a
rendition may not: the letter's date (``OVERHEIDop.datumBrief``), its title, every dossier
it belongs to and when it was published. Parsed without DTDs, entities or network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from partnerships.domain.errors import Invalid

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


class MetadataError(Invalid):
    """A metadata.xml that is not one, or that names another publication."""


@dataclass(frozen=True, slots=True)
class PublicationMetadata:
    identifier: str  # DC.identifier: 'kst-19637-2302'
    dossiers: tuple[str, ...]  # OVERHEIDop.dossiernummer, each: '19637', '36600-VI'
    number: str | None  # OVERHEIDop.ondernummer: '2302'
    title: str | None  # DC.title: the dossier's title and the stuk's, run together
    document_title: str | None  # OVERHEIDop.documenttitel: the stuk's own title
    letter_date: date | None  # OVERHEIDop.datumBrief
    issued: date | None  # DCTERMS.issued: the date of publication
    available: date | None  # DCTERMS.available
    modified: str | None  # DCTERMS.modified, as stated
    submitters: tuple[str, ...]  # OVERHEIDop.indiener: the signing ministers
    publication: str | None  # OVERHEIDop.publicationName: 'Kamerstuk'
    year: str | None  # OVERHEIDop.vergaderjaar: '2016-2017'

    @property
    def changed(self) -> str | None:
        """The publication's last change as the office states it (for the harvest record)."""
        if self.modified:
            return self.modified
        stated = self.available or self.issued
        return stated.isoformat() if stated else None


def _date(value: str | None, field: str, shown: str) -> date | None:
    if not value:
        return None
    m = _ISO_DATE.match(value.strip())
    try:
        return date.fromisoformat(m.group(1)) if m else date.fromisoformat(value.strip())
    except ValueError:
        raise MetadataError("%(shown)s: %(field)s %(value)r is not a date (YYYY-MM-DD)",
                            shown=shown, field=field, value=value) from None  # fmt: skip


def parse_metadata(data: bytes, expected: str, shown: str = "metadata.xml") -> PublicationMetadata:
    """The statements of one ``metadata.xml``; ``expected`` is the publication asked for
    ('kst-19637-2302'). Refused (``MetadataError``, naming ``shown``): not XML, not a
    ``metadata_gegevens`` document, no ``DC.identifier``, an identifier that is another
    publication's, two identifiers, a date that is not one."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise MetadataError(
            "%(shown)s: not XML (%(reason)s)", shown=shown, reason=str(exc)
        ) from None
    if etree.QName(root).localname != "metadata_gegevens":
        raise MetadataError(
            "%(shown)s: not the publication office's metadata (root %(root)r, expected "
            "'metadata_gegevens')", shown=shown, root=etree.QName(root).localname,
        )  # fmt: skip
    values: dict[str, list[str]] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname != "metadata":
            continue
        name, content = el.get("name"), " ".join((el.get("content") or "").split())
        if name and content:
            values.setdefault(name, []).append(content)

    def one(name: str) -> str | None:
        found = list(dict.fromkeys(values.get(name, [])))
        if len(found) > 1:
            raise MetadataError("%(shown)s: %(name)s is stated twice (%(values)s)", shown=shown,
                                name=name, values=", ".join(found))  # fmt: skip
        return found[0] if found else None

    identifier = one("DC.identifier")
    if identifier is None:
        raise MetadataError("%(shown)s: no DC.identifier: which publication it is, is not "
                            "stated", shown=shown)  # fmt: skip
    if identifier.lower() != expected.lower():
        raise MetadataError("%(shown)s: the publication office says this is %(identifier)s, not "
                            "%(expected)s", shown=shown, identifier=identifier,
                            expected=expected)  # fmt: skip
    dossiers = tuple(
        dict.fromkeys(re.sub(r"\s+", "", d) for d in values.get("OVERHEIDop.dossiernummer", []))
    )
    return PublicationMetadata(
        identifier=identifier,
        dossiers=dossiers,
        number=one("OVERHEIDop.ondernummer"),
        title=one("DC.title"),
        document_title=one("OVERHEIDop.documenttitel"),
        letter_date=_date(one("OVERHEIDop.datumBrief"), "OVERHEIDop.datumBrief", shown),
        issued=_date(one("DCTERMS.issued"), "DCTERMS.issued", shown),
        available=_date(one("DCTERMS.available"), "DCTERMS.available", shown),
        modified=one("DCTERMS.modified"),
        submitters=tuple(dict.fromkeys(values.get("OVERHEIDop.indiener", []))),
        publication=one("OVERHEIDop.publicationName"),
        year=one("OVERHEIDop.vergaderjaar"),
    )
