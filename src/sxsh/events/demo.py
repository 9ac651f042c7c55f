"""Demo events (idempotent): the plan's 2019 workshop and training courses, and one upcoming event.

The plan (Kế hoạch 154/KH-UBND, 8/8/2019) names the activities but not their dates or attendance:
the dates, participants, attendance and feedback below are illustrative.
"""

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, UnitLevel

from . import codes
from .models import (
    Attendance,
    Audience,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Programme,
    Registration,
    RegistrationStatus,
    Session,
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLES = ("Thị", "Văn", "Minh", "Thu", "Đức", "Hồng", "Quang", "Thanh")
GIVEN = ("An", "Bình", "Châu", "Dung", "Giang", "Hà", "Hùng", "Lan", "Linh", "Nam", "Nhung", "Phương", "Quân",
         "Sơn", "Trang", "Tuấn", "Yến")
COMMENTS = (
    "Nội dung thiết thực, mong có thêm ví dụ về ngành thực phẩm.",
    "Nên phát tài liệu trước buổi học.",
    "Phần hướng dẫn tính toán thời gian hoàn vốn rất hữu ích.",
    "Đề nghị tổ chức thêm buổi tham quan thực tế tại doanh nghiệp.",
)


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _event(slug: str, sessions: list[tuple[str, datetime, datetime]], co: list[Organisation], **fields: Any) -> Event:
    event = Event.objects.create(slug=slug, **fields)
    event.co_organisers.set(co)
    for title, start, end in sessions:
        Session.objects.create(event=event, title=title, starts_at=start, ends_at=end)
    event.starts_at = min(s[1] for s in sessions)
    event.ends_at = max(s[2] for s in sessions)
    event.save(update_fields=["starts_at", "ends_at"])
    return event


def _registrations(event: Event, rng: random.Random, people: list[dict[str, Any]], attend_rate: float,
                   feedback_rate: float) -> None:
    sessions = list(event.sessions.all())
    for n, person in enumerate(people):
        phone = f"09{rng.randint(10000000, 99999999)}"
        registration = Registration.objects.create(
            event=event, code=codes.new_code(), phone=phone, email=f"dai-bieu-{event.pk}-{n}@example.invalid",
            status=RegistrationStatus.CONFIRMED if n < event.capacity else RegistrationStatus.WAITLISTED,
            **person,
        )
        Registration.objects.filter(pk=registration.pk).update(
            created_at=event.registration_opens + timedelta(hours=3 + n * 5))
        if registration.status != RegistrationStatus.CONFIRMED or rng.random() > attend_rate:
            continue
        for session in sessions:
            if rng.random() < 0.92:
                Attendance.objects.create(registration=registration, session=session,
                                          checked_in_at=session.starts_at - timedelta(minutes=rng.randint(2, 25)))
        if registration.attendances.exists() and rng.random() < feedback_rate:
            Feedback.objects.create(
                registration=registration, content_rating=rng.choice((4, 4, 5, 5, 3)),
                organisation_rating=rng.choice((4, 5, 5, 3)), usefulness_rating=rng.choice((4, 5, 5, 4)),
                comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
            )


def _staff(rng: random.Random, facilities: list[Facility], n: int, audiences: list[str]) -> list[dict[str, Any]]:
    people = []
    for i in range(n):
        facility = facilities[i % len(facilities)]
        audience = audiences[i % len(audiences)]
        positions: dict[str, str] = {Audience.TECHNICAL: "Cán bộ kỹ thuật", Audience.PRODUCTION: "Quản đốc phân xưởng",
                                     Audience.ENVIRONMENT: "Cán bộ phụ trách môi trường"}
        position = positions.get(audience, "Nhân viên")
        people.append({"full_name": _name(rng), "organisation_name": facility.name, "position": position,
                       "audience": audience, "facility": facility})
    return people


def _officials(rng: random.Random, wards: list[AdministrativeUnit], n: int) -> list[dict[str, Any]]:
    people = []
    for i in range(n):
        ward = wards[i % len(wards)]
        people.append({"full_name": _name(rng), "organisation_name": f"UBND phường {ward.name}",
                       "position": "Cán bộ kinh tế phường", "audience": Audience.STATE_OFFICIAL})
    return people


def _activity(title_start: str) -> Any:
    """The plan activity (plans app demo) an event implements, when the plan is loaded."""
    from sxsh.plans.models import Activity

    return Activity.objects.filter(title__startswith=title_start).order_by("pk").first()


def _link_documents(event: Event, *title_starts: str) -> None:
    """Documents of the library (outreach demo) used at the event, when the library is loaded."""
    from sxsh.outreach.models import Document

    for start in title_starts:
        document = Document.objects.filter(title__startswith=start).order_by("pk").first()
        if document is not None:
            event.documents.add(document)


def load() -> None:
    district = AdministrativeUnit.objects.filter(path="/ha-noi/hoan-kiem/").first()
    economic = Organisation.objects.filter(name="Phòng Kinh tế quận Hoàn Kiếm").first()
    doit = Organisation.objects.filter(name="Sở Công Thương Hà Nội").first()
    centre = Organisation.objects.filter(name__startswith="Trung tâm Khuyến công").first()
    if district is None or economic is None or doit is None:
        return
    rng = random.Random(2019)
    facilities = list(Facility.objects.filter(is_illustrative=True).select_related("ward").order_by("pk"))
    wards = list(AdministrativeUnit.objects.filter(parent=district, level=UnitLevel.COMMUNE).order_by("code"))
    common = {"organiser": economic, "unit": district, "status": EventStatus.PUBLISHED}
    note = "\n\n(Ngày giờ, danh sách đại biểu và kết quả điểm danh là dữ liệu minh họa.)"

    if facilities and not Event.objects.filter(slug="hoi-thao-sxsh-2019").exists():
        event = _event(
            "hoi-thao-sxsh-2019",
            [("Khai mạc và báo cáo chuyên đề", _at(2019, 10, 24, 8), _at(2019, 10, 24, 11, 30)),
             ("Chia sẻ mô hình áp dụng thành công", _at(2019, 10, 24, 13, 30), _at(2019, 10, 24, 16, 30))],
            [o for o in (doit, centre) if o],
            kind=EventKind.WORKSHOP,
            title="Hội thảo chuyên đề: Chia sẻ kinh nghiệm và phổ biến các mô hình áp dụng thành công "
                  "sản xuất sạch hơn trong công nghiệp",
            description="Quận Hoàn Kiếm phối hợp với Sở Công Thương Hà Nội tổ chức hội thảo chuyên đề theo Kế hoạch "
                        "số 154/KH-UBND ngày 08/8/2019, dành cho cán bộ làm công tác quản lý, kỹ thuật, sản xuất, "
                        "môi trường; lồng ghép Chương trình sử dụng năng lượng tiết kiệm và hiệu quả, sản xuất và "
                        "tiêu dùng bền vững, ứng phó với biến đổi khí hậu ngành công thương." + note,
            programmes=[Programme.ENERGY_EFFICIENCY, Programme.SCP, Programme.CLIMATE],
            audiences=[Audience.STATE_OFFICIAL, Audience.TECHNICAL, Audience.PRODUCTION, Audience.ENVIRONMENT],
            venue="Hội trường UBND quận Hoàn Kiếm, 126 Hàng Trống", capacity=130,
            registration_opens=_at(2019, 9, 20, 8), registration_closes=_at(2019, 10, 22, 17),
            materials=[{"title": "Kế hoạch 154/KH-UBND (tin bài)", "url": "https://hanoi.gov.vn/"}],
            plan_activity=_activity("Phối hợp Sở Công Thương tổ chức hội thảo chuyên đề"),
            **common,
        )
        people = _officials(rng, wards, 36) + _staff(
            rng, facilities, 92, [Audience.TECHNICAL, Audience.PRODUCTION, Audience.ENVIRONMENT])
        _registrations(event, rng, people, attend_rate=0.85, feedback_rate=0.5)
        _link_documents(event, "Cẩm nang sản xuất sạch hơn")

    if not Event.objects.filter(slug="tap-huan-quan-ly-nha-nuoc-2019").exists():
        event = _event(
            "tap-huan-quan-ly-nha-nuoc-2019",
            [("Ngày 1: Chính sách và phương pháp đánh giá SXSH", _at(2019, 11, 7, 8), _at(2019, 11, 7, 16, 30)),
             ("Ngày 2: Hướng dẫn doanh nghiệp áp dụng SXSH", _at(2019, 11, 8, 8), _at(2019, 11, 8, 16, 30))],
            [o for o in (doit, centre) if o],
            kind=EventKind.TRAINING,
            title="Lớp tập huấn chuyên sâu về sản xuất sạch hơn cho cán bộ quản lý nhà nước",
            description="Nâng cao năng lực cho cán bộ quản lý nhà nước của quận và 18 phường để hướng dẫn, triển "
                        "khai áp dụng sản xuất sạch hơn trong công nghiệp; phổ biến bộ công cụ hỗ trợ đào tạo của "
                        "Sở Công Thương." + note,
            programmes=[Programme.SCP],
            audiences=[Audience.STATE_OFFICIAL],
            venue="Phòng họp tầng 3, UBND quận Hoàn Kiếm", capacity=40,
            registration_opens=_at(2019, 10, 20, 8), registration_closes=_at(2019, 11, 5, 17),
            plan_activity=_activity("Tập huấn chuyên sâu cho cán bộ quản lý nhà nước"),
            **common,
        )
        _registrations(event, rng, _officials(rng, wards, 40), attend_rate=1.0, feedback_rate=0.6)

    if facilities and not Event.objects.filter(slug="tap-huan-can-bo-ky-thuat-2019").exists():
        event = _event(
            "tap-huan-can-bo-ky-thuat-2019",
            [("Buổi 1: Đánh giá nhanh SXSH tại cơ sở", _at(2019, 11, 21, 8), _at(2019, 11, 21, 11, 30)),
             ("Buổi 2: Cân bằng vật chất, năng lượng và chi phí dòng thải", _at(2019, 11, 21, 13, 30),
              _at(2019, 11, 21, 16, 30)),
             ("Buổi 3: Lựa chọn giải pháp và tính thời gian hoàn vốn", _at(2019, 11, 22, 8), _at(2019, 11, 22, 11, 30))],
            [economic, doit] if centre else [doit],
            kind=EventKind.TRAINING,
            title="Lớp tập huấn chuyên sâu về sản xuất sạch hơn cho cán bộ kỹ thuật doanh nghiệp",
            description="Dành cho cán bộ kỹ thuật, sản xuất, môi trường của các cơ sở thuộc nhóm ngành trọng điểm "
                        "(cơ khí, điện tử, vật liệu xây dựng, dệt may da giày, đồ uống, thực phẩm) và cơ sở sản "
                        "xuất sản phẩm công nghiệp hỗ trợ trên địa bàn quận." + note,
            programmes=[Programme.ENERGY_EFFICIENCY, Programme.SCP],
            audiences=[Audience.TECHNICAL, Audience.PRODUCTION, Audience.ENVIRONMENT],
            venue="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội", capacity=35,
            registration_opens=_at(2019, 11, 1, 8), registration_closes=_at(2019, 11, 19, 17),
            plan_activity=_activity("Tập huấn cho cán bộ kỹ thuật của doanh nghiệp"),
            **{**common, "organiser": centre or economic},
        )
        people = _staff(rng, facilities[5:45], 38, [Audience.TECHNICAL, Audience.TECHNICAL, Audience.PRODUCTION,
                                                     Audience.ENVIRONMENT])
        _registrations(event, rng, people, attend_rate=0.9, feedback_rate=0.55)
        _link_documents(event, "Sổ tay hướng dẫn kỹ thuật", "Bộ công cụ")

    if not Event.objects.filter(slug="hoi-thao-sxsh-2027").exists():
        event = _event(
            "hoi-thao-sxsh-2027",
            [("Tiết kiệm năng lượng và giảm phát thải tại cơ sở sản xuất nhỏ", _at(2027, 3, 17, 8),
              _at(2027, 3, 17, 11, 30))],
            [doit],
            kind=EventKind.WORKSHOP,
            title="Hội thảo: Sản xuất sạch hơn và tiết kiệm năng lượng cho cơ sở sản xuất nhỏ (2027)",
            description="Hội thảo mở cho cán bộ quản lý, kỹ thuật và người lao động của các cơ sở sản xuất trên "
                        "địa bàn quận. Đăng ký trực tuyến, nhận mã đăng ký và mã QR để điểm danh." + note,
            programmes=[Programme.ENERGY_EFFICIENCY, Programme.CLIMATE],
            audiences=list(Audience.values),
            venue="Hội trường UBND quận Hoàn Kiếm, 126 Hàng Trống", capacity=60,
            registration_opens=_at(2026, 11, 1, 8), registration_closes=_at(2027, 3, 15, 17),
            **common,
        )
        if facilities:
            _registrations(event, rng, _staff(rng, facilities[:6], 6, [Audience.TECHNICAL]), 0, 0)
