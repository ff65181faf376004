"""Errors the readers and importers report: one line that names the file, where in it,
and what is wrong — in English (``str``) and sayable in the user's language.

Both are refusals (``domain.errors.Refusal``): the problem is a message id with named
``%(…)s`` slots and its values kept apart, so the upload page, the API and the command
line say it in Dutch from the same catalogues (``scripts/extract_messages.py`` extracts
the second argument of ``ExtractionError`` and the fourth of ``ImportProblem``).
"""

from __future__ import annotations

from partnerships.domain.errors import Invalid, Refusal, problem


def _where_in_document(source: str, page: int | None, line: int | None) -> Refusal:
    if page is not None:
        return Refusal("%(source)s (page %(page)s)", source=source, page=page)
    if line is not None:
        return Refusal("%(source)s (line %(line)s)", source=source, line=line)
    return Refusal("%(source)s", source=source)


class ExtractionError(Refusal):
    """A file that cannot be read at all (corrupt, encrypted, empty, not a document).

    ``str(error)`` is a single line: '<file>: <problem>' (with page or line when known), so
    the CLI can print it as is and go on with the next file.
    """

    def __init__(
        self,
        source: str,
        what: str,
        /,
        *,
        page: int | None = None,
        line: int | None = None,
        **params: object,
    ) -> None:
        self.source, self.page, self.line = source, page, line
        #: what is wrong, without the place (a refusal: said in the reader's language)
        self.problem = problem(what, **params)
        where = _where_in_document(source, page, line)
        super().__init__("%(where)s: %(problem)s", where=where, problem=self.problem)

    def renamed(self, source: str) -> ExtractionError:
        """The same problem for the file as the person knows it (an upload's name, not
        the temporary path it was read from)."""
        return ExtractionError(source, self.problem.template, page=self.page, line=self.line,
                               **self.problem.params)  # fmt: skip


class ImportProblem(Invalid):
    """A row that cannot be read: '<file>, row N, column C: what is wrong'."""

    def __init__(
        self, source: str, row: int | None, column: str | None, what: str, /,
        **params: object,
    ) -> None:  # fmt: skip
        self.source, self.row, self.column = source, row, column
        self.problem = problem(what, **params)
        if row is not None and column:
            where = Refusal("%(source)s, row %(row)s, column %(column)s", source=source,
                            row=row, column=column)  # fmt: skip
        elif row is not None:
            where = Refusal("%(source)s, row %(row)s", source=source, row=row)
        elif column:
            where = Refusal("%(source)s, column %(column)s", source=source, column=column)
        else:
            where = Refusal("%(source)s", source=source)
        super().__init__("%(where)s: %(problem)s", where=where, problem=self.problem)
