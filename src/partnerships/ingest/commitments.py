"""Commitments (toezeggingen): sentences in which the government promises parliament
something — to inform it, to send it a report, or that a report is expected by a date.

A sentence is a commitment when it addresses parliament ('uw Kamer', 'de Kamer') with a
promise verb in the future ('zal … informeren', 'ontvangt uw Kamer', 'wordt … geïnformeerd'),
records a promise ('is toegezegd', 'toezegging'), or announces a deliverable with a time
('Het rapport wordt in het eerste kwartaal van 2021 verwacht'). Past reports ('is uw Kamer
geïnformeerd') are not commitments.

Kinds: ``promise`` (a new promise, also in its explicit forms 'Ook zeg ik toe dat …', 'kom ik
hierop terug'), ``expected_delivery`` (a deliverable announced with a time),
``fulfilment`` (a report that an earlier promise is kept: 'conform de toezegging …',
'Zoals toegezegd, …') and ``intention`` (a policy intention that promises parliament
nothing: 'Het kabinet zal de mogelijkheden … in kaart brengen'; extracted, never tracked).
"""

from __future__ import annotations

import re
from datetime import date

from partnerships.domain import Commitment
from partnerships.ingest.dates import resolve_deadline
from partnerships.ingest.metadata import recase

_CUE_RE = re.compile(r"Kamer|toezeg|toegezegd|verwacht|zeg\s+\w+\s+toe|\bterug\b", re.I)
#: a new promise in its explicit forms: 'Ook zeg ik toe dat …', 'Ik zeg u toe …',
#: 'kom ik hierop terug', 'Ik kom hier in het najaar bij uw Kamer op terug'
_EXPLICIT_RE = re.compile(
    r"\bzeg\s+(?:ik|wij|we)\s+(?:u\s+|uw\s+Kamer\s+|de\s+Kamer\s+|hierbij\s+)?toe\b"
    r"|\b(?:ik|wij|we)\s+zeg(?:gen)?\s+(?:u|uw\s+Kamer|de\s+Kamer)\s+(?:\w+\s+){0,2}toe\b"
    r"|\bkom(?:en)?\s+(?:ik|wij|we|het\s+kabinet)\s+(?:\w+\s+){0,6}?(?:hier|daar)(?:op)?\s+"
    r"(?:\w+\s+){0,6}?(?:op\s+)?terug\b"
    r"|\b(?:ik|wij|we)\s+kom(?:en)?\s+(?:hier|daar)(?:op)?\s+(?:\w+\s+){0,8}?(?:op\s+)?terug\b",
    re.I,
)
#: a report that an earlier promise is kept: 'Zoals (ik) (in het debat) toegezegd, …'
_KEPT_RE = re.compile(
    r"^\s*(?:Zoals|Conform\s+wat)\s+(?:\w+\s+){0,10}?(?:heb|hebben|is|werd|was)?\s*"
    r"(?:\w+\s+){0,4}?toegezegd\b",
    re.I,
)
#: a promise recorded in the letter: 'In het debat heb ik toegezegd …', 'wij hebben … toegezegd'
_RECORDED_RE = re.compile(
    r"\b(?:heb|hebben)\s+(?:ik|wij|we)\s+(?:\w+\s+){0,8}?toegezegd\b"
    r"|\b(?:ik|wij|we)\s+(?:heb|hebben)\s+(?:\w+\s+){0,8}?toegezegd\b",
    re.I,
)
#: what this letter delivers now, not a promise: 'Hierbij ontvangt uw Kamer …', 'Met deze
#: brief informeer ik u over …', 'Bijgaand stuur ik u …'
_HEREWITH_RE = re.compile(
    r"^\s*(?:Hierbij|Bijgaand|Hiermee|Met\s+(?:deze|onderhavige|voorliggende)\s+brief)\b"
    r"(?:\s+\w+){0,6}?\s+(?:ontvangt|stuur|sturen|zend|zenden|bied|bieden|informeer|informeren|"
    r"bericht|berichten|geef|geven|doe|doen)\b",
    re.I,
)
#: a policy intention, not a promise to parliament: 'Het kabinet zal … in kaart brengen'
_INTENTION_RE = re.compile(
    r"\b(?:het\s+kabinet|ik|wij|we|Nederland)\s+(?:zal|zullen|gaat|gaan)\b[^.]*?\b"
    r"(?:in\s+kaart\s+brengen|onderzoeken|verkennen|uitwerken|bezien|inzetten\s+op|"
    r"verder\s+ontwikkelen|blijven\s+inzetten)\b",
    re.I,
)
_BOUNDARY_RE = re.compile(r"[.!?](?=\s+(?:[A-Z\"'‘“(]|\d)|\s*\n|\s*$)|\n\n")
_FULFILMENT_RE = re.compile(
    r"\b(?:conform|ter\s+uitvoering\s+van|in\s+uitvoering\s+van|hiermee\s+(?:kom|komt|komen)\s+"
    r"(?:ik|wij|we|het\s+kabinet)\s+(?:\w+\s+){0,3}tegemoet\s+aan|(?:hiermee|daarmee)\s+(?:wordt|is)\s+"
    r"(?:\w+\s+){0,3}voldaan\s+aan|waarmee\s+(?:tevens\s+)?wordt\s+voldaan\s+aan)\s+(?:de|het|een|mijn|"
    r"onze)?\s*(?:\w+\s+){0,2}(?:toezegging|toezeggingen|motie|verzoek)",
    re.I,
)
_ABBREV_RE = re.compile(
    r"\b(?:c\.s|o\.a|m\.n|t\.a\.v|t\.b\.v|i\.v\.m|e\.d|jl|nr|nrs|mln|mld|ca|bijv|d\.w\.z|m\.b\.t|z\.s\.m|EUR)\.$",
    re.I,
)

_KAMER = r"(?:uw|de|Uw|De)\s+(?:Eerste\s+|Tweede\s+)?Kamer"
_PROMISE_RE = re.compile(
    rf"{_KAMER}\b[^.]*?\b(?:is|zijn|werd)\s+toegezegd"
    rf"|\btoegezegd\s+(?:aan\s+)?{_KAMER}"
    rf"|\btoezegging\b"
    rf"|\b(?:zal|zullen|zult)\b[^.]*\b{_KAMER}\b"
    rf"|{_KAMER}\b[^.]*\b(?:zal|zullen)\b"
    rf"|\bontvangt\s+{_KAMER}"
    rf"|{_KAMER}\s+ontvangt\b"
    rf"|{_KAMER}\s+(?:wordt|zal\s+worden)\b[^.]*\b(?:geïnformeerd|ge[iï]nformeerd|geïnformeerd|bericht|toegezonden|toegestuurd)"
    rf"|\b(?:informeer|informeren|stuur|sturen|zend|zenden)\s+(?:ik|wij|we|het\s+kabinet)\s+{_KAMER}[^.]*\b(?:voor|in|na|rond|uiterlijk|begin|medio|eind)\b",
    re.I,
)
_EXPECTED_RE = re.compile(
    r"\b(?:rapport|rapportage|evaluatie|onderzoek|brief|resultaten|advies|verslag|reactie|"
    r"kabinetsreactie|uitkomsten|eindrapport|voortgangsbrief)\b[^.]*\b(?:wordt|worden|zijn|is)\b"
    r"[^.]*\bverwacht\b",
    re.I,
)
_PAST_RE = re.compile(
    r"\b(?:is|zijn|werd|werden)\s+(?:\w+\s+){0,6}?(?:geïnformeerd|toegegaan|toegezonden|"
    r"toegestuurd|gestuurd|aangeboden|bericht)\b|\bheeft\s+(?:\w+\s+){0,4}ontvangen\b",
    re.I,
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; abbreviation dots ('c.s.', 'o.a.', 'EUR 20 mln.') do not end one, and
    a paragraph break always does."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group(0) == "\n\n":
            end = m.start()
        else:
            end = m.end()
            if _ABBREV_RE.search(text[max(start, end - 12) : end]):
                continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        out.append((s + lead, e - trail))
    return out


def _deadline(sentence: str, letter_date: date | None) -> tuple[date | None, str | None]:
    """The first time phrase in the sentence that lies ahead of the letter's date."""
    rest = sentence
    offset = 0
    while rest:
        due, phrase = resolve_deadline(rest, letter_date)
        if due is None or phrase is None:
            return None, None
        at = rest.find(phrase)
        after = rest[at + len(phrase) : at + len(phrase) + 6]
        past = re.match(r"\s*j\.?l\.?", after) is not None or (
            letter_date is not None and due < letter_date
        )
        if not past:
            return due, phrase
        offset = at + len(phrase)
        rest = rest[offset:]
    return None, None


def find_commitments(body: str, letter_date: date | None) -> list[Commitment]:
    found: list[Commitment] = []
    for start, end in split_sentences(body):
        sentence = body[start:end]
        if not _CUE_RE.search(sentence):
            # no cue of parliament or of a promise: at most a policy intention
            future = any(w in sentence for w in ("zal", "zullen", "gaat", "gaan"))
            if future and _INTENTION_RE.search(sentence):
                found.append(Commitment(text=sentence, start=start, end=end,
                                        kind="intention"))  # fmt: skip
            continue  # cheap test first: no cue word, no commitment
        herewith = _HEREWITH_RE.search(sentence) is not None
        if _FULFILMENT_RE.search(sentence) or _KEPT_RE.search(sentence) or herewith:
            found.append(Commitment(text=sentence, start=start, end=end, kind="fulfilment"))
            continue
        if _EXPLICIT_RE.search(sentence) or _RECORDED_RE.search(sentence):
            due, due_text = _deadline(sentence, letter_date)
            found.append(Commitment(text=sentence, start=start, end=end,
                                    due_date=due.isoformat() if due else None,
                                    due_text=due_text, kind="promise"))  # fmt: skip
            continue
        promise = _PROMISE_RE.search(sentence)
        expected = _EXPECTED_RE.search(sentence)
        if not promise and not expected:
            continue
        recorded = promise is not None and re.search(
            r"toegezegd|toezegging", promise.group(0), re.I
        )
        if (
            promise
            and not recorded
            and _PAST_RE.search(sentence)
            and not re.search(r"\b(?:zal|zullen|ontvangt)\b", sentence, re.I)
        ):
            continue
        due, due_text = _deadline(sentence, letter_date)
        if expected and not promise and due is None:
            continue  # 'wordt verwacht' without a time is a forecast, not a deliverable
        found.append(
            Commitment(
                text=sentence,
                start=start,
                end=end,
                due_date=due.isoformat() if due else None,
                due_text=due_text,
                kind="promise" if promise else "expected_delivery",
            )
        )
    for c in found:
        c.subject = commitment_subject(c.text, c.due_text)
    return found


#: what a promise is about: 'informeren over X', 'een brief inzake X'
_ABOUT_RE = re.compile(
    r"\b(?:over|inzake|omtrent|met\s+betrekking\s+tot|betreffende|aangaande|ten\s+aanzien\s+van)"
    r"\s+(?P<s>\S.*)$",
    re.I,
)
#: what parliament will receive: 'Uw Kamer ontvangt X', 'ontvangt uw Kamer X', 'zal ik uw
#: Kamer X sturen'
_RECEIVES_RE = re.compile(
    rf"(?:\bontvangt\s+{_KAMER}|{_KAMER}\s+ontvangt)\s+(?P<s>\S.*)$"
    r"|\b(?:(?:zal|zullen)\s+(?:ik|wij|we|het\s+kabinet)|(?:ik|wij|we|het\s+kabinet)\s+"
    rf"(?:zal|zullen))\s+{_KAMER}\s+(?P<o>\S.*?)\s+"
    r"(?:sturen|toesturen|zenden|toezenden|doen\s+toekomen|aanbieden)\b",
    re.I,
)
#: a deliverable announced: 'Het rapport wordt … verwacht'
_DELIVERABLE_RE = re.compile(r"^(?P<s>.+?)\s+(?:wordt|worden|zal|zullen)\b", re.I)
#: words that end the subject: the promise verb after it, a new clause
_SUBJECT_END_RE = re.compile(
    r"\s+(?:te\s+)?(?:informeren|berichten|sturen|toesturen|zenden|toezenden|rapporteren|"
    r"terugkomen|doen\s+toekomen|aanbieden|ontvangen|verwacht|wordt|worden|zal|zullen)\b"
    r"|\s*[,;:(]|\s+(?:zodat|zodra|waarna|waarbij|omdat|nadat|voordat|en\s+(?:ik|wij|zal))\b"
    r"|\s+(?:naar\s+verwachting|via|middels|door\s+middel\s+van)\b",
    re.I,
)
#: a preposition left at the end once the time phrase is cut off ('… het vervolg in het')
_DANGLING_RE = re.compile(
    r"(?:\s+(?:in|voor|vóór|na|rond|uiterlijk|begin|medio|eind|per|op|tijdens|binnen)"
    r"(?:\s+(?:het|de))?)+\s*$",
    re.I,
)


def commitment_subject(sentence: str, due_text: str | None) -> str | None:
    """What the promise in ``sentence`` is about, in its own words, or None. The time
    phrase is never part of it ('voor de zomer' is when, not what)."""
    text = " ".join(sentence.rstrip(" .!?").split())
    found = _ABOUT_RE.search(text)
    subject = found.group("s") if found else None
    if subject is None and (r := _RECEIVES_RE.search(text)):
        subject = r.group("s") or r.group("o")
    if subject is None and _EXPECTED_RE.search(text) and (d := _DELIVERABLE_RE.match(text)):
        subject = d.group("s")
    if not subject:
        return None
    if due_text and (at := subject.find(when := " ".join(due_text.split()))) >= 0:
        # a time phrase before the subject is dropped, one after it ends the subject
        subject = subject[at + len(when) :] if at == 0 else subject[:at]
    if cut := _SUBJECT_END_RE.search(subject):
        subject = subject[: cut.start()]
    subject = _DANGLING_RE.sub("", subject)
    words = subject.split()
    if not words or len(words) > 20 or words[0].lower() in ("ik", "wij", "we", "u", "uw"):
        return None
    return " ".join(words).strip(" ,.;:")


def commitment_promiser(sentence: str, signatories: list[tuple[str, str | None]]) -> str | None:
    """Who promised: the signatory whose function the sentence names ('de Minister voor
    Migratie zal …'), else the first one who signed; None without a signature.
    ``signatories`` are (name, function) pairs."""
    if not signatories:
        return None
    chosen = signatories[0]
    low = sentence.lower()
    for name, function in signatories:
        words = (function or "").lower().removeprefix("de ").removeprefix("het ").strip(" ,")
        if words and words in low:
            chosen = (name, function)
            break
    name, function = chosen
    function = (function or "").strip(" ,")
    if function.isupper():  # 'DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT'
        function = recase(function)
    function = re.sub(r"^(?:De|Het)\s+", "", function)
    return f"{function} ({name})" if function else name
