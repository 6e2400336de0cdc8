"""{% comment_thread topic="risks" %} or {% comment_thread task=task %}: a task's or a plan page's comment thread
(its comments and the form to add one), as the page's `access` (a JourneyAccess) may read and write it."""

from django import template
from django.urls import reverse

from journeys.access import comments_visible
from journeys.forms import CommentForm
from journeys.models import PlanTopic

register = template.Library()


@register.inclusion_tag("journeys/includes/comments.html", takes_context=True)
def comment_thread(context, topic: str = "", task=None):
    access = context["access"]
    comments = comments_visible(access).select_related("author")
    if task is not None:
        comments = comments.filter(task=task)
        action = reverse("journeys:task_comments", args=[access.journey.pk, task.pk])
    else:
        plan_topic = PlanTopic(topic)
        comments = comments.filter(plan_topic=plan_topic)
        action = reverse("journeys:plan_comments", args=[access.journey.pk, plan_topic.slug])
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "access": access,
        "journey": access.journey,
        "comments": list(comments),
        "comment_form": CommentForm(access=access) if access.can_comment else None,
        "action": action,
    }
