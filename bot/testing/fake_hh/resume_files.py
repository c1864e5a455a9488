"""Resumes as files: `GET` of the address in `resume.download.pdf.url` (or `.rtf`).

openapi.yml gives these addresses only inside answers: its examples put them on the API's own host
(`https://api.hh.ru/resumes/{id}/download/{name}.pdf?type=pdf&topic_id=…&vacancy_id=…`), and hh.ru's own pages
(employer-negotiations.ru.md) on the site's (`https://hh.ru/api_resume_converter/{id}/{name}.pdf?type=pdf`). Its
«Просмотр резюме» section says: «Успешный ответ приходит с кодом 200 и содержит в теле запрашиваемый файл». The fake
serves both forms, the second where `FakeHH.files_url` points, and nothing without a token of someone who may see the
resume: its owner, or an employer it responded to or was invited by. Opened with the response's `topic_id`, the
file marks the response viewed, as opening the resume does (the harsher reading).

What a test may change per resume (`FileSpec`): the file's size, an answer that is not a PDF (a page, as a site might
answer), and a body without `Content-Length`. `FakeHH.hold_resume_files()` holds the next file until released.
"""

from __future__ import annotations

from aiohttp import web

from .auth import authenticate
from .context import backend_of
from .errors import bad_argument, forbidden, not_found
from .messaging import mark_viewed_by_employer
from .records import FileSpec, ResumeRecord, UserRecord
from .state import World

_KINDS = {"pdf": "application/pdf", "rtf": "application/rtf"}
_CHUNK = 64 * 1024


async def resume_file(request: web.Request) -> web.StreamResponse:
    user = authenticate(request)
    world = backend_of(request).world
    record = world.resumes.get(request.match_info["resume_id"])
    if record is None or record.hidden or (user.kind == "applicant" and record.owner_id != user.id):
        raise not_found("Resume not found")
    kind = request.query.get("type", "")
    if kind not in _KINDS:
        raise bad_argument("type")
    if user.kind == "employer":
        _employer_may_see(world, user, record, request.query.get("topic_id"))
    gate = next((held for held in world.file_gates if not held.taken), None)
    if gate is not None:
        gate.taken = True
        gate.reached.set()
        await gate.opened.wait()
    return await _send(request, record, kind)


def _employer_may_see(world: World, user: UserRecord, record: ResumeRecord, topic_id: str | None) -> None:
    related = [n for n in world.negotiations.values()
               if n.resume_id == record.id and world.vacancy_of(n).employer_id == user.employer_id]
    if not related:
        raise forbidden(description="The resume is not available to the current user")
    for negotiation in related:
        if negotiation.id == topic_id:
            mark_viewed_by_employer(negotiation)


async def _send(request: web.Request, record: ResumeRecord, kind: str) -> web.StreamResponse:
    spec = record.file
    body = resume_bytes(record, spec) if kind == "pdf" else b"{\\rtf1\\ansi Resume}"
    content_type = "text/html" if spec.not_pdf else _KINDS[kind]
    headers = {"Content-Disposition": f'attachment; filename="resume-{record.real_id}.{kind}"'}
    if not spec.chunked:
        return web.Response(body=body, content_type=content_type, headers=headers)
    response = web.StreamResponse(headers={**headers, "Content-Type": content_type})
    response.enable_chunked_encoding()
    await response.prepare(request)
    try:
        for start in range(0, len(body), _CHUNK):
            await response.write(body[start:start + _CHUNK])
    except ConnectionError:
        return response  # the client stopped reading: what it took is its business
    await response.write_eof()
    return response


def resume_bytes(record: ResumeRecord, spec: FileSpec) -> bytes:
    """The resume's file: a small valid PDF (one page naming the resume), padded to `spec.size`; a page of HTML when
    `spec.not_pdf`."""
    if spec.not_pdf:
        return b"<!doctype html><title>hh.ru</title><p>Log in to see the resume.</p>"
    return _pdf(f"Resume {record.real_id}: {record.title.encode('ascii', 'replace').decode()}", spec.size or 0)


def _pdf(line: str, size: int) -> bytes:
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 18 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = _assemble(objects)
    filler = 0
    for _ in range(4):  # an unused stream of filler, so that the file has the size asked for
        if (len(pdf) >= size and filler == 0) or len(pdf) == size:
            break
        filler = max(0, filler + size - len(pdf))
        pdf = _assemble([*objects, b"<< /Length %d >>\nstream\n%s\nendstream" % (filler, b"0" * filler)])
    return pdf


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def add_resume_file_routes(app: web.Application) -> None:
    app.router.add_get("/resumes/{resume_id}/download/{file_name}", resume_file)
    app.router.add_get("/api_resume_converter/{resume_id}/{file_name}", resume_file)
