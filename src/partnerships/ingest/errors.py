"""Errors the extractor reports: one line that names the file and what is wrong."""

from __future__ import annotations


class ExtractionError(Exception):
    """A file that cannot be read at all (corrupt, encrypted, empty, not a document).

    ``str(error)`` is a single line: '<file>: <problem>' (with page or line when known), so
    the CLI can print it as is and go on with the next file.
    """

    def __init__(
        self, source: str, problem: str, *, page: int | None = None, line: int | None = None
    ) -> None:
        where = ""
        if page is not None:
            where = f" (page {page})"
        elif line is not None:
            where = f" (line {line})"
        super().__init__(f"{source}{where}: {problem}")
        self.source = source
        self.problem = problem
        self.page = page
        self.line = line


class ImportProblem(ValueError):
    """A row that cannot be read: '<file>, row N, column C: what is wrong'."""

    def __init__(self, source: str, row: int | None, column: str | None, problem: str) -> None:
        where = source
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")
        self.source, self.row, self.column, self.problem = source, row, column, problem
