"""Demo data of the outreach app (idempotent): the seed article, policy summaries, an illustrative success
story, comments, handbooks generated as PDF at load time (no third-party files) and distributions."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from sxsh.core.pdf import render_pdf
from sxsh.directory.models import AdministrativeUnit, Facility, Organisation, UnitLevel

from .models import (
    Article,
    ArticleStatus,
    Category,
    Channel,
    Comment,
    CommentStatus,
    Distribution,
    Document,
    DocumentAccess,
    DocumentKind,
    Tag,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DISTRICT_PATH = "/ha-noi/hoan-kiem/"

SEED_TITLE = "Hoàn Kiếm triển khai kế hoạch Hành động sản xuất sạch hơn trong công nghiệp năm 2019"
SEED_PARAGRAPHS = (
    "HNP - Ngày 8/8, UBND quận Hoàn Kiếm ban hành Kế hoạch số 154/KH-UBND về Hành động sản xuất sạch hơn trong "
    "công nghiệp trên địa bàn quận năm 2019.",
    "Theo đó, quận sẽ tổ chức truyền thông, nâng cao nhận thức về sản xuất sạch hơn, tiếp tục đẩy mạnh tuyên "
    "truyền, phổ biến chính sách ưu tiên áp dụng sản xuất sạch hơn của Trung ương và Thành phố; thông tin về hiệu "
    "quả áp dụng sản xuất sạch hơn và các cơ sở sản xuất công nghiệp thực hiện thành công áp dụng sản xuất sạch "
    "hơn; tiếp tục nâng cao nhận thức, lợi ích của việc áp dụng sản xuất sạch hơn thông qua phát hành cẩm nang "
    "tuyên truyền nâng cao nhận thức, điển hình thực hiện áp dụng sản xuất sạch hơn trên hệ thống thông tin quận, "
    "phường.",
    "Phối hợp với Sở Công thương tổ chức hội thảo chuyên đề, chia sẻ kinh nghiệm, phổ biến các mô hình áp dụng "
    "thành công về sản xuất sạch hơn trong công nghiệp cho các cán bộ làm công tác quản lý, kỹ thuật, sản xuất, "
    "môi trường...; Tích cực, chủ động lồng ghép tuyên truyền áp dụng sản xuất sạch hơn với các nhiệm vụ thuộc "
    "Chương trình: Sử dụng năng lượng tiết kiệm và hiệu quả, sản xuất và tiêu dùng bền vững, hành động ứng phó "
    "với biến đổi khí hậu ngành công thương.",
    "Quận cũng tổ chức đào tạo, nâng cao nguồn nhân lực về sản xuất sạch hơn thông qua phối hợp với các Sở, "
    "ngành thành phố: Tổ chức các lớp tập huấn chuyên sâu năng lực cho các cán bộ quản lý nhà nước và cán bộ kỹ "
    "thuật của các doanh nghiệp trên địa bàn quận đảm bảo đủ năng lực hướng dẫn, triển khai áp dụng sản xuất "
    "sạch hơn trong công nghiệp tại doanh nghiệp, đồng thời, phổ biến, chia sẻ kinh nghiệm các mô hình áp dụng "
    "thành công về sản xuất sạch hơn trong công nghiệp; Phổ biến bộ công cụ hỗ trợ đào tạo nâng cao năng lực về "
    "áp dụng sản xuất sạch hơn tại doanh nghiệp của Sở Công thương đến doanh nghiệp trên địa bàn quận.",
    "Thúc đẩy áp dụng sản xuất sạch hơn trong công nghiệp như: Phát sổ tay hướng đẫn kỹ thuật về sản xuất sạch "
    "hơn; Hỗ trợ, hướng đẫn các cơ sở sản xuất công nghiệp thuộc các nhóm ngành trọng điểm (cơ khí, điện tử, vật "
    "liệu xây dựng, dệt may da giày, đồ uống, thực phẩm); cơ sở sản xuất sản phẩm công nghiệp hỗ trợ trên địa "
    "bàn quận áp dụng các giải pháp sản xuất sạch hơn.",
)


def _paragraphs(*texts: str) -> str:
    from django.utils.html import escape

    return "\n".join(f"<p>{escape(t)}</p>" for t in texts)


def _at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=HANOI)


ARTICLES: tuple[dict[str, Any], ...] = (
    {
        "title": SEED_TITLE,
        "summary": SEED_PARAGRAPHS[0].removeprefix("HNP - "),
        "body": _paragraphs(*SEED_PARAGRAPHS),
        "category": Category.NEWS, "author_name": "Hoàng Nam", "publish_at": _at(2019, 8, 12, 9, 16),
        "tags": ["Kế hoạch 154/KH-UBND", "Sản xuất sạch hơn"], "is_illustrative": False, "views": 0,
    },
    {
        "title": "Chiến lược sản xuất sạch hơn trong công nghiệp đến năm 2020 (Quyết định 1419/QĐ-TTg)",
        "summary": "Tóm tắt các mục tiêu của Chiến lược sản xuất sạch hơn trong công nghiệp đến năm 2020 do Thủ "
                   "tướng Chính phủ phê duyệt ngày 7/9/2009.",
        "body": (
            "<p>Quyết định 1419/QĐ-TTg ngày 7/9/2009 phê duyệt Chiến lược sản xuất sạch hơn trong công nghiệp "
            "đến năm 2020. Các mục tiêu chính:</p>"
            "<table><thead><tr><th>Chỉ tiêu</th><th>Năm 2015</th><th>Năm 2020</th></tr></thead><tbody>"
            "<tr><td>Cơ sở sản xuất công nghiệp nhận thức được lợi ích của sản xuất sạch hơn</td><td>50%</td>"
            "<td>90%</td></tr>"
            "<tr><td>Cơ sở áp dụng sản xuất sạch hơn</td><td>25%</td><td>50%</td></tr>"
            "<tr><td>Sở Công Thương có cán bộ chuyên trách đủ năng lực hướng dẫn sản xuất sạch hơn</td>"
            "<td>70%</td><td>—</td></tr>"
            "</tbody></table>"
            "<p>Các cơ sở đã áp dụng sản xuất sạch hơn tiết kiệm được năng lượng, nguyên liệu, nhiên liệu trên một "
            "đơn vị sản phẩm (5–8% giai đoạn đến 2015). Việc sử dụng ngân sách nhà nước cho Chiến lược được "
            "hướng dẫn tại Thông tư liên tịch 22/2012/TTLT-BTC-BCT.</p>"
            "<p>Chiến lược gồm 5 đề án: nâng cao nhận thức và năng lực; xây dựng cơ sở dữ liệu và trang thông tin "
            "về sản xuất sạch hơn; hỗ trợ kỹ thuật; mạng lưới tổ chức hỗ trợ; chính sách tại địa phương.</p>"
        ),
        "category": Category.POLICY, "author_name": "Phòng Kinh tế quận", "publish_at": _at(2019, 8, 20, 8, 30),
        "tags": ["Chính sách", "Sản xuất sạch hơn"], "is_illustrative": False, "views": 0,
    },
    {
        "title": "Chương trình quốc gia về sản xuất và tiêu dùng bền vững giai đoạn 2021–2030 (Quyết định 889/QĐ-TTg)",
        "summary": "Quyết định 889/QĐ-TTg ngày 24/6/2020 tiếp nối Chiến lược sản xuất sạch hơn với các mục tiêu "
                   "giảm tiêu hao nhiên liệu, nguyên liệu đến năm 2030.",
        "body": (
            "<p>Ngày 24/6/2020, Thủ tướng Chính phủ ban hành Quyết định 889/QĐ-TTg phê duyệt Chương trình quốc gia "
            "về sản xuất và tiêu dùng bền vững giai đoạn 2021–2030.</p><ul>"
            "<li>Giảm 5–8% (2021–2025) và 7–10% (đến 2030) mức tiêu hao nhiên liệu, nguyên liệu trong các ngành "
            "dệt may, thép, nhựa, hóa chất, xi măng, bia và đồ uống, giấy, thủy sản.</li>"
            "<li>70% (2021–2025) và 100% (đến 2030) khu, cụm công nghiệp và làng nghề được tuyên truyền nâng cao "
            "nhận thức.</li>"
            "<li>Xây dựng và áp dụng 20–30 mô hình sản xuất và tiêu dùng bền vững giai đoạn 2021–2025.</li>"
            "<li>80% (2021–2025) và 100% (đến 2030) tỉnh, thành phố tổ chức truyền thông nâng cao nhận thức.</li>"
            "</ul><p>Bộ Công Thương ban hành kế hoạch hành động thực hiện Chương trình tại Quyết định "
            "3529/QĐ-BCT ngày 30/12/2020.</p>"
        ),
        "category": Category.POLICY, "author_name": "Phòng Kinh tế quận", "publish_at": _at(2020, 7, 2, 8, 0),
        "tags": ["Chính sách", "Sản xuất và tiêu dùng bền vững"], "is_illustrative": False, "views": 0,
    },
    {
        "title": "Quản lý nội vi: giải pháp sản xuất sạch hơn ít tốn kém",
        "summary": "Quản lý nội vi tốt là nhóm giải pháp đầu tiên trong 8 nhóm giải pháp sản xuất sạch hơn, "
                   "thường không hoặc ít tốn chi phí đầu tư.",
        "body": (
            "<p>Theo phương pháp đánh giá sản xuất sạch hơn của UNEP, các giải pháp được chia thành 8 nhóm: quản "
            "lý nội vi; thay đổi nguyên liệu; kiểm soát quá trình tốt hơn; cải tiến thiết bị; thay đổi công nghệ; "
            "tuần hoàn, tái sử dụng tại chỗ; sản xuất sản phẩm phụ hữu ích; cải tiến sản phẩm.</p>"
            "<p>Một số ví dụ đã công bố (scp.gov.vn): Nhà máy bia Sài Gòn – Đông Xuân đầu tư 78,5 triệu đồng cho "
            "quản lý nội vi, thu lợi 533 triệu đồng; cơ sở kẹo dừa Vĩnh Tiến đầu tư 169 triệu đồng, thu lợi 456 "
            "triệu đồng.</p>"
            "<p>Xử lý cuối đường ống, pha loãng chất thải hay tái chế bên ngoài cơ sở không phải là sản xuất "
            "sạch hơn.</p>"
        ),
        "category": Category.TECHNICAL, "author_name": "Phòng Kinh tế quận", "publish_at": _at(2019, 9, 10, 14, 0),
        "tags": ["Quản lý nội vi", "Sản xuất sạch hơn"], "is_illustrative": False, "views": 0,
    },
    {
        "title": "Một cơ sở chế biến thực phẩm trên địa bàn quận giảm tiêu thụ điện (minh họa)",
        "summary": "Bài viết minh họa cách trình bày một điển hình áp dụng sản xuất sạch hơn; số liệu không phải "
                   "số liệu chính thức.",
        "body": (
            "<p><strong>Nội dung minh họa.</strong> Sau khi tham gia lớp tập huấn của quận, cơ sở thành lập nhóm "
            "sản xuất sạch hơn, chọn công đoạn nấu làm trọng tâm đánh giá và áp dụng các giải pháp quản lý nội vi: "
            "sửa rò rỉ hơi, bảo ôn đường ống, tắt thiết bị khi không sử dụng.</p>"
            "<p>Kết quả được theo dõi hằng tháng trên hệ thống SXSH.</p>"
        ),
        "category": Category.SUCCESS_STORY, "author_name": "Phòng Kinh tế quận",
        "publish_at": _at(2019, 11, 5, 10, 0), "tags": ["Điển hình", "Thực phẩm"], "is_illustrative": True,
        "facility_sector": "C10", "views": 0,
    },
)


def load() -> None:
    district = AdministrativeUnit.objects.filter(path=DISTRICT_PATH).first()
    if district is None:
        return
    articles = [_article(district, spec) for spec in ARTICLES]
    _scheduled_and_draft(district)
    _comments(articles[0])
    documents = _documents(district)
    _distributions(district, documents)


def _article(district: AdministrativeUnit, spec: dict[str, Any]) -> Article:
    existing = Article.objects.filter(title=spec["title"]).first()
    if existing is not None:
        return existing
    facility = None
    if sector := spec.get("facility_sector"):
        facility = Facility.objects.filter(sector__code=sector, is_illustrative=True).order_by("pk").first()
    article = Article(
        title=spec["title"], summary=spec["summary"], body=spec["body"], category=spec["category"],
        author_name=spec["author_name"], publish_at=spec["publish_at"], status=ArticleStatus.PUBLISHED,
        unit=district, is_illustrative=spec["is_illustrative"], facility=facility,
    )
    article.slug = Article.unique_slug(article.title)
    article.save()
    for name in spec["tags"]:
        from sxsh.calc.text import slugify_vi

        tag, _ = Tag.objects.get_or_create(slug=slugify_vi(name), defaults={"name": name})
        article.tags.add(tag)
    return article


def _scheduled_and_draft(district: AdministrativeUnit) -> None:
    if not Article.objects.filter(title__startswith="Thông báo: hội thảo chuyên đề").exists():
        a = Article(
            title="Thông báo: hội thảo chuyên đề chia sẻ mô hình sản xuất sạch hơn (minh họa, hẹn giờ đăng)",
            summary="Bài hẹn giờ đăng: chỉ hiển thị công khai khi đến thời điểm đăng.",
            body="<p>Nội dung minh họa cho chức năng hẹn giờ đăng bài.</p>", category=Category.NEWS,
            author_name="Phòng Kinh tế quận", status=ArticleStatus.PUBLISHED, unit=district, is_illustrative=True,
            publish_at=timezone.now() + timedelta(days=30),
        )
        a.save()
    if not Article.objects.filter(title__startswith="Bản nháp: sổ tay").exists():
        Article(
            title="Bản nháp: sổ tay hướng dẫn kỹ thuật cho ngành dệt may (minh họa)",
            summary="", body="<p>Bản nháp chưa đăng.</p>", category=Category.TECHNICAL,
            author_name="Phòng Kinh tế quận", status=ArticleStatus.DRAFT, unit=district, is_illustrative=True,
        ).save()


COMMENTS = (
    ("Nguyễn Văn An", "0912345678", "Đăng ký tham gia tập huấn",
     "Cơ sở chúng tôi ở phường Hàng Bạc muốn đăng ký tham gia lớp tập huấn về sản xuất sạch hơn. Xin hướng dẫn "
     "thủ tục.", CommentStatus.APPROVED,
     "Cảm ơn bạn. Phòng Kinh tế quận sẽ thông báo lịch tập huấn trên cổng thông tin và qua UBND phường."),
    ("Trần Thị Bình", "", "Cẩm nang sản xuất sạch hơn",
     "Xin hỏi cẩm nang sản xuất sạch hơn có bản điện tử không?", CommentStatus.APPROVED,
     "Cẩm nang đã có trong mục Tài liệu của cổng thông tin, có thể tải về miễn phí."),
    ("Lê Văn Cường", "0987654321", "Hỗ trợ đánh giá",
     "Doanh nghiệp cơ khí nhỏ có được hỗ trợ đánh giá sản xuất sạch hơn không?", CommentStatus.PENDING, ""),
    ("Phạm Thu Dung", "", "Góp ý",
     "Đề nghị quận chia sẻ thêm các điển hình trong ngành đồ uống.", CommentStatus.PENDING, ""),
)


def _comments(article: Article) -> None:
    if Comment.objects.filter(article=article, is_illustrative=True).exists():
        return
    for i, (name, phone, title, body, status, reply) in enumerate(COMMENTS):
        posted = article.publish_at + timedelta(days=1 + i, hours=3)  # type: ignore[operator]
        comment = Comment.objects.create(
            article=article, name=name, phone=phone, title=title, body=body, status=status, is_illustrative=True,
            reply=reply, replied_at=posted + timedelta(days=1) if reply else None,  # type: ignore[misc]
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=posted)


DOCUMENTS: tuple[dict[str, Any], ...] = (
    {
        "title": "Cẩm nang sản xuất sạch hơn", "kind": DocumentKind.HANDBOOK, "access": DocumentAccess.PUBLIC,
        "publisher": "Ủy ban nhân dân quận Hoàn Kiếm", "issued_on": date(2019, 9, 1),
        "description": "Cẩm nang tuyên truyền nâng cao nhận thức về sản xuất sạch hơn cho cơ sở sản xuất công "
                       "nghiệp trên địa bàn quận (bản minh họa do hệ thống tạo).",
        "subtitle": "Tuyên truyền, nâng cao nhận thức cho cơ sở sản xuất công nghiệp",
        "sections": (
            ("Sản xuất sạch hơn là gì?", (
                "Áp dụng liên tục chiến lược phòng ngừa tổng hợp về môi trường vào quá trình sản xuất, sản phẩm "
                "và dịch vụ nhằm nâng cao hiệu suất và giảm rủi ro cho con người và môi trường.",
                "Không phải sản xuất sạch hơn: pha loãng, xử lý cuối đường ống, tái chế bên ngoài cơ sở.")),
            ("8 nhóm giải pháp", (
                "Quản lý nội vi", "Thay đổi nguyên liệu", "Kiểm soát quá trình tốt hơn", "Cải tiến thiết bị",
                "Thay đổi công nghệ", "Tuần hoàn, tái sử dụng tại chỗ", "Sản xuất sản phẩm phụ hữu ích",
                "Cải tiến sản phẩm")),
        ),
    },
    {
        "title": "Sổ tay hướng dẫn kỹ thuật đánh giá sản xuất sạch hơn", "kind": DocumentKind.TECHNICAL,
        "access": DocumentAccess.PUBLIC, "publisher": "Phòng Kinh tế quận Hoàn Kiếm", "issued_on": date(2019, 10, 1),
        "description": "Các bước đánh giá sản xuất sạch hơn (6 bước, 18 nhiệm vụ) theo phương pháp của UNEP/UNIDO "
                       "(bản minh họa do hệ thống tạo).",
        "subtitle": "Phương pháp đánh giá 6 bước",
        "sections": (
            ("Các bước đánh giá", (
                "Bước 1 – Khởi động: thành lập nhóm, liệt kê công đoạn, chọn trọng tâm đánh giá.",
                "Bước 2 – Phân tích các công đoạn: sơ đồ dòng, cân bằng vật liệu và năng lượng, chi phí dòng thải.",
                "Bước 3 – Đề xuất cơ hội: liệt kê và sàng lọc giải pháp.",
                "Bước 4 – Lựa chọn giải pháp: khả thi kỹ thuật, kinh tế, môi trường.",
                "Bước 5 – Thực hiện: kế hoạch, thực hiện, giám sát.",
                "Bước 6 – Duy trì: đánh giá, báo cáo, chọn trọng tâm mới.")),
        ),
    },
    {
        "title": "Bộ công cụ hỗ trợ đào tạo sản xuất sạch hơn tại doanh nghiệp", "kind": DocumentKind.TOOLKIT,
        "access": DocumentAccess.LOGGED_IN, "publisher": "Sở Công Thương Hà Nội", "issued_on": date(2019, 8, 15),
        "description": "Tài liệu dành cho cán bộ và doanh nghiệp đã đăng nhập (bản minh họa do hệ thống tạo).",
        "subtitle": "Tài liệu hỗ trợ đào tạo nâng cao năng lực",
        "sections": (("Nội dung", ("Bài giảng tổng quan", "Biểu mẫu đánh giá nhanh", "Bảng tính thời gian hoàn vốn")),),
    },
    {
        "title": "Tóm tắt Quyết định 1419/QĐ-TTg về Chiến lược sản xuất sạch hơn trong công nghiệp",
        "kind": DocumentKind.LEGAL, "access": DocumentAccess.PUBLIC, "publisher": "Phòng Kinh tế quận Hoàn Kiếm",
        "issued_on": date(2009, 9, 7),
        "description": "Bản tóm tắt các mục tiêu của Chiến lược (không phải văn bản gốc).",
        "subtitle": "Bản tóm tắt mục tiêu",
        "sections": (("Mục tiêu đến năm 2020", (
            "90% cơ sở sản xuất công nghiệp nhận thức được lợi ích của sản xuất sạch hơn.",
            "50% cơ sở áp dụng sản xuất sạch hơn.")),),
    },
)


def _documents(district: AdministrativeUnit) -> list[Document]:
    documents = []
    for spec in DOCUMENTS:
        existing = Document.objects.filter(title=spec["title"]).first()
        if existing is not None:
            documents.append(existing)
            continue
        publisher = Organisation.objects.filter(name=spec["publisher"]).first()
        pdf = render_pdf("outreach/demo_handbook.html", {
            "title": spec["title"], "subtitle": spec["subtitle"], "sections": spec["sections"],
            "issuer": spec["publisher"], "place_year": f"Hà Nội, {spec['issued_on'].year}",
            "note": "Bản minh họa do phần mềm SXSH tạo cho mục đích trình diễn.",
        })
        document = Document(
            title=spec["title"], kind=spec["kind"], access=spec["access"], publisher=publisher,
            issued_on=spec["issued_on"], description=spec["description"], unit=district, is_illustrative=True,
            file_type="pdf", file_size=len(pdf),
        )
        document.file.save(f"{document.download_name()}", ContentFile(pdf), save=False)
        document.save()
        documents.append(document)
    return documents


def _distributions(district: AdministrativeUnit, documents: list[Document]) -> None:
    if Distribution.objects.exists() or not documents:
        return
    from sxsh.accounts.models import User

    officer = User.objects.filter(username="quan").first()
    ward_officer = User.objects.filter(username="phuong").first()
    handbook, technical = documents[0], documents[1]
    # every fifth demo facility, so that the totals cover several wards and sectors
    facilities = list(Facility.objects.filter(is_illustrative=True).select_related("ward").order_by("pk"))[::5][:12]
    for i, facility in enumerate(facilities):
        by_ward = facility.ward.path.endswith("/hang-bac/") and ward_officer is not None
        Distribution.objects.create(
            document=handbook if i % 3 else technical, facility=facility, unit=facility.ward, copies=1 + i % 3,
            distributed_on=date(2019, 9, 5) + timedelta(days=i * 3), channel=Channel.PRINT if i % 4 else Channel.EVENT,
            recorded_by=ward_officer if by_ward else officer,
        )
    for code, copies in (("hang-bac", 50), ("hang-dao", 40), ("dong-xuan", 30)):
        ward = AdministrativeUnit.objects.filter(parent=district, level=UnitLevel.COMMUNE, code=code).first()
        if ward is not None:
            Distribution.objects.create(document=handbook, ward=ward, unit=ward, copies=copies,
                                        distributed_on=date(2019, 9, 3), channel=Channel.PRINT,
                                        note="Phát cho UBND phường để chuyển đến các cơ sở.", recorded_by=officer)
    committee = Organisation.objects.filter(name="Ủy ban nhân dân phường Hàng Gai").select_related("unit").first()
    if committee is not None:
        Distribution.objects.create(
            document=technical, organisation=committee, unit=committee.unit, copies=1,
            distributed_on=date(2019, 10, 2), channel=Channel.EMAIL, recorded_by=officer,
            note="Bản điện tử để đăng trên trang thông tin của phường.",
        )
