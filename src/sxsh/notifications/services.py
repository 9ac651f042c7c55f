"""Writes of the notifications app: tell people (in the application and by e-mail), mark read, turn kinds off.

Apps call :func:`notify` inside the transaction of the change they tell about, so a change that rolls back
tells nobody. E-mail goes through one background task (``sxsh.tasks.mail``), in plain text and HTML, in the
site's language; a person who turned a kind off is neither listed nor e-mailed for it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sxsh.core import audit
from sxsh.core.site import SiteSettings
from sxsh.tasks import mail

from .models import Kind, Notification, OptOut

OPT_OUT_SALT = "sxsh.notifications.opt-out"
OPT_OUTS = "who turned a kind off, before telling anyone"
BY_LINK = "a signed opt-out link turns a kind off for its address"


@dataclass(frozen=True)
class Recipient:
    """A person to tell: an account (listed in the application and e-mailed), or an e-mail address only."""

    user: Any = None
    email: str = ""
    name: str = ""

    @property
    def address(self) -> str:
        return ((self.user.email if self.user is not None else "") or self.email).strip().lower()

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return str(self.user.get_full_name() or self.user.username)
        return self.name


@dataclass(frozen=True)
class Message:
    subject: str
    lines: list[str]
    url: str = ""  # the page the notice leads to (a path of the site, or an address)
    link_label: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # more (label, address) in the e-mail


def site_url(path: str, base: str = "") -> str:
    """An address of the site for an e-mail: ``SXSH_BASE_URL``, else ``base`` (the address a request came to),
    else the development server."""
    if path.startswith(("http://", "https://")):
        return path
    return (settings.SXSH_BASE_URL or base or "http://127.0.0.1:8000").rstrip("/") + path


def opt_out_token(address: str, kind: str) -> str:
    return signing.dumps({"e": address, "k": kind}, salt=OPT_OUT_SALT, compress=True)


def read_opt_out_token(token: str) -> tuple[str, str] | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    return str(data.get("e", "")), str(data["k"])


def _opted_out(kind: str, recipients: list[Recipient]) -> set[Recipient]:
    user_ids = [r.user.pk for r in recipients if r.user is not None]
    emails = [r.address for r in recipients if r.user is None and r.address]
    off_users = set(OptOut.objects.unscoped(OPT_OUTS).filter(kind=kind, user_id__in=user_ids)
                    .values_list("user_id", flat=True))
    off_emails = set(OptOut.objects.unscoped(OPT_OUTS).filter(kind=kind, user__isnull=True, email__in=emails)
                     .values_list("email", flat=True))
    return {r for r in recipients if (r.user is not None and r.user.pk in off_users)
            or (r.user is None and r.address in off_emails)}


def _email(kind: str, recipient: Recipient, message: Message, base: str) -> EmailMultiAlternatives:
    context = {
        "site_title": SiteSettings.current().title, "name": recipient.display_name, "message": message,
        "url": site_url(message.url, base) if message.url else "",
        "links": [(label, site_url(address, base)) for label, address in message.links],
        "opt_out_url": site_url(reverse("notifications:opt_out", args=[opt_out_token(recipient.address, kind)]),
                                base),
        "kind_label": Kind(kind).label,
    }
    text = render_to_string("notifications/email.txt", context)
    email = EmailMultiAlternatives(message.subject, text, None, [recipient.address])
    email.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return email


def _key(occasion: str, recipient: Recipient) -> str | None:
    if not occasion:
        return None
    return f"{occasion}:{'u' + str(recipient.user.pk) if recipient.user is not None else recipient.address}"[:200]


@transaction.atomic
def notify(*, kind: str, recipients: Iterable[Recipient], build: Callable[[Recipient], Message],
           obj: Any = None, occasion: str = "", acting_user: Any = None, base: str = "") -> list[Notification]:
    """Tell each recipient (once per ``occasion`` when one is given) unless they turned ``kind`` off.

    ``build`` composes the message for one recipient; it runs in the site's language.
    """
    unique: dict[str, Recipient] = {}
    for r in recipients:
        unique.setdefault(f"u{r.user.pk}" if r.user is not None else r.address, r)
    candidates = [r for r in unique.values() if (r.user is not None and r.user.is_active) or r.address]
    off = _opted_out(kind, candidates)
    told = set(Notification.objects.unscoped("whether an occasion was already told, to anyone").filter(once_key__in=[k for r in candidates if (k := _key(occasion, r))])
               .values_list("once_key", flat=True)) if occasion else set()
    created: list[Notification] = []
    emails: list[EmailMultiAlternatives] = []
    with translation.override(settings.LANGUAGE_CODE):
        for r in candidates:
            key = _key(occasion, r)
            if r in off or (key and key in told):
                continue
            message = build(r)
            created.append(Notification.objects.create(
                recipient=r.user, email=r.address, kind=kind, title=message.subject[:255],
                body="\n".join(message.lines), url=message.url, once_key=key))
            if r.address:
                emails.append(_email(kind, r, message, base))
    if created:
        queued = mail.send_messages(emails)
        audit.record(acting_user=acting_user, action=f"notifications.{kind}.sent", obj=obj,
                     object_repr="" if obj is not None else str(Kind(kind).label),
                     after={"kind": kind, "in_app": sum(1 for n in created if n.recipient_id),
                            "emailed": len(emails), "task": queued.pk if queued else None})
    return created


def _own(acting_user: Any, notification: Notification) -> Notification:
    if notification.recipient_id != acting_user.pk:
        raise PermissionDenied
    return notification


@transaction.atomic
def mark_read(*, acting_user: Any, notification: Notification) -> Notification:
    locked = Notification.objects.unscoped("the row to lock; _own checks its recipient").select_for_update()
    notification = _own(acting_user, locked.get(pk=notification.pk))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
        audit.record(acting_user=acting_user, action="notifications.notification.read", obj=notification,
                     before={"read_at": None}, after={"read_at": notification.read_at.isoformat()})
    return notification


@transaction.atomic
def mark_all_read(*, acting_user: Any) -> int:
    count = Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        audit.record(acting_user=acting_user, action="notifications.notification.read_all", obj=acting_user,
                     after={"count": count})
    return count


@transaction.atomic
def set_kinds_off(*, acting_user: Any, kinds: Iterable[str]) -> set[str]:
    """The kinds the person does not want from now on (the others are on); returns them."""
    wanted_off = {k for k in kinds if k in Kind.values}
    before = set(OptOut.objects.restrict(acting_user, "view").filter(user=acting_user).values_list("kind", flat=True))
    OptOut.objects.restrict(acting_user, "view").filter(user=acting_user).exclude(kind__in=wanted_off).delete()
    OptOut.objects.bulk_create([OptOut(user=acting_user, kind=k) for k in sorted(wanted_off - before)])
    if before != wanted_off:
        audit.record(acting_user=acting_user, action="notifications.preferences.changed", obj=acting_user,
                     before={"off": sorted(before)}, after={"off": sorted(wanted_off)})
    return wanted_off


@transaction.atomic
def turn_off_by_link(*, address: str, kind: str) -> OptOut:
    """The link in an e-mail: that address gets no more notices of that kind (its account's, if it has one)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=address, is_active=True).first() if address else None
    if user is not None:
        opt_out, created = OptOut.objects.unscoped(BY_LINK).get_or_create(user=user, kind=kind)
    else:
        opt_out, created = OptOut.objects.unscoped(BY_LINK).get_or_create(user=None, email=address, kind=kind)
    if created:
        audit.record(acting_user=None, action="notifications.preferences.unsubscribed", obj=opt_out,
                     after={"kind": kind})
    return opt_out
