"""/performance/: the service's four mandatory measures by month, public (#25, point 4)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from mutuals_portal.lib.csv_export import csv_response
from mutuals_portal.lib.httpcache import public_page

from . import performance


@require_GET
@public_page(performance.stamp)
def performance_page(request):
    months = performance.measures()
    charts = [
        (
            "satisfaction",
            "User satisfaction",
            "Of the people who answered “Give feedback”, the share who were satisfied or very satisfied.",
            performance.bar_chart(
                "chart-satisfaction",
                "User satisfaction by month, per cent",
                months,
                [m.satisfaction for m in months],
            ),
        ),
        (
            "take-up",
            "Digital take-up",
            "Of the expressions of interest councils received, the share sent through this service "
            "rather than by email or post.",
            performance.bar_chart(
                "chart-take-up", "Digital take-up by month, per cent", months, [m.take_up for m in months]
            ),
        ),
    ]
    completion = [
        (
            key,
            label,
            performance.bar_chart(
                f"chart-completion-{key}",
                f"Completion rate by month, per cent: {label}",
                months,
                [m.completion(key) for m in months],
            ),
            [(m, m.started[key], m.completed[key], m.completion(key)) for m in months],
        )
        for key, label in performance.TRANSACTIONS
    ]
    cost = performance.monthly_cost()
    return render(
        request,
        "pages/performance.html",
        {
            "months": months,
            "charts": charts,
            "completion": completion,
            "cost": cost,
            "cost_chart": performance.bar_chart(
                "chart-cost",
                "Cost per transaction by month, pounds",
                months,
                [m.cost_per_transaction for m in months],
                unit="£",
            )
            if cost is not None
            else "",
        },
    )


@require_GET
@public_page(performance.stamp)
def performance_csv(request):
    header, rows = performance.rows(performance.measures())
    return csv_response(filename="mutuals-portal-performance.csv", header=header, rows=rows)
