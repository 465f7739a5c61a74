"""Feedback URLs: the public survey link and the staff's closing of a follow-up."""

from django.urls import path

from sanbao.feedback import views

app_name = "feedback"
urlpatterns = [
    # Sent in the message when an order or a return batch closes: keep it short and stable.
    path("s/<str:token>/", views.survey_page, name="survey"),
    path("s/<str:token>/thanks/", views.survey_thanks, name="survey_thanks"),
    path("feedback/follow-ups/<int:pk>/close/", views.follow_up_close, name="follow_up_close"),
]
