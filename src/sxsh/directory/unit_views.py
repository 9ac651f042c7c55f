"""Pages for units through time: the reorganisation preview and apply (administrator) and the work list of
facilities of split wards (officers). Thin: parse, authorise, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sxsh.core.ids import parse_id
from sxsh.core.roles import UNIT_SCOPED
from sxsh.core.scoping import is_admin

from . import reorganising, selectors, services

PAGE_SIZE = 100


@login_required
def reorganisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview of a reorganisation; the administrator applies it from here (POST)."""
    if not is_admin(request.user):
        raise Http404
    reorganisation = get_object_or_404(selectors.reorganisations(request.user), pk=pk)
    if request.method == "POST":
        try:
            plan = services.apply_reorganisation(acting_user=request.user, reorganisation=reorganisation)
        except services.ReorganisationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã áp dụng đợt sắp xếp: %(moved)s cơ sở chuyển theo đơn vị cũ, %(left)s cơ sở "
                                        "chờ xếp địa bàn mới.") % {"moved": plan.facilities_moved,
                                                               "left": plan.facilities_to_place})
        return redirect("directory:reorganisation_detail", pk=pk)
    return render(request, "directory/reorganisation_detail.html", {
        "reorganisation": reorganisation, "plan": reorganising.preview(reorganisation),
    })


@login_required
def placement(request: HttpRequest) -> HttpResponse:
    """The facilities of split wards still to place: select several, choose the new ward, place them."""
    if not (is_admin(request.user) or getattr(request.user, "role", None) in UNIT_SCOPED):
        raise Http404
    queue = selectors.unplaced_facilities(request.user).order_by("ward__path", "address", "pk")
    targets = selectors.placement_targets(request.user, queue)
    chosen: list[int] = []
    target_id = None
    if request.method == "POST":
        chosen = [i for i in (parse_id(v) for v in request.POST.getlist("facility")) if i is not None]
        target_id = parse_id(request.POST.get("target"))
        target = targets.filter(pk=target_id).first() if target_id else None
        if target is None:
            messages.error(request, _("Hãy chọn đơn vị cấp xã mới để xếp các cơ sở đã chọn vào."))
        else:
            try:
                n = services.place_facilities(acting_user=request.user, facilities=list(queue.filter(pk__in=chosen)),
                                              target=target)
            except (services.ReorganisationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [_("Không có quyền xếp vào đơn vị này.")])))
            else:
                messages.success(request, _("Đã xếp %(n)s cơ sở vào %(unit)s.") % {"n": n, "unit": target})
                return redirect("directory:placement")
    return render(request, "directory/placement.html", {
        "facilities": queue[:PAGE_SIZE], "count": queue.count(), "targets": targets, "chosen": set(chosen),
        "target_id": target_id,
    })
