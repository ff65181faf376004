"""Domain model: plain records and rules, no IO."""

from partnerships.domain.letter import (
    Amount,
    Commitment,
    Entity,
    Footnote,
    KamerstukId,
    Letter,
    Mention,
    Percentage,
    Quantity,
    Reference,
    Sender,
    Signatory,
    Topic,
)

__all__ = [
    "Amount",
    "Commitment",
    "Entity",
    "Footnote",
    "KamerstukId",
    "Letter",
    "Mention",
    "Percentage",
    "Quantity",
    "Reference",
    "Sender",
    "Signatory",
    "Topic",
]
