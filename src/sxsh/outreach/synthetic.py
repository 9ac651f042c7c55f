"""Synthetic articles and comments for the city-size dataset (``manage.py generate_synthetic``).

Each synthetic district publishes about two articles a month over the period, and readers leave a few
comments on most of them (most approved, some pending or hidden). Bulk-created: slug and search text
are set here, as ``Article.save`` would.
"""

from datetime import UTC, datetime
from typing import Any

from sxsh.calc.text import fold
from sxsh.directory.synthetic import SyntheticContext, bulk_insert

from .models import Article, ArticleStatus, Category, Comment, CommentStatus

TOPICS = ("Hội thảo", "Tập huấn", "Tham quan học tập", "Cẩm nang", "Điển hình", "Chính sách hỗ trợ")
SUBJECTS = ("sản xuất sạch hơn", "tiết kiệm năng lượng", "giảm chất thải", "tiết kiệm nước", "hóa chất an toàn",
            "sử dụng hiệu quả nguyên liệu")


def generate(context: SyntheticContext) -> dict[str, int]:
    from sxsh.directory.models import AdministrativeUnit

    rng = context.app_rng("outreach")
    districts = list(AdministrativeUnit.objects.filter(pk__in=context.district_ids).order_by("path"))
    categories = [c.value for c in Category]
    articles = []
    for district in districts:
        for year in range(context.first_year, context.config.end_year + 1):
            for month in range(1, 13):
                for n in range(rng.randint(1, 3)):
                    topic, subject = rng.choice(TOPICS), rng.choice(SUBJECTS)
                    title = f"{topic} về {subject} tại {district.name} ({month:02d}/{year}, số {n + 1})"
                    body = "".join(
                        f"<p>{district.name} tổ chức hoạt động {subject} cho các cơ sở sản xuất công nghiệp "
                        f"trên địa bàn, đoạn {k + 1}.</p>" for k in range(rng.randint(3, 8))
                    )
                    summary = f"{topic} {subject} tháng {month:02d}/{year}."
                    slug = f"{district.code}-{year}-{month:02d}-{n + 1}"
                    articles.append(Article(
                        title=title, slug=slug, summary=summary, body=body, category=rng.choice(categories),
                        author_name="Phòng Kinh tế", unit=district, status=ArticleStatus.PUBLISHED,
                        publish_at=datetime(year, month, rng.randint(1, 28), 8, tzinfo=UTC),
                        is_illustrative=True, view_count=rng.randint(0, 2000),
                        search_text=fold(" ".join([title, summary, body.replace("<p>", " ").replace("</p>", " "),
                                                   "Phòng Kinh tế"])),
                    ))
    count = bulk_insert(Article, articles)
    slugs = [a.slug for a in articles]
    pks = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    statuses = [CommentStatus.APPROVED] * 7 + [CommentStatus.PENDING] * 2 + [CommentStatus.HIDDEN]

    def comments() -> Any:
        for article in articles:
            for k in range(rng.choice((0, 1, 2, 3, 5, 8))):
                yield Comment(
                    article_id=pks[article.slug], name=f"Bạn đọc {k + 1}", title=f"Ý kiến về {article.summary}"[:200],
                    body="Xin hỏi thủ tục đăng ký tham gia chương trình hỗ trợ?", status=rng.choice(statuses),
                    is_illustrative=True,
                )

    comment_count = bulk_insert(Comment, comments())
    return {"articles": count, "comments": comment_count}


def flush(district_paths: list[str]) -> None:
    """Remove the synthetic districts' articles (their comments cascade) before the districts go."""
    for path in district_paths:
        Article.objects.filter(unit__path__startswith=path).delete()
