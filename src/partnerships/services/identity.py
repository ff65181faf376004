"""Who is asking, until login exists (issue 9).

The command line is the analyst at the terminal, named after the OS account so that
decisions and criteria versions say who made them. The web app and API serve anonymous
readers (public records only) unless ``local_analyst`` is set for a single-user installation
on a loopback address; ``serve`` refuses that setting on any other address.
"""

from __future__ import annotations

import getpass
import ipaddress

from partnerships.domain.context import ANONYMOUS, LOCAL_USER, UserContext
from partnerships.settings import Settings


def local_user() -> UserContext:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = LOCAL_USER.user_id
    return UserContext(name, LOCAL_USER.roles, LOCAL_USER.clearance)


def web_user(settings: Settings) -> UserContext:
    return local_user() if settings.local_analyst else ANONYMOUS


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
