from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhat-ky/xuat.<str:fmt>", views.audit_export, name="audit_export"),
    path("nhat-ky/<id:pk>/", views.audit_detail, name="audit_detail"),
]
