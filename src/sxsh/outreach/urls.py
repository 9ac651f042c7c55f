from django.urls import path

from . import views
from .feeds import LatestArticlesAtomFeed, LatestArticlesFeed

app_name = "outreach"
urlpatterns = [
    path("tin-tuc/", views.article_list, name="article_list"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="article_detail"),
    path("tin-tuc/anh/<uuid:key>/", views.article_image, name="article_image"),
    path("tin-tuc/<slug:slug>/anh-bia/", views.article_cover, name="article_cover"),
    path("tin-tuc/<slug:slug>/ma-xac-nhan/", views.article_captcha, name="article_captcha"),
    path("tin-tuc/<slug:slug>/da-xem/", views.article_seen, name="article_seen"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("the/<slug:slug>/", views.tag, name="tag"),
    path("tim-kiem/", views.search, name="search"),
    path("tai-lieu/", views.document_list, name="document_list"),
    path("tai-lieu/<id:pk>/tai-ve/", views.document_download, name="document_download"),
    path("rss.xml", LatestArticlesFeed(), name="rss"),
    path("atom.xml", LatestArticlesAtomFeed(), name="atom"),
    path("quan-ly/bai-viet/", views.manage_articles, name="manage_articles"),
    path("quan-ly/bai-viet/xuat.<str:fmt>", views.manage_article_export, name="manage_article_export"),
    path("quan-ly/bai-viet/hang-loat/", views.manage_article_bulk, name="manage_article_bulk"),
    path("quan-ly/bai-viet/them/", views.manage_article_form, name="manage_article_create"),
    path("quan-ly/bai-viet/anh/", views.manage_article_image, name="manage_article_image"),
    path("quan-ly/bai-viet/<id:pk>/sua/", views.manage_article_form, name="manage_article_edit"),
    path("quan-ly/bai-viet/<id:pk>/trang-thai/", views.manage_article_status, name="manage_article_status"),
    path("quan-ly/binh-luan/", views.manage_comments, name="manage_comments"),
    path("quan-ly/binh-luan/xuat.<str:fmt>", views.manage_comment_export, name="manage_comment_export"),
    path("quan-ly/binh-luan/hang-loat/", views.manage_comment_bulk, name="manage_comment_bulk"),
    path("quan-ly/binh-luan/<id:pk>/", views.comment_detail, name="comment_detail"),
    path("quan-ly/binh-luan/<id:pk>/<slug:action>/", views.moderate_comment, name="moderate_comment"),
    path("quan-ly/tai-lieu/", views.manage_documents, name="manage_documents"),
    path("quan-ly/tai-lieu/xuat.<str:fmt>", views.manage_document_export, name="manage_document_export"),
    path("quan-ly/tai-lieu/them/", views.manage_document_form, name="manage_document_create"),
    path("quan-ly/tai-lieu/<id:pk>/sua/", views.manage_document_form, name="manage_document_edit"),
    path("quan-ly/phan-phat/", views.manage_distributions, name="manage_distributions"),
    path("quan-ly/phan-phat/them/", views.manage_distribution_form, name="manage_distribution_create"),
    path("quan-ly/phan-phat/xuat.<str:fmt>", views.manage_distribution_export, name="manage_distribution_export"),
    path("quan-ly/phan-phat/tong-hop.xlsx", views.export_distribution_totals, name="export_distribution_totals"),
]
