from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("xuat.<str:fmt>", views.task_export, name="export"),
    path("<id:pk>/", views.task_detail, name="detail"),
    path("<id:pk>/tien-do/", views.task_progress, name="progress"),
    path("<id:pk>/tai-ve/", views.task_download, name="download"),
]
