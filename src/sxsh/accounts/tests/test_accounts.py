import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client, reference) -> None:
    html = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Tên đăng nhập" in html and "Mật khẩu" in html


def test_login_and_logout(client, users) -> None:
    response = client.post("/tai-khoan/dang-nhap/", {"username": "quan", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302
    assert "Phạm vi của bạn: Quận Hoàn Kiếm" in client.get("/bang-dieu-khien/").content.decode()
    client.post("/tai-khoan/dang-xuat/")
    assert client.get("/bang-dieu-khien/").status_code == 302


def test_wrong_password_message(client, users) -> None:
    html = client.post("/tai-khoan/dang-nhap/", {"username": "quan", "password": "x"}).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html


def test_home_page_has_the_site_frame(client, reference) -> None:
    html = client.get("/").content.decode()
    assert "Sản xuất sạch hơn trong công nghiệp" in html  # the default site name (SiteSettings)
    assert "Đăng nhập" in html


def test_demo_data_loads_twice_and_demo_accounts_log_in(client) -> None:
    from django.core.management import call_command

    from sxsh.directory.models import Facility

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Facility.objects.filter(is_illustrative=True).count() == 60
    for username in ("admin", "quan", "phuong", "so", "chuyengia", "doanhnghiep"):
        assert client.login(username=username, password="sxsh-demo-2019"), username


def _production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SXSH_")}
    base.update({"DJANGO_SETTINGS_MODULE": "sxsh.settings.production", "PYTHONPATH": "src", **env})
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=base,
                          capture_output=True, text=True, check=False)


GOOD_KEY = "k" * 20 + "-production-secret-for-tests-only-0123456789"


@pytest.mark.parametrize("env,message", [
    ({}, "SXSH_SECRET_KEY"),
    ({"SXSH_SECRET_KEY": GOOD_KEY, "SXSH_DEBUG": "1"}, "SXSH_DEBUG"),
    ({"SXSH_SECRET_KEY": GOOD_KEY, "SXSH_CAPTCHA_TEST_MODE": "1"}, "SXSH_CAPTCHA_TEST_MODE"),
    ({"SXSH_SECRET_KEY": GOOD_KEY, "SXSH_DEMO": "1"}, "Demo mode"),
])
def test_production_settings_refuse_unsafe_configuration(env, message) -> None:
    result = _production(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_start_when_safe() -> None:
    assert _production({"SXSH_SECRET_KEY": GOOD_KEY}).returncode == 0


def test_production_wsgi_refuses_demo_accounts(users) -> None:
    from sxsh.core.checks import demo_accounts_present

    users["district"].set_password("sxsh-demo-2019")
    users["district"].save()
    assert demo_accounts_present() == ["quan"]
