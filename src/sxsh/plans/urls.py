from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("them/", views.plan_form, name="plan_create"),
    path("cua-toi/", views.my_activities, name="my_activities"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_form, name="plan_edit"),
    path("<int:pk>/van-ban/", views.plan_document, name="plan_document"),
    path("<int:pk>/tien-do/", views.plan_timeline, name="plan_timeline"),
    path("<int:pk>/hoat-dong/", views.activity_list, name="activity_list"),
    path("<int:pk>/bao-cao.<str:fmt>", views.report, name="report"),
    path("<int:plan_pk>/nhom/them/", views.workstream_form, name="workstream_create"),
    path("<int:plan_pk>/nhom/<int:pk>/sua/", views.workstream_form, name="workstream_edit"),
    path("<int:plan_pk>/hoat-dong/them/", views.activity_form, name="activity_create"),
    path("<int:plan_pk>/hoat-dong/<int:pk>/sua/", views.activity_form, name="activity_edit"),
    path("<int:plan_pk>/chi-tieu/them/", views.target_form, name="target_create"),
    path("<int:plan_pk>/chi-tieu/<int:pk>/sua/", views.target_form, name="target_edit"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("hoat-dong/<int:pk>/cap-nhat/", views.update_create, name="update_create"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence_file"),
]
