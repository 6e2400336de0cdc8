from django.urls import path

from . import views

urlpatterns = [
    path("", views.feedback, name="feedback"),
    path("thank-you/", views.feedback_thanks, name="feedback_thanks"),
]
