"""Account pages of the workbench: the second factor (code at sign-in, enrolment) and the password."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device

from . import services
from .forms import TokenForm
from .second_factor import second_factor_required

ENROL_KEY = "gk_otp_enrol_key"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(reverse_lazy("workbench:home"))


@login_required
def otp_verify(request):
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse_lazy('accounts:otp_enrol')}?{urlencode({'next': _next(request)})}")
    if request.user.is_verified():
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.otp_token_check(user=request.user, token=form.cleaned_data["token"], request=request)
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", "验证码不正确或已过期；多次输错后需稍候再试")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def otp_enrol(request):
    if user_has_device(request.user, confirmed=True):
        if not request.user.is_verified():
            return redirect(f"{reverse_lazy('accounts:otp_verify')}?{urlencode({'next': _next(request)})}")
        return render(request, "accounts/otp_enrolled.html", {"required": second_factor_required(request.user)})
    key = request.session.get(ENROL_KEY) or services.otp_key_new()
    request.session[ENROL_KEY] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.otp_device_confirm(user=request.user, key_hex=key, token=form.cleaned_data["token"], request=request)
        if device is not None:
            del request.session[ENROL_KEY]
            otp_login(request, device)
            messages.success(request, "二次验证已启用。以后登录时，输入密码后还需输入验证器中的验证码。")
            return redirect(_next(request))
        form.add_error("token", "验证码不正确，请确认手机时间准确后重新输入")
    return render(request, "accounts/otp_enrol.html", {
        "form": form, "next": _next(request), **_enrolment(request.user, key),
        "required": second_factor_required(request.user),
    })


def _enrolment(user, key_hex: str) -> dict:
    import base64
    from binascii import unhexlify

    import segno
    from django_otp.plugins.otp_totp.models import TOTPDevice

    uri = TOTPDevice(user=user, name="验证器", key=key_hex).config_url
    secret = base64.b32encode(unhexlify(key_hex)).decode()
    qr = segno.make(uri, error="m").svg_inline(scale=5, border=2, title="二次验证绑定二维码", svgclass="ac-qr")
    return {"qr_svg": qr, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))}


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("workbench:home")

    def form_valid(self, form):
        messages.success(self.request, "密码已修改")
        return super().form_valid(form)


password_change = PasswordChange.as_view()
