"""Pages of the notifications app: the person's list, opening a notice, preferences, the e-mail's opt-out link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferencesForm
from .models import Kind


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to the page it is about."""
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(acting_user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(acting_user=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """The form on the account page: the kinds ticked are wanted, the others turned off."""
    form = PreferencesForm(request.POST, user=request.user)
    if form.is_valid():
        services.set_kinds_off(acting_user=request.user, kinds=form.kinds_off())
        messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
    else:
        messages.error(request, _("Lựa chọn không hợp lệ; chưa lưu gì."))
    return redirect("accounts:account")


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link at the foot of each e-mail: confirm, then that address gets no more of that kind."""
    found = services.read_opt_out_token(token)
    if found is None:
        raise Http404
    address, kind = found
    done = False
    if request.method == "POST":
        services.turn_off_by_link(address=address, kind=kind)
        done = True
    return render(request, "notifications/opt_out.html", {"kind_label": Kind(kind).label, "done": done})
