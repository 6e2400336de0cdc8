"""{% comment_thread topic="risks" %} or {% comment_thread task=task %}: a task's or a plan page's comment thread
(its comments and the form to add one), as the page's `access` (a JourneyAccess) may read and write it."""

from django import template
from django.urls import reverse

from journeys.access import comment_thread as comment_thread_of
from journeys.forms import CommentForm
from journeys.models import PlanTopic

register = template.Library()


@register.inclusion_tag("journeys/includes/comments.html", takes_context=True)
def comment_thread(context, topic: str = "", task=None):
    access = context["access"]
    if task is not None:
        comments = comment_thread_of(access, task_pk=task.pk)
        action = reverse("journeys:task_comments", args=[access.journey.pk, task.pk])
    else:
        plan_topic = PlanTopic(topic)
        comments = comment_thread_of(access, topic=plan_topic.value)
        action = reverse("journeys:plan_comments", args=[access.journey.pk, plan_topic.slug])
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "access": access,
        "journey": access.journey,
        "comments": comments,
        "comment_form": CommentForm(access=access) if access.can_comment else None,
        "action": action,
    }
