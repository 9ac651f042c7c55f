"""Login (throttled by ``accounts.throttle``), the user's own account page, password change, API tokens,
and user management by officers within their scope."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sxsh.core.tables import export_view, render_page
from sxsh.notifications.forms import PreferencesForm

from . import selectors, services
from .forms import LoginForm, ManagedUserForm
from .tables import USERS


class RateLimitedLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account: password change and their API tokens (listed and revocable)."""
    tokens = Paginator(selectors.own_tokens(request.user), 25).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    return render(request, "accounts/account.html", {"page": tokens,
                                                     "notification_form": PreferencesForm.for_user(request.user)})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.own_tokens(request.user), pk=pk)  # type: ignore[arg-type]
    services.revoke_token(acting_user=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("Đã thu hồi mã truy cập."))
    return redirect("accounts:account")


class PasswordChange(PasswordChangeView):
    """Django's form (old password, new twice, the validators); the change goes through the service."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        user = services.change_password(acting_user=self.request.user, user=form.user,  # type: ignore[arg-type]
                                        password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Đã đổi mật khẩu. Các mã truy cập API cũ đã bị thu hồi."))
        return redirect(self.success_url)


def _require_manager(request: HttpRequest) -> None:
    if not selectors.can_manage_users(request.user):
        raise Http404


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """The users an officer manages (the declared listing ``tables.USERS``); other roles get 404."""
    return render_page(request, USERS, "accounts/user_list.html")


user_export = export_view(USERS)


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = ManagedUserForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.save_managed_user(acting_user=request.user, user=None, data=form.cleaned_data,
                                          password=form.cleaned_data["password1"])
        messages.success(request, _("Đã tạo tài khoản “%(name)s”.") % {"name": user.username})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    target = get_object_or_404(selectors.managed_users(request.user), pk=pk)
    form = ManagedUserForm(request.POST or None, instance=target, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_managed_user(acting_user=request.user, user=target, data=form.cleaned_data)
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": target})
