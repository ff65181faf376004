"""Who is asking when nobody has logged in, and the key that signs login state.

The command line is the analyst at the terminal, named after the OS account so that
decisions and criteria versions say who made them. The web app and API serve anonymous
readers (public records only) unless ``local_analyst`` is set for a single-user installation
on a loopback address; ``serve`` refuses that setting on any other address.
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import secrets
from pathlib import Path

from partnerships.domain.context import ANONYMOUS, LOCAL_USER, UserContext
from partnerships.settings import Settings
from partnerships.store.files import private_dir


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


def signing_key(settings: Settings) -> str:
    """``secret_key``, or a random key made once and kept (mode 0600) in the data folder, so
    that logins in progress survive a restart."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    private_dir(path.parent)
    key = secrets.token_urlsafe(48)
    staged = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    try:  # several server processes may start at once: the first link wins, all read it
        os.link(staged, path)
    except FileExistsError:
        pass
    finally:
        staged.unlink()
    return path.read_text(encoding="ascii").strip()
