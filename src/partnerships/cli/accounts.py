"""Accounts and API tokens."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

if TYPE_CHECKING:
    pass

from partnerships.cli.base import (
    _kb_checked,
    _kb_upgraded,
    _local_user,
    _refusing,
    say,
    token_app,
    user_app,
)

Role = Annotated[str, typer.Option(help="reader, analyst or admin.")]
Clearance = Annotated[str, typer.Option(help="openbaar, intern or vertrouwelijk.")]


def _password(ask: bool) -> str | None:
    if not ask:
        return None
    from_env = os.environ.get("PARTNERSHIPS_NEW_PASSWORD")
    if from_env:
        return from_env
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Role = "reader",
    clearance: Clearance = "openbaar",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password: Annotated[
        bool,
        typer.Option(
            help="Ask for a password (or read "
            "PARTNERSHIPS_NEW_PASSWORD); --no-password: "
            "OIDC login only."
        ),
    ] = True,
) -> None:
    """Create an account (recorded in the audit trail as a permission change)."""
    from partnerships.services.accounts import create_user

    kb = _kb_upgraded()
    secret = _password(password)
    made = _refusing(
        lambda: create_user(
            kb, _local_user(), username, role, clearance, secret, name, operator=True
        )
    )
    typer.echo(say("created %(user)s: %(roles)s, clearance %(level)s",
                   user=made.username, roles=",".join(made.roles),
                   level=made.clearance))  # fmt: skip


@user_app.command("set")
def user_set(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str | None, typer.Option(help="New role: reader, analyst or admin.")] = None,
    clearance: Annotated[str | None, typer.Option(help="New clearance.")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Allow or stop logging in.")
    ] = None,
    password: Annotated[bool, typer.Option(help="Ask for a new password.")] = False,
) -> None:
    """Change roles, clearance, activity or password; ends the person's sessions."""
    from partnerships.services.accounts import update_user

    kb = _kb_upgraded()
    secret = _password(password)
    made = _refusing(
        lambda: update_user(
            kb,
            _local_user(),
            username,
            roles=role,
            clearance=clearance,
            active=active,
            password=secret,
            operator=True,
        )
    )
    typer.echo(say("%(user)s: %(roles)s, clearance %(level)s, %(state)s",
                   user=made.username, roles=",".join(made.roles), level=made.clearance,
                   state=say("active") if made.active else say("inactive")))  # fmt: skip


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Lift a lockout after too many wrong passwords."""
    from partnerships.services.accounts import update_user

    kb = _kb_upgraded()
    _refusing(lambda: update_user(kb, _local_user(), username, unlock=True))
    typer.echo(say("%(user)s unlocked", user=username))


@user_app.command("list")
def user_list() -> None:
    """Every account with roles, clearance and state."""
    from partnerships.services.accounts import list_users

    kb = _kb_checked()
    for u in _refusing(lambda: list_users(kb, _local_user())):
        state = say("active") if u.active else say("inactive")
        if u.locked_until:
            state += say(", locked until %(time)s", time=u.locked_until.strftime("%H:%M"))
        typer.echo(f"{u.username:<24} {','.join(u.roles):<16} {u.clearance:<14} {state}")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The account the token acts for.")],
    name: Annotated[str, typer.Option(help="What uses the token.")],
    scope: Annotated[str, typer.Option(help="lezen, or lezen,schrijven.")] = "lezen",
    days: Annotated[int, typer.Option(min=1, max=366, help="Valid for this many days.")] = 90,
) -> None:
    """Make an API token; the secret is printed once and stored only as a digest."""
    from partnerships.services.accounts import context_of_name
    from partnerships.services.tokens import create_token

    kb = _kb_upgraded()
    owner = _refusing(lambda: context_of_name(kb, username))
    secret, made = _refusing(lambda: create_token(kb, owner, name, scope, days))
    expires = made.expires_at.strftime("%Y-%m-%d") if made.expires_at else "—"
    typer.echo(say("token %(id)s for %(user)s (%(scope)s), expires %(date)s:", id=made.id,
                   user=username, scope=scope, date=expires))  # fmt: skip
    typer.echo(secret)


@token_app.command("list")
def token_list() -> None:
    """Every token with owner, scopes and state."""
    from partnerships.services.tokens import list_tokens

    kb = _kb_checked()
    for t in _refusing(lambda: list_tokens(kb, _local_user(), everyone=True)):
        state = say("revoked") if t.revoked_at else say("active")
        typer.echo(f"{t.id:>4} {t.owner:<20} {t.name:<24} {','.join(t.scopes):<16} {state}")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="Token number.")]) -> None:
    """Revoke a token at once."""
    from partnerships.services.tokens import revoke_token

    kb = _kb_upgraded()
    _refusing(lambda: revoke_token(kb, _local_user(), token_id))
    typer.echo(say("token %(id)s revoked", id=token_id))
