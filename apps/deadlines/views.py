"""The to-do list behind the home page's counts, the digest and feed
settings, the calendar feed and the notifications."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.scope import access
from apps.audit.access import record_access
from apps.audit.models import AccessKind
from apps.common.clock import now, today
from apps.common.http import AuthedRequest
from apps.organizations.models import Organization
from domain import deadlines as dd
from domain.roles import Perm

from . import services
from .engine import Engine, Item
from .feed import build_feed
from .models import Notification, UserDeadlinePreference


def _bucket(raw: str) -> dd.Bucket | None:
    try:
        return dd.Bucket(raw)
    except ValueError:
        return None


def listed(request: AuthedRequest) -> tuple[list[Item], Organization | None, dd.Bucket | None]:
    """The items the list page shows for its query: the user's own, or
    every item under `?unit=` (404 outside the scope), in `?bucket=`."""
    engine = Engine(today())
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = access(Organization.objects.all(), request.user, Perm.VIEW, pk=request.GET["unit"])
        items = engine.under(request.user, unit)
    else:
        items = engine.for_user(request.user)
    wanted = _bucket(request.GET.get("bucket", ""))
    if wanted is not None:
        items = [i for i in items if i.bucket == wanted]
    return items, unit, wanted


@login_required
def todo(request: AuthedRequest) -> HttpResponse:
    """Việc cần làm: the user's deadlines (or a unit's), most urgent first,
    each linking to the page where its step is taken."""
    items, unit, wanted = listed(request)
    return render(
        request,
        "deadlines/list.html",
        {"items": items, "unit": unit, "bucket": wanted, "buckets": list(dd.Bucket)},
    )


# ------------------------------------------------------------ reminders page


class PreferenceForm(forms.Form):
    digest = forms.BooleanField(
        label=gettext_lazy("Send me the daily e-mail digest"), required=False
    )
    email = forms.CharField(label=gettext_lazy("E-mail address"), max_length=254, required=False)


@login_required
def reminders(request: AuthedRequest) -> HttpResponse:
    """The user's own reminder settings: the daily digest (on or off) and
    the address, and the calendar feed (issue a new link, revoke it)."""
    pref = services.preference_for(request.user)
    initial = {"digest": pref.digest, "email": request.user.email}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(
                request.user,
                digest=form.cleaned_data["digest"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("deadlines:settings")
    return render(
        request,
        "deadlines/settings.html",
        {"form": form, "pref": pref, "feed_url": request.session.pop("ptdv_feed_url", None)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def feed_issue(request: AuthedRequest) -> HttpResponse:
    """A new secret calendar link (the old one stops working); shown once."""
    token = services.new_feed_token(request.user)
    request.session["ptdv_feed_url"] = request.build_absolute_uri(
        reverse("deadlines:feed", args=[token])
    )
    messages.success(request, _("A new calendar link was made; the old one no longer works."))
    return redirect("deadlines:settings")


@login_required
@require_POST
def feed_revoke(request: AuthedRequest) -> HttpResponse:
    if services.revoke_feed_token(request.user):
        messages.success(request, _("The calendar link no longer works."))
    return redirect("deadlines:settings")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar feed of the user whose secret token is in the URL (no
    session: calendar programs cannot log in). An unknown or revoked token
    answers 404. Each fetch is logged: it carries people's names out."""
    user = services.user_for_feed_token(token)
    if user is None:
        raise Http404
    body, count = build_feed(user, today(), now())
    record_access(
        user,
        kind=AccessKind.EXPORT,
        what=_("Calendar feed"),
        target=UserDeadlinePreference,
        rows=count,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------ notifications


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    """The user's notifications, newest first (the bell's page)."""
    rows = Notification.objects.filter(user=request.user)[:100]
    return render(request, "deadlines/notifications.html", {"rows": rows})


@login_required
@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    """Mark read: one notification (`id`), or all of them."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    services.mark_read(request.user, ids)
    return redirect("deadlines:notifications")


# ------------------------------------------------------------ unit settings


class UnitSettingsForm(forms.Form):
    warn_days = forms.IntegerField(
        label=gettext_lazy("Warn this many days before a deadline"), min_value=1, max_value=366
    )
    escalate_after_wd = forms.IntegerField(
        label=gettext_lazy(
            "Tell the level above when an item is overdue by more than (working days)"
        ),
        min_value=0,
        max_value=250,
    )


@login_required
def unit_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    """How a unit's deadlines are watched (for it and the units below that
    set none): the warning window and the escalation to the level above."""
    unit = access(Organization.objects.all(), request.user, Perm.SET_TARGETS, pk=pk)
    current = services.settings_for(unit)
    form = UnitSettingsForm(
        request.POST or None,
        initial={"warn_days": current.warn_days, "escalate_after_wd": current.escalate_after_wd},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_unit_settings(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("deadlines:list") + f"?unit={unit.pk}")
    inherited = current.pk is not None and current.organization_id != unit.pk
    return render(
        request,
        "deadlines/unit_settings.html",
        {"unit": unit, "form": form, "inherited_from": current.organization if inherited else None},
        status=400 if request.method == "POST" else 200,
    )
