"""Markdown reader (letters converted from PDF by tools such as marker or pandoc).

markdown-it-py parses the markup; we keep each block's lines (soft breaks) so that the
letterhead's address lines stay lines, drop emphasis and link markup, and keep headings
as headings. The sidebar blocks a converter leaves between paragraphs are left for the
assembler to recognise by content.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from partnerships.ingest.layout import Line, RawDocument

_MD = MarkdownIt("commonmark", {"html": True})


def _inline_lines(token: Token) -> list[str]:
    lines = [""]
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type == "html_inline":
            if child.content.lower().startswith("<br"):
                lines.append("")
        elif child.type == "image":
            lines[-1] += child.content
    return lines


def read_markdown(source: str, text: str) -> RawDocument:
    tokens = _MD.parse(text)
    lines: list[Line] = []
    heading = False
    quote_depth = 0
    line_map_start: int | None = None
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("paragraph_open", "heading_open") and token.map:
            line_map_start = token.map[0]
        if token.type == "paragraph_open" and token.map:
            line_map_start = token.map[0]
        if token.type == "inline":
            block = _inline_lines(token)
            first = True
            for k, raw in enumerate(block):
                if not raw.strip():
                    continue
                prefix = "> " if quote_depth and first else ""
                lines.append(
                    Line(
                        text=prefix + raw.strip(),
                        gap_before=first,
                        soft=not first,
                        heading=heading,
                        source_line=(line_map_start + 1 + k)
                        if line_map_start is not None
                        else None,
                    )
                )
                first = False
        elif token.type in ("code_block", "fence", "html_block"):
            for k, raw in enumerate(token.content.splitlines()):
                if raw.strip() and not raw.lstrip().startswith("<"):
                    lines.append(Line(text=raw.strip(), gap_before=k == 0))
    return RawDocument(source=source, format="md", lines=lines)
