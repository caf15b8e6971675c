"""Intake pages: upload and progress, review and confirm, the document at a span.

Views parse and respond; writes are in reading.py and services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi import access
from luoshi.ingest import drafts, reading, review, services
from luoshi.ingest.archive import ArchiveError, archive_document
from luoshi.ingest.failures import failure
from luoshi.ingest.forms import ArchiveForm, UploadForm
from luoshi.ingest.highlight import document_marks, highlight
from luoshi.ingest.models import DocumentArchive, ReviewDraft
from luoshi.meetings.models import SourceDocument

ACTIVE_STATES = (SourceDocument.State.STORED, SourceDocument.State.READING)


def _documents(request: HttpRequest, archived: bool = False):
    documents = access.archived_documents if archived else access.current_documents
    queryset = documents(request.user).defer("content", "text", "text_simplified", "extraction")
    if archived:
        queryset = queryset.select_related("archive__archived_by").order_by("-archive__archived_at", "-pk")
    else:
        queryset = queryset.order_by("-uploaded_at", "-pk")
    return Paginator(queryset, 50).get_page(request.GET.get("page"))


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "programme.edit")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        published = form.cleaned_data.get("published")
        uploads = [(u.name, u.read()) for u in form.cleaned_data["files"]]
        if (form.cleaned_data.get("text") or "").strip():
            name = timezone.localtime().strftime("pasted-%Y%m%d-%H%M%S.txt")
            uploads.append((name, form.cleaned_data["text"].encode("utf-8")))
        new = 0
        for name, data in uploads:
            stored = reading.store(request.user, data, name, published)
            if stored.created:
                new += 1
            elif stored.same_text:
                messages.info(request, format_html(
                    _("{name} has the same text as “{doc}”, read before; it was not read again. "
                      "<a href=\"{url}\">Open the earlier document</a>"),
                    name=name, doc=str(stored.document), url=reverse("ingest:document", args=[stored.document.code])))
            else:
                messages.info(request, _("%(name)s is already stored as “%(doc)s”; it was not added again.")
                              % {"name": name, "doc": stored.document})
        if new:
            messages.success(request, _("%(n)d document(s) stored; they are being read.") % {"n": new})
        return redirect("ingest:intake")
    archived = request.GET.get("archived") == "1"
    page = _documents(request, archived)
    return render(request, "ingest/intake.html", {
        "form": form, "page": page, "archived": archived, **_status(page, archived),
    })


def _status(page, archived: bool = False) -> dict:
    documents = list(page.object_list)
    for doc in documents:
        doc.failure = failure(doc.error) if doc.state == SourceDocument.State.FAILED else None
    return {"documents": documents, "archived": archived,
            "busy": any(d.state in ACTIVE_STATES for d in documents)}


@login_required
def status(request: HttpRequest) -> HttpResponse:
    """The document list alone, fetched again by the page while documents are being read."""
    access.require(request.user, "programme.edit")
    return render(request, "ingest/_documents.html", _status(_documents(request)))


def _office_document(request: HttpRequest, code) -> SourceDocument:
    access.require(request.user, "programme.edit")
    return access.get_visible(access.visible_documents(request.user), code=code)


def _archived(document: SourceDocument) -> DocumentArchive | None:
    return DocumentArchive.objects.filter(document=document).select_related("archived_by").first()


@login_required
def review_page(request: HttpRequest, code) -> HttpResponse:
    document = _office_document(request, code)
    if _archived(document) is not None:
        messages.info(request, _("This document is archived; it can be read but no longer reviewed."))
        return redirect("ingest:document", document.code)
    if document.state in ACTIVE_STATES + (SourceDocument.State.FAILED,):
        return render(request, "ingest/not_ready.html", {
            "document": document, "failure": failure(document.error) if document.error else None,
            "may_archive": access.can(request.user, "archive", document),
        })
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = review.build_forms(document, request.POST if request.method == "POST" else None)
    if action == "confirm":
        if forms.is_valid():
            try:
                result = services.confirm_document(request.user, document, review.decisions_from(forms))
            except services.ConfirmError as exc:
                messages.error(request, str(exc))
            else:
                drafts.save(request.user, document, drafts.collect(forms), state=ReviewDraft.State.CONFIRMED)
                messages.success(request, _("Confirmed: %(n)d new task(s).") % {"n": len(result.tasks_created)})
                if result.plan is not None:
                    return redirect("work:plan_detail", result.plan.code)
                return redirect("ingest:review", document.code)
    elif action:
        if drafts.field_errors(forms):
            # Shown again as typed, with the fields to correct marked; nothing is saved half.
            messages.error(request, _("The draft was not saved: correct the marked fields."))
        else:
            try:
                _draft_action(request, document, forms, action)
            except services.ConfirmError as exc:
                messages.error(request, str(exc))
            return redirect(reverse("ingest:review", args=[document.code]) + request.POST.get("anchor", ""))
    last = document.review_drafts.select_related("saved_by").order_by("-version").first()
    return render(request, "ingest/review.html", {
        "document": document, "forms": forms,
        "draft": last if last is not None and last.state == ReviewDraft.State.SAVED else None,
        "text": highlight(document.text, document_marks(document)),
        "warnings": (document.extraction or {}).get("warnings") or [],
    })


def _draft_action(request: HttpRequest, document: SourceDocument, forms, action: str) -> None:
    """Save every field of the page as the next draft version, then split or merge if asked."""
    data = drafts.collect(forms)
    services.save_drafts(request.user, document, review.draft_edits(forms))
    verb, _sep, pk = action.partition(":")
    try:
        if verb == "save":
            messages.success(request, _("Draft edits saved."))
            return
        directive = document.directives.filter(pk=pk).first()
        if directive is None:
            raise services.ConfirmError(_("No such directive."))
        if verb == "merge":
            services.merge_with_next(request.user, directive)
        elif verb == "split":
            at = next((form.cleaned_data.get("split_at") for form in forms.directives.forms
                       if form.cleaned_data.get("id") == directive.pk), "") or ""
            at = at.strip()
            services.split_directive(request.user, directive, int(at) if at.isdigit() else at)
    finally:
        # Also when a split or merge is refused: the other edits on the page are kept.
        drafts.save(request.user, document, drafts.refresh_texts(data, document))


@login_required
@require_POST
def archive(request: HttpRequest, code) -> HttpResponse:
    access.require(request.user, "archive")
    document = access.get_visible(access.current_documents(request.user), code=code)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for archiving."))
        return redirect("ingest:intake")
    try:
        archive_document(request.user, document, form.cleaned_data["reason"])
    except ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, format_html(
            _("“{doc}” is archived. It stays readable under <a href=\"{url}\">Archived</a>."),
            doc=str(document), url=reverse("ingest:intake") + "?archived=1"))
    return redirect("ingest:intake")


@login_required
@require_POST
def reread(request: HttpRequest, code) -> HttpResponse:
    document = _office_document(request, code)
    if _archived(document) is not None:
        raise Http404
    reading.reread(request.user, document)
    messages.success(request, _("The document is being read again; confirmed items will stay as they are."))
    return redirect("ingest:intake")


@login_required
def document(request: HttpRequest, code) -> HttpResponse:
    """The document's clean text with its directives and commitments marked: the target of a task's source link."""
    document = access.get_visible(access.visible_documents(request.user), code=code)
    office = access.can(request.user, "programme.edit")
    return render(request, "ingest/document.html", {
        "document": document, "office": office, "archived": _archived(document),
        "failure": failure(document.error) if document.state == SourceDocument.State.FAILED else None,
        "text": highlight(document.text, document_marks(document, with_targets=False)),
    })
