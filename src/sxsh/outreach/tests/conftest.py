"""Fixtures of the outreach tests: articles in every state, comment form data, private storage in tmp."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from sxsh.core.formguard import new_token
from sxsh.directory.models import AdministrativeUnit
from sxsh.outreach.models import Article, ArticleStatus, Category, Document

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _outreach_env(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SXSH_FORM_MIN_SECONDS = 0
    settings.SXSH_COMMENT_RATE = (5, 600)
    field = Document._meta.get_field("file")
    original = field.storage  # type: ignore[attr-defined]
    field.storage = FileSystemStorage(location=tmp_path / "private")  # type: ignore[attr-defined]
    cache.clear()
    yield
    field.storage = original  # type: ignore[attr-defined]
    cache.clear()


@pytest.fixture
def make_article(district: AdministrativeUnit) -> Callable[..., Article]:
    def make(title: str = "Bài viết thử nghiệm", status: str = ArticleStatus.PUBLISHED,
             publish_at: Any = "past", **kwargs: Any) -> Article:
        if publish_at == "past":
            publish_at = timezone.now() - timedelta(days=1)
        article = Article(title=title, status=status, publish_at=publish_at, unit=kwargs.pop("unit", district),
                          body=kwargs.pop("body", "<p>Nội dung bài viết.</p>"),
                          category=kwargs.pop("category", Category.NEWS), **kwargs)
        article.slug = Article.unique_slug(title)
        article.save()
        return article

    return make


@pytest.fixture
def article(make_article: Callable[..., Article]) -> Article:
    return make_article(
        "Hoàn Kiếm triển khai kế hoạch Hành động sản xuất sạch hơn trong công nghiệp năm 2019",
        author_name="Hoàng Nam", summary="Kế hoạch số 154/KH-UBND.",
    )


@pytest.fixture
def comment_data() -> Callable[..., dict[str, str]]:
    def make(**overrides: str) -> dict[str, str]:
        data = {
            "name": "Nguyễn Văn An", "phone": "0912 345 678", "title": "Đăng ký tập huấn",
            "body": "Xin hướng dẫn thủ tục đăng ký lớp tập huấn.", "captcha_0": "khoa-thu", "captcha_1": "PASSED",
            "website": "", "started": new_token(),
        }
        data.update(overrides)
        return data

    return make
