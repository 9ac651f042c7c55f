"""Units through time: recording, previewing and applying a reorganisation; the facilities' ward history."""

import json
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sxsh.core.models import AuditLog
from sxsh.directory import reorganising, selectors, services
from sxsh.directory.management.commands.load_reorganisation import DEFAULT
from sxsh.directory.models import (
    AdministrativeUnit,
    Facility,
    FacilityWard,
    Reorganisation,
    ReorganisationPart,
    UnitKind,
    UnitLevel,
)
from sxsh.testing.factories import FacilityFactory

DAY = date(2025, 7, 1)


def hanoi_2025() -> dict[str, Any]:
    return json.loads(DEFAULT.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def recorded(reference: None) -> Reorganisation:
    return services.record_reorganisation(acting_user=None, data=hanoi_2025())[0]


def ward(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(path__endswith=f"/{code}/", valid_to__isnull=True) if code.startswith(
        "phuong-") else AdministrativeUnit.objects.get(path=f"/ha-noi/hoan-kiem/{code}/")


def test_the_data_file_records_four_new_wards_and_eighteen_sources(recorded: Reorganisation) -> None:
    again, created = services.record_reorganisation(acting_user=None, data=hanoi_2025())
    assert again == recorded and not created  # idempotent
    plan = reorganising.preview(recorded)
    assert plan.is_valid, plan.errors
    assert len(plan.sources) == 18 and sum(s.whole for s in plan.sources) == 12
    assert {str(u) for u in plan.opened} == {"Phường Hoàn Kiếm", "Phường Cửa Nam", "Phường Hồng Hà", "Phường Ba Đình"}
    cua_nam = next(s for s in plan.sources if s.source.code == "cua-nam")
    assert not cua_nam.whole and len(cua_nam.targets) == 3
    new = ward("phuong-hoan-kiem")
    assert new.level == UnitLevel.COMMUNE and new.kind.name == "phường" and new.official_code == ""
    assert new.parent is not None and new.parent.path == "/ha-noi/" and new.valid_from == DAY


def test_applying_moves_whole_wards_and_leaves_split_wards_to_the_work_list(
    recorded: Reorganisation, make_user: Any, client_for: Any
) -> None:
    moving = FacilityFactory(ward=ward("hang-bac"))
    split = FacilityFactory(ward=ward("hang-bong"), address="12 Hàng Bông")
    plan = reorganising.preview(recorded)
    assert (plan.facilities_moved, plan.facilities_to_place) == (1, 1)
    services.apply_reorganisation(acting_user=None, reorganisation=recorded)

    moving.refresh_from_db()
    assert moving.ward == ward("phuong-hoan-kiem")
    steps = list(FacilityWard.objects.filter(facility=moving).values_list("ward__code", "valid_from", "valid_to"))
    assert steps == [("hang-bac", None, date(2025, 6, 30)), ("phuong-hoan-kiem", DAY, None)]
    page = client_for(make_user("admin")).get(f"/danh-muc/co-so/{moving.pk}/").content.decode()
    assert "Phường Hàng Bạc: … – 30/06/2025" in page and "Phường Hoàn Kiếm: 01/07/2025 – nay" in page
    assert ward("hang-bac").valid_to == date(2025, 6, 30) and ward("hang-bac").successor == ward("phuong-hoan-kiem")
    assert AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/").valid_to == date(2025, 6, 30)
    assert AuditLog.objects.filter(action="directory.reorganisation.applied").count() == 1

    officer = make_user("ward", unit=ward("phuong-cua-nam"))
    assert list(selectors.unplaced_facilities(officer)) == [split]
    assert selectors.unplaced_count(officer) == 1
    assert selectors.unplaced_count(make_user("ward", unit=ward("phuong-hong-ha"))) == 0  # not concerned
    assert services.place_facilities(acting_user=officer, facilities=[split], target=ward("phuong-cua-nam")) == 1
    split.refresh_from_db()
    assert split.ward == ward("phuong-cua-nam") and selectors.unplaced_count(officer) == 0
    assert FacilityWard.objects.get(facility=split, valid_to__isnull=True).valid_from == DAY

    with pytest.raises(services.ReorganisationError, match="đã được áp dụng"):
        services.apply_reorganisation(acting_user=None, reorganisation=recorded)


def test_placing_is_all_or_nothing(recorded: Reorganisation, make_user: Any) -> None:
    """Hàng Bông went to Hoàn Kiếm and Cửa Nam only: placing it with a Cửa Đông facility into Ba Đình fails."""
    services.apply_reorganisation(acting_user=None, reorganisation=recorded)
    hang_bong = FacilityFactory(ward=ward("hang-bong"))
    cua_dong = FacilityFactory(ward=ward("cua-dong"))
    province_officer = make_user("doit")
    with pytest.raises(services.ReorganisationError, match="không nhận phần nào của Phường Hàng Bông"):
        services.place_facilities(acting_user=province_officer, facilities=[cua_dong, hang_bong],
                                  target=ward("phuong-ba-dinh"))
    cua_dong.refresh_from_db()
    assert cua_dong.ward == ward("cua-dong") and not FacilityWard.objects.filter(valid_from=DAY).exists()


def test_a_facility_cannot_go_to_a_ward_of_another_province(recorded: Reorganisation, make_user: Any) -> None:
    services.apply_reorganisation(acting_user=None, reorganisation=recorded)
    other = AdministrativeUnit.objects.create(name="Quảng Trị", code="quang-tri", level=UnitLevel.PROVINCE,
                                              kind=UnitKind.objects.get(code="tinh"))
    far = AdministrativeUnit.objects.create(name="Đông Hà", code="dong-ha", level=UnitLevel.COMMUNE, parent=other,
                                            kind=UnitKind.objects.get(code="phuong"), valid_from=DAY)
    ReorganisationPart.objects.create(reorganisation=recorded, source=ward("hang-bong"), target=far, whole=False)
    split = FacilityFactory(ward=ward("hang-bong"))
    with pytest.raises(services.ReorganisationError, match="thuộc đơn vị cấp tỉnh khác"):
        services.place_facilities(acting_user=make_user("admin"), facilities=[split], target=far)
    placed = FacilityFactory(ward=ward("phuong-hoan-kiem"))
    with pytest.raises(ValidationError, match="thuộc đơn vị cấp tỉnh khác"):
        services.update_facility(acting_user=make_user("admin"), facility=placed, data={"ward": far})
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        services.update_facility(acting_user=make_user("admin"), facility=placed, data={"ward": ward("hang-bac")})


@pytest.mark.parametrize(("change", "message"), [
    (lambda: AdministrativeUnit.objects.filter(code="phuong-cua-nam").update(valid_from=date(2025, 6, 1)),
     "chồng lên các đơn vị cũ"),
    (lambda: AdministrativeUnit.objects.filter(code="phuong-cua-nam").update(valid_from=date(2025, 8, 1)),
     "khoảng trống thời gian"),
    (lambda: AdministrativeUnit.objects.filter(code="hang-bai").update(valid_to=date(2025, 5, 31)),
     "khoảng trống thời gian"),
    (lambda: ReorganisationPart.objects.filter(source__code="tran-hung-dao").update(whole=False),
     "việc chia chưa xong"),
    (lambda: ReorganisationPart.objects.filter(source__code="hang-bong", target__code="phuong-cua-nam").delete(),
     "việc chia chưa xong"),
    (lambda: ReorganisationPart.objects.filter(source__code="phuc-tan").delete(),
     "Phường Phúc Tân trực thuộc chưa được sắp xếp"),
])
def test_bad_reorganisations_are_refused_and_nothing_is_saved(recorded: Reorganisation, change: Any,
                                                               message: str) -> None:
    FacilityFactory(ward=ward("hang-bac"))
    change()
    plan = reorganising.preview(recorded)
    assert any(message in e for e in plan.errors), plan.errors
    with pytest.raises(services.ReorganisationError):
        services.apply_reorganisation(acting_user=None, reorganisation=recorded)
    assert not AdministrativeUnit.objects.filter(code="hang-bac", valid_to__isnull=False).exists()
    assert not FacilityWard.objects.exists() and Facility.objects.get().ward.code == "hang-bac"
    assert Reorganisation.objects.get().applied_at is None


def test_a_unit_whose_validity_ends_before_it_starts_is_refused(reference: None) -> None:
    unit = AdministrativeUnit(name="Thử", code="thu", level=UnitLevel.COMMUNE, kind=UnitKind.objects.get(code="xa"),
                              parent=AdministrativeUnit.objects.get(path="/ha-noi/"),
                              valid_from=date(2025, 7, 1), valid_to=date(2025, 6, 30))
    with pytest.raises(ValidationError, match="ở trước ngày bắt đầu hiệu lực"):
        unit.full_clean()


def test_saving_a_unit_recomputes_the_paths_of_its_whole_subtree(reference: None, make_user: Any) -> None:
    district = AdministrativeUnit.objects.get(path="/ha-noi/hoan-kiem/")
    officer = make_user("ward")  # Hàng Bạc
    facility = FacilityFactory(ward=officer.unit)
    district.code = "hoan-kiem-cu"
    district.save()
    assert AdministrativeUnit.objects.get(code="hang-bac").path == "/ha-noi/hoan-kiem-cu/hang-bac/"
    assert not AdministrativeUnit.objects.filter(path__startswith="/ha-noi/hoan-kiem/").exists()
    fresh = type(officer).objects.get(pk=officer.pk)  # a new request reads the user's scope afresh
    assert fresh.scope_path == "/ha-noi/hoan-kiem-cu/hang-bac/"
    assert list(selectors.facilities_for(fresh)) == [facility]


def test_the_api_lists_units_and_reorganisations(recorded: Reorganisation, users: dict[str, Any],
                                                 api_client_for: Any) -> None:
    services.apply_reorganisation(acting_user=None, reorganisation=recorded)
    client = api_client_for(users["doit"])
    body = client.get("/api/directory/units", {"level": "commune", "valid_on": "2026-01-01"}).json()
    names = {u["full_name"]: u for u in body["items"]}
    assert set(names) == {"Phường Hoàn Kiếm", "Phường Cửa Nam", "Phường Hồng Hà", "Phường Ba Đình"}
    hk = names["Phường Hoàn Kiếm"]
    assert hk["kind"] == "phường" and hk["level"] == "commune" and hk["official_code"] == ""
    assert hk["valid_from"] == "2025-07-01" and hk["valid_to"] is None
    assert hk["parent_id"] == AdministrativeUnit.objects.get(path="/ha-noi/").pk
    old = client.get("/api/directory/units", {"valid_on": "2019-06-01", "level": "commune"}).json()
    assert old["count"] == 18
    events = client.get("/api/directory/reorganisations").json()["items"]
    assert events[0]["legal_basis"].startswith("Nghị quyết 1656/NQ-UBTVQH15")
    assert len(events[0]["parts"]) == 12 + 3 * 2 + 2 * 2 + 3
    assert {p["whole"] for p in events[0]["parts"] if p["source"]["name"] == "Cửa Nam"} == {False}


def test_the_administrator_previews_then_applies_on_the_page(recorded: Reorganisation, users: dict[str, Any],
                                                              client_for: Any) -> None:
    FacilityFactory(ward=ward("hang-bac"))
    FacilityFactory(ward=ward("cua-nam"))
    url = f"/danh-muc/don-vi/sap-xep/{recorded.pk}/"
    assert client_for(users["district"]).get(url).status_code == 404
    admin = client_for(users["admin"])
    html = admin.get(url).content.decode()
    # the users fixture's facility is in Hàng Bạc too
    assert "Chưa áp dụng" in html and "2 cơ sở chuyển theo đơn vị cũ" in html and "1 cơ sở của đơn vị bị chia" in html
    assert "Nghị quyết 1656/NQ-UBTVQH15" in html
    assert Facility.objects.filter(ward__code="hang-bac").exists()  # a preview changes nothing
    response = admin.post(url, follow=True)
    assert "Đã áp dụng đợt sắp xếp" in response.content.decode()
    assert Facility.objects.filter(ward__code="phuong-hoan-kiem").count() == 2


def test_officers_place_several_facilities_at_once_on_the_work_list(
    recorded: Reorganisation, make_user: Any, client_for: Any
) -> None:
    services.apply_reorganisation(acting_user=None, reorganisation=recorded)
    first, second = (FacilityFactory(ward=ward("trang-tien"), address=f"{n} Tràng Tiền") for n in (3, 7))
    other = FacilityFactory(ward=ward("dong-xuan"), address="1 Đồng Xuân")
    officer = make_user("ward", unit=ward("phuong-hoan-kiem"))
    client = client_for(officer)
    html = client.get("/danh-muc/co-so/xep-phuong/").content.decode()
    assert "Còn 3 cơ sở chưa xếp địa bàn mới." in html and "3 Tràng Tiền" in html
    assert 'class="badge">3<' in html  # the count in the menu
    refused = client.post("/danh-muc/co-so/xep-phuong/", {"facility": [first.pk, second.pk], "target": ""}).content.decode()
    assert "Hãy chọn đơn vị cấp xã mới" in refused and "checked" in refused  # the choice is kept
    client.post("/danh-muc/co-so/xep-phuong/", {"facility": [first.pk, second.pk], "target": ward("phuong-hoan-kiem").pk})
    assert set(Facility.objects.filter(ward__code="phuong-hoan-kiem")) == {first, second}
    assert "Còn 1 cơ sở chưa xếp địa bàn mới." in client.get("/danh-muc/co-so/xep-phuong/").content.decode()
    assert other in selectors.unplaced_facilities(officer)
    outsider = client_for(make_user("ward", unit=ward("phuong-hong-ha")))
    assert "Còn 0 cơ sở" in outsider.get("/danh-muc/co-so/xep-phuong/").content.decode()
    outsider.post("/danh-muc/co-so/xep-phuong/", {"facility": [other.pk], "target": ward("phuong-hoan-kiem").pk})
    assert Facility.objects.get(pk=other.pk).ward == ward("dong-xuan")  # out of scope: nothing placed
