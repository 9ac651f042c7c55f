from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<id:pk>/mo/", views.notification_open, name="open"),
    path("da-doc-het/", views.notification_read_all, name="read_all"),
    path("lua-chon/", views.preferences, name="preferences"),
    path("tat/<str:token>/", views.opt_out, name="opt_out"),
]
