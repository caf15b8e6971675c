"""One page of a list, where a page shows several lists each with its own pager.

``page_of(request, queryset, "reports")`` reads ``?reports=N``; the page carries the query
string of every *other* parameter, so paging one section keeps the others where they were.
The count is one SQL COUNT and the rows one LIMIT/OFFSET query: a section costs the same
with 10 rows waiting as with 100,000.
"""
from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50


def page_of(request: HttpRequest, queryset, param: str = "page", per_page: int = PER_PAGE) -> Page:
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))
    others = request.GET.copy()
    others.pop(param, None)
    page.param = param
    page.query = others.urlencode()
    return page
