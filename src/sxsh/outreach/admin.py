from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sxsh.core.admin import AuditedAdmin

from .models import Article, Comment, Distribution, Document, Tag


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Article)
class ArticleAdmin(AuditedAdmin):
    list_display = ("title", "category", "status", "publish_at", "view_count", "is_illustrative")
    list_filter = ("status", "category", "is_illustrative")
    search_fields = ("title",)
    readonly_fields = ("slug", "view_count", "status")  # publishing goes through change_article_status
    filter_horizontal = ("tags",)


@admin.register(Comment)
class CommentAdmin(AuditedAdmin):
    """Moderation belongs to the back-office queue; comments are hidden, never deleted."""

    list_display = ("title", "article", "status", "created_at", "is_illustrative")
    list_filter = ("status", "is_illustrative")
    search_fields = ("title", "body")
    readonly_fields = ("article", "name", "phone", "title", "body", "submission_key", "reader",
                       "status", "hidden_reason", "reply", "replied_at", "moderated_by", "moderated_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ("title", "kind", "access", "issued_on", "download_count")
    list_filter = ("kind", "access")
    search_fields = ("title",)
    readonly_fields = ("file", "file_type", "file_size", "download_count")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through the back office, where the file type is checked by content


@admin.register(Distribution)
class DistributionAdmin(AuditedAdmin):
    list_display = ("document", "recipient", "unit", "copies", "distributed_on", "channel")
    list_filter = ("channel",)
