"""{% plan_topic_comments "risks" %}: a plan page's comment thread (its comments and the form to add one)."""

from django import template
from django.urls import reverse

from journeys.access import comments_visible
from journeys.forms import CommentForm
from journeys.models import PlanTopic

register = template.Library()


@register.inclusion_tag("journeys/includes/comments.html", takes_context=True)
def plan_topic_comments(context, topic: str):
    """The page's `access` (a JourneyAccess) decides which comments show and whether the form does."""
    access = context["access"]
    plan_topic = PlanTopic(topic)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "access": access,
        "journey": access.journey,
        "comments": list(comments_visible(access).filter(plan_topic=plan_topic).select_related("author")),
        "comment_form": CommentForm(access=access) if access.can_comment else None,
        "action": reverse("journeys:plan_comments", args=[access.journey.pk, plan_topic.slug]),
    }
