"""Who is asking. Every read and write goes through services that take this context, so
that access control (clearances, roles) is enforced in one place when it arrives."""

from __future__ import annotations

from dataclasses import dataclass, field

CLEARANCES = ("openbaar", "intern", "vertrouwelijk")


@dataclass(frozen=True, slots=True)
class UserContext:
    user_id: str
    roles: frozenset[str] = field(default_factory=frozenset)
    clearance: str = "openbaar"

    def clears(self, level: str) -> bool:
        """May this user see a record classified at ``level``?"""
        return CLEARANCES.index(self.clearance) >= CLEARANCES.index(level)

    def levels(self) -> list[str]:
        """Every classification level this user may see (for ``IN`` filters)."""
        return [level for level in CLEARANCES if self.clears(level)]

    @property
    def may_edit(self) -> bool:
        """Analysts and administrators change records; readers only read."""
        return bool({"analyst", "admin"} & self.roles)


#: the context of the local command line: one analyst on their own machine
LOCAL_USER = UserContext(
    user_id="local", roles=frozenset({"analyst", "admin"}), clearance="vertrouwelijk"
)
#: a visitor who has not logged in (and no local analyst install): sees only what is public
ANONYMOUS = UserContext(user_id="anonymous", roles=frozenset({"reader"}), clearance="openbaar")
