"""Comments on tasks and plan sections (issue #22, point 5): each thread's page, adding, changing and
deleting a comment, and every comment on a journey the reader may see. Who may read which comment is
journeys.access's rule (comments_visible); the writes are journeys.services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from mutuals_portal.lib.forms import add_errors

from . import services
from .access import comments_visible, get_comment_for_author, get_journey_for_user, require
from .forms import CommentForm
from .models import Comment, PlanTopic, Task

COMMENTS_PER_PAGE = 25

# Where each part of the plan is read (its comments link back there).
PLAN_TOPIC_PAGES = {
    PlanTopic.STAFF_ENGAGEMENT: "journeys:ballots",
    PlanTopic.LEGAL_FORM: "journeys:design",
    PlanTopic.GOVERNANCE: "journeys:governance",
    PlanTopic.FINANCIAL_MODEL: "journeys:finance",
    PlanTopic.RISKS: "journeys:risks",
    PlanTopic.TRANSFER: "journeys:transfer",
}


def topic_url(journey_pk: int, *, task_pk: int | None = None, plan_topic: str = "") -> str:
    """The page a thread is about: the task, the plan page, or the narrative section on the summary page."""
    if task_pk is not None:
        return reverse("journeys:task", args=[journey_pk, task_pk])
    topic = PlanTopic(plan_topic)
    if topic in PLAN_TOPIC_PAGES:
        return reverse(PLAN_TOPIC_PAGES[topic], args=[journey_pk])
    return reverse("journeys:narrative", args=[journey_pk]) + f"#{topic.slug}"


def _thread(request, access, *, task: Task | None = None, topic: PlanTopic | None = None):
    """A thread's page: its comments and the form to add one (POST adds it)."""
    form = CommentForm(request.POST or None, access=access)
    if request.method == "POST":
        require(access.can_comment)
        if form.is_valid():
            try:
                comment = services.comment_add(
                    journey=access.journey,
                    by=request.user,
                    body=form.cleaned_data["body"],
                    task=task,
                    plan_topic=topic.value if topic else "",
                    **form.visibility(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Comment added")
                return redirect(comment.get_absolute_url())
    comments = comments_visible(access).filter(task=task, plan_topic=topic.value if topic else "")
    context = {
        "access": access,
        "journey": access.journey,
        "form": form,
        "comment_form": form,
        "comments": comments.select_related("author"),
        "topic_title": task.definition.title if task else topic.label,
        "topic_url": topic_url(access.journey.pk, task_pk=task.pk if task else None, plan_topic=topic or ""),
        "action": request.path,
    }
    return render(request, "journeys/comments/thread.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_comments(request, pk, task_pk):
    access = get_journey_for_user(request.user, pk)
    task = get_object_or_404(Task.objects.select_related("definition", "owner"), pk=task_pk, journey=access.journey)
    return _thread(request, access, task=task)


@login_required
@require_http_methods(["GET", "POST"])
def plan_comments(request, pk, topic):
    access = get_journey_for_user(request.user, pk)
    plan_topic = PlanTopic.from_slug(topic)
    if plan_topic is None:
        raise Http404("No such part of the plan")
    return _thread(request, access, topic=plan_topic)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk, comment_pk):
    access, comment = get_comment_for_author(request.user, pk, comment_pk)
    initial = {"body": comment.body, "version": comment.version, "audience": _audience_of(comment)}
    form = CommentForm(request.POST or None, access=access, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment,
                by=request.user,
                body=form.cleaned_data["body"],
                version=form.cleaned_data["version"] or 0,
                **form.visibility(),
            )
        except services.CommentConflict:
            form.add_error(
                None,
                "This comment was changed in another window after you opened this page. "
                "Go back to the comments to see it, then change it again.",
            )
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Comment changed")
            return redirect(comment.get_absolute_url())
    context = {
        "access": access,
        "journey": access.journey,
        "form": form,
        "comment": comment,
        "back": comment.thread_url(),
    }
    return render(request, "journeys/comments/edit.html", context, status=status)


def _audience_of(comment: Comment) -> list[str]:
    chosen = []
    if comment.visible_to_adviser:
        chosen.append(CommentForm.ADVISER)
    if comment.visible_to_council:
        chosen.append(CommentForm.COUNCIL)
    if comment.visible_to_mentor:
        chosen.append(CommentForm.MENTOR)
    return chosen


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk, comment_pk):
    access, comment = get_comment_for_author(request.user, pk, comment_pk)
    back = comment.thread_url()
    if request.method == "POST":
        services.comment_delete(comment=comment, by=request.user)
        messages.success(request, f"Your comment on \u201c{comment.topic_title}\u201d was deleted")
        return redirect(back)
    context = {"access": access, "journey": access.journey, "comment": comment, "back": back}
    return render(request, "journeys/comments/delete.html", context)


@login_required
def journey_comments(request, pk):
    """Every comment on the journey this person may read, newest first, each linked to its thread."""
    access = get_journey_for_user(request.user, pk)
    comments = comments_visible(access).select_related("author", "task__definition").order_by("-created_at", "-id")
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"access": access, "journey": access.journey, "page_obj": page, "comments": page.object_list}
    return render(request, "journeys/comments/list.html", context)
