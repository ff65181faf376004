"""The sender profile of reports to parliament, read from TOML (the bundled example or the
ministry's own file), checked key by key so a mistyped key is named, not ignored."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from partnerships.domain.letterhead import SenderProfile, Signatory

_LINES = ("visiting_address", "postal_address", "addressee")
_TEXTS = ("ministry", "directorate", "department", "website", "return_address", "reply_note")


class ProfileError(ValueError):
    """'<file>: <what is wrong>'."""


def load_profile(path: Path | None = None) -> SenderProfile:
    """The profile in ``path``, or the bundled example when None."""
    if path is None:
        text = resources.files("partnerships.reporting").joinpath("data/afzender.toml")
        return _profile(tomllib.loads(text.read_text("utf-8")), "")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the sender profile: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None
    return _profile(data, str(path))


def _profile(data: dict[str, Any], origin: str) -> SenderProfile:
    known = {*_LINES, *_TEXTS, "signatories", "example"}
    for key in data:
        if key not in known:
            raise ProfileError(f"{origin}: unknown key {key!r} (known: {', '.join(sorted(known))})")
    if not isinstance(data.get("ministry"), str) or not data["ministry"].strip():
        raise ProfileError(f"{origin}: 'ministry' is required (the sending ministry's name)")
    for key in _TEXTS:
        if key in data and not isinstance(data[key], str):
            raise ProfileError(f"{origin}: {key!r} must be text")
    lines: dict[str, tuple[str, ...]] = {}
    for key in _LINES:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProfileError(f"{origin}: {key!r} must be a list of lines of text")
        if value:
            lines[key] = tuple(value)
    signatories = [_signatory(item, n, origin)
                   for n, item in enumerate(data.get("signatories", []), start=1)]  # fmt: skip
    texts = {k: str(data[k]).strip() for k in _TEXTS if k in data}
    return SenderProfile(**texts, **lines, signatories=tuple(signatories),  # type: ignore[arg-type]
                         origin=origin, example=bool(data.get("example", False)))  # fmt: skip


def _signatory(item: object, n: int, origin: str) -> Signatory:
    """A [[signatories]] table: a function (its comma dropped) and optionally a name."""
    if not isinstance(item, dict) or not isinstance(item.get("function"), str):
        raise ProfileError(f"{origin}: signatory {n} needs a 'function' (and a 'name')")
    extra = set(item) - {"function", "name"}
    if extra:
        raise ProfileError(f"{origin}: signatory {n}: unknown key {sorted(extra)[0]!r}")
    return Signatory(item["function"].strip().rstrip(","), str(item.get("name", "")).strip())
