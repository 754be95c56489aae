"""Writes of the deadlines app, each in one transaction and audited: a
user's digest choice and address, the calendar-feed token, the daily
digest (idempotent), notifications and marking them read."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.audit.models import AuditAction
from apps.audit.services import diff, record, snapshot
from apps.common.clock import now

from .engine import Engine
from .models import DeadlineSettings, DigestEntry, Notification, UserDeadlinePreference

PREFERENCE_FIELDS = ("digest",)


def preference_for(user: Any) -> UserDeadlinePreference:
    """The user's choices (the defaults, unsaved, when they have none)."""
    found = UserDeadlinePreference.objects.filter(user=user).first()
    return found or UserDeadlinePreference(user=user)


@transaction.atomic
def save_preferences(user: User, *, digest: bool, email: str) -> UserDeadlinePreference:
    """The user's own digest choice and e-mail address. Raises
    ValidationError naming the field for an address that is not one, or
    for the digest without an address."""
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {
                    "email": _(
                        "“{value}” is not an e-mail address: write it as name@example.vn."
                    ).format(value=email)
                }
            ) from None
    if digest and not email:
        raise ValidationError(
            {"email": _("The daily digest is sent by e-mail: give your e-mail address.")}
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email != email:
        record(user, AuditAction.UPDATE, user, {"email": [user.email, email]})
        user.email = email
        user.save(update_fields=["email"])
    pref = preference_for(user)
    made = pref.pk is None
    before = snapshot(pref, PREFERENCE_FIELDS)
    pref.digest = digest
    pref.save()
    changes = {"digest": [None, digest]} if made else diff(before, pref)
    if changes:
        record(user, AuditAction.CREATE if made else AuditAction.UPDATE, pref, changes)
    return pref


# ------------------------------------------------------------ calendar feed


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def new_feed_token(user: User) -> str:
    """A new secret for the user's calendar feed (`secrets.token_urlsafe`,
    256 bits); the previous one stops working. Only its SHA-256 is kept, so
    the token is shown once."""
    token = secrets.token_urlsafe(32)
    pref = preference_for(user)
    made = pref.pk is None
    pref.feed_token_hash = _hash(token)
    pref.feed_created_at = now()
    pref.save()
    record(
        user,
        AuditAction.CREATE if made else AuditAction.UPDATE,
        pref,
        {"calendar_feed": [None, "issued"]},
    )
    return token


@transaction.atomic
def revoke_feed_token(user: User) -> bool:
    """Stop the user's calendar feed; False when there was none."""
    pref = preference_for(user)
    if pref.pk is None or not pref.feed_token_hash:
        return False
    pref.feed_token_hash = ""
    pref.feed_created_at = None
    pref.save(update_fields=["feed_token_hash", "feed_created_at"])
    record(user, AuditAction.UPDATE, pref, {"calendar_feed": ["issued", "revoked"]})
    return True


def user_for_feed_token(token: str) -> User | None:
    """The active user whose feed token this is, else None."""
    if not token:
        return None
    pref = (
        UserDeadlinePreference.objects.filter(feed_token_hash=_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return pref.user if pref else None


# ------------------------------------------------------------ daily digest


def digest_recipients() -> Iterable[User]:
    """Active users with an address and a role who have not turned the
    digest off."""
    return (
        User.objects.filter(is_active=True, assignments__isnull=False)
        .exclude(email="")
        .exclude(deadline_preference__digest=False)
        .distinct()
        .order_by("pk")
    )


def send_digest(user: User, engine: Engine) -> int:
    """E-mail `user` the items they must act on (due or overdue on the
    engine's day) and the items of the units directly below them overdue
    beyond those units' escalation setting, leaving out what an earlier run
    sent them that day. Returns how many items were sent (0: nothing sent).

    Idempotent: the user's row is locked, the items already recorded for
    the day are left out, the new ones are recorded (a unique row per user,
    day and item) and the message sent in the same transaction — a failed
    send records nothing, a second run sends nothing. The e-mail carries
    people's names out of the system, so each one is logged in the access
    log (Law 91/2025/QH15)."""
    from apps.audit.access import record_access
    from apps.audit.models import AccessKind

    day = engine.today
    mine = engine.own_for(user)
    escalated = engine.escalated_for(user)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        sent = set(
            DigestEntry.objects.filter(user=user, day=day).values_list("item_key", flat=True)
        )
        mine = [i for i in mine if i.key not in sent]
        escalated = [i for i in escalated if i.key not in sent]
        if not mine and not escalated:
            return 0
        try:
            with transaction.atomic():
                DigestEntry.objects.bulk_create(
                    [DigestEntry(user=user, day=day, item_key=i.key) for i in [*mine, *escalated]]
                )
        except IntegrityError:
            # A concurrent run recorded them first (a database without row
            # locks): it sends them, this one sends nothing.
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("PTĐV: {overdue} overdue, {due} due — {day}").format(
                overdue=sum(i.overdue for i in mine),
                due=sum(not i.overdue for i in mine),
                day=day.strftime("%d/%m/%Y"),
            )
            body = render_to_string(
                "deadlines/digest.txt",
                {
                    "user": user,
                    "day": day,
                    "mine": mine,
                    "escalated": escalated,
                    "site": settings.PTDV_SITE_URL,
                },
            )
            what = _("Daily deadline digest e-mailed to {email}").format(email=user.email)
        send_mail(subject, body, None, [user.email])
    record_access(
        user, kind=AccessKind.EXPORT, what=what, target=DigestEntry, rows=len(mine) + len(escalated)
    )
    return len(mine) + len(escalated)


def send_digests(engine: Engine) -> tuple[int, int]:
    """Every recipient's digest of the engine's day: (messages sent, items
    sent). Safe to run twice a day: the second run sends only what became
    due since the first."""
    messages = items = 0
    for user in digest_recipients():
        n = send_digest(user, engine)
        if n:
            messages += 1
            items += n
    return messages, items


# ------------------------------------------------------------ notifications


def notify(users: Iterable[User], *, kind: str, text: str, url: str = "") -> int:
    """A notification under each user's bell; to be called after the
    change it reports has been committed (`transaction.on_commit`)."""
    rows = [
        Notification(user=u, kind=kind, text=text[:300], url=url[:200], created_at=now())
        for u in {u.pk: u for u in users}.values()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those of `ids`);
    another user's ids are ignored. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=now())


def users_with(perm: str, unit_ids: Iterable[int]) -> list[User]:
    """Active users holding `perm` through a grant at one of `unit_ids`
    exactly (the people a step at that unit is assigned to)."""
    from domain.roles import grants

    found = (
        User.objects.filter(is_active=True, assignments__organization_id__in=list(unit_ids))
        .prefetch_related("assignments")
        .distinct()
    )
    ids = set(unit_ids)
    return [
        u
        for u in found
        if any(a.organization_id in ids and grants(a.role, perm) for a in u.assignments.all())
    ]


# ------------------------------------------------------------ unit settings

SETTINGS_FIELDS = ("warn_days", "escalate_after_wd")


def settings_for(unit: Any) -> DeadlineSettings:
    """The settings that apply at `unit`: its own, else the nearest
    ancestor's, else the defaults (unsaved)."""
    ids = [*unit.ancestor_ids(), unit.pk]
    rows = {s.organization_id: s for s in DeadlineSettings.objects.filter(organization__in=ids)}
    for pk in reversed(ids):
        if pk in rows:
            return rows[pk]
    return DeadlineSettings(organization=unit)


@transaction.atomic
def save_unit_settings(
    *, by: User, unit: Any, warn_days: int, escalate_after_wd: int
) -> DeadlineSettings:
    """A unit's warning window (calendar days, 1–366) and escalation delay
    (working days, 0–250), for it and the units below that set none.
    Needs `set_targets` at the unit; raises ValidationError naming the
    field for a value out of range."""
    from apps.accounts.scope import has_perm_at
    from apps.audit.services import created
    from domain.roles import Perm

    if not has_perm_at(by, unit.path, Perm.SET_TARGETS):
        raise ValidationError(_("You may not change the deadline settings of this unit."))
    errors = {}
    if not 1 <= warn_days <= 366:
        errors["warn_days"] = _(
            "Warn before: {value} read; give a number of days from 1 to 366."
        ).format(value=warn_days)
    if not 0 <= escalate_after_wd <= 250:
        errors["escalate_after_wd"] = _(
            "Escalate after: {value} read; give a number of working days from 0 to 250."
        ).format(value=escalate_after_wd)
    if errors:
        raise ValidationError(errors)
    row, made = DeadlineSettings.objects.select_for_update().get_or_create(organization=unit)
    before = snapshot(row, SETTINGS_FIELDS)
    row.warn_days, row.escalate_after_wd = warn_days, escalate_after_wd
    row.save()
    changes = created(row, SETTINGS_FIELDS) if made else diff(before, row)
    record(by, AuditAction.CREATE if made else AuditAction.UPDATE, row, changes)
    return row
