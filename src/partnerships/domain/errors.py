"""The one family of refusals the use cases raise: forbidden, invalid, or about a record
that does not exist — each said in English (``str``) and sayable in the user's language.

Why a family: the web app and the API speak Dutch by default, while the services are
written in English; a refusal keeps its message id (``template``, English with named
``%(…)s`` slots) and its values (``params``) apart, so each interface translates it with
its own catalogue (``web/locale/*.po``; extracted by ``scripts/extract_messages.py``,
which knows every subclass by name) instead of recognising message texts. ``missing``
marks 'the record you name does not exist', so interfaces answer 404 without reading the
words. The classes derive from the built-in exceptions the callers already catch
(``PermissionError``, ``ValueError``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R", bound="Refusal")


class Refusal(Exception):
    """A refused request, with its message id and values kept apart."""

    def __init__(self, template: str, /, *, missing: bool = False, **params: object) -> None:
        self.template, self.params, self.missing = template, params, missing
        self.parts: tuple[Refusal, ...] = ()
        super().__init__(self.say(lambda message: message))

    @classmethod
    def of(cls: type[R], parts: list[Refusal]) -> R:
        """One refusal saying several problems (a validation's), '; ' between them."""
        joined = cls("; ".join(p.template for p in parts))
        joined.parts = tuple(parts)
        joined.args = (joined.say(lambda message: message),)
        return joined

    def _carrying(self, params: dict[str, object]) -> None:
        """Take the values after construction: for a caller that forwards its own
        ``**params`` (which could hold a key named like a keyword of ``__init__``)."""
        self.params = params
        self.args = (self.say(lambda message: message),)

    def say(self, gettext: Callable[[str], str]) -> str:
        """The message in the language of ``gettext`` (a catalogue's lookup)."""
        if self.parts:
            return "; ".join(p.say(gettext) for p in self.parts)
        text = gettext(self.template)
        if not self.params:
            return text
        # a value that is itself a refusal (a location: 'criteria: criterion 3') is said in
        # the same language
        said = {k: v.say(gettext) if isinstance(v, Refusal) else v for k, v in self.params.items()}
        return text % said

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.template

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt from its state, not by calling ``__init__`` again: subclasses take other
        # arguments, and a refusal crosses process boundaries (the extractor's workers)
        return (_restored, (type(self), self.args, self.__dict__))


def _restored(cls: type[R], args: tuple[object, ...], state: dict[str, object]) -> R:
    refusal = cls.__new__(cls)
    refusal.args = args
    refusal.__dict__.update(state)
    return refusal


class Forbidden(Refusal, PermissionError):
    """The user may not do this (role or clearance)."""


class Invalid(Refusal, ValueError):
    """The request is refused as it stands: a value that is not allowed, a record that
    does not exist (``missing=True``), a state that does not permit it."""


def problem(template: str, /, **params: object) -> Refusal:
    """One of several problems a validation finds (``Invalid.of`` says them together)."""
    refusal = Refusal(template)
    refusal._carrying(params)
    return refusal
