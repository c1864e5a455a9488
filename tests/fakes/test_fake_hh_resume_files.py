"""The fake hh.ru serves resumes as files at the addresses it gives (`resume.download.pdf.url`), only to whoever may
see the resume, and its answers there keep to hh.ru's spec."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from bot.testing.fake_hh import ApplicantUser, FakeHH, Negotiation
from tests.conftest import fail_on_spec_violations
from tests.fakes.conftest import FAKE_HH_TEST_AGENT


@dataclass
class Scene:
    hh: FakeHH
    session: aiohttp.ClientSession
    employer_token: str
    applicant: ApplicantUser
    negotiation: Negotiation

    async def pdf_url(self) -> str:
        async with self.session.get(f"{self.hh.base_url}/negotiations/{self.negotiation.negotiation_id}",
                                    headers={"Authorization": f"Bearer {self.employer_token}"}) as response:
            url: str = (await response.json())["resume"]["download"]["pdf"]["url"]
        return url

    async def get(self, url: str, token: str | None) -> tuple[int, str, bytes]:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        async with self.session.get(url, headers=headers) as response:
            return response.status, response.content_type, await response.read()


@pytest.fixture
async def scene() -> AsyncIterator[Scene]:
    hh = FakeHH(validate=True)
    employer = hh.add_employer_user()
    applicant = hh.add_applicant_user()
    negotiation = hh.add_response(hh.add_vacancy(employer), applicant)
    await hh.start()
    async with aiohttp.ClientSession(headers={"HH-User-Agent": FAKE_HH_TEST_AGENT}) as session:
        yield Scene(hh, session, hh.issue_tokens(employer).access_token, applicant, negotiation)
    await hh.close()
    fail_on_spec_violations(hh)


async def test_the_employer_gets_a_pdf_at_the_address_hh_gives(scene: Scene) -> None:
    url = await scene.pdf_url()
    assert url.startswith(f"{scene.hh.base_url}/resumes/{scene.applicant.resume_id}/download/")
    assert f"?type=pdf&topic_id={scene.negotiation.negotiation_id}&vacancy_id=" in url
    status, content_type, body = await scene.get(url, scene.employer_token)
    assert (status, content_type) == (200, "application/pdf")
    assert body == scene.hh.resume_file(scene.applicant)
    assert body.startswith(b"%PDF-1.4\n") and body.rstrip().endswith(b"%%EOF")
    xref = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = body[xref:].split(b"\n")
    assert table[0] == b"xref", "the cross-reference table is where the trailer says"
    count = int(table[1].split()[1])
    offsets = [int(line.split()[0]) for line in table[3:2 + count]]
    assert [body[offset:].split(b"\n", 1)[0] for offset in offsets] == [
        b"%d 0 obj" % number for number in range(1, count)], "each object is where the table says"


async def test_only_with_a_token_of_someone_who_may_see_it(scene: Scene) -> None:
    url = await scene.pdf_url()
    stranger = scene.hh.issue_tokens(scene.hh.add_employer_user(company="Другая")).access_token
    answers = [await scene.get(url, None), await scene.get(url, "not-a-token"), await scene.get(url, stranger)]
    assert [(status, content_type) for status, content_type, _ in answers] == [
        (403, "application/json"), (403, "application/json"), (403, "application/json")]
    assert not any(body.startswith(b"%PDF") for _, _, body in answers)


async def test_a_hidden_resume_has_no_file(scene: Scene) -> None:
    url = await scene.pdf_url()
    scene.hh.hide_resume(scene.applicant)
    status, _, body = await scene.get(url, scene.employer_token)
    assert status == 404 and not body.startswith(b"%PDF")


async def test_opening_the_file_marks_the_response_viewed_and_clears_its_updates(scene: Scene) -> None:
    url = await scene.pdf_url()
    assert scene.hh.negotiation(scene.negotiation).has_updates_employer
    status, _, _ = await scene.get(url, scene.employer_token)
    assert status == 200
    assert not scene.hh.negotiation(scene.negotiation).has_updates_employer


async def test_size_a_page_instead_and_no_length_are_the_tests_to_choose(scene: Scene) -> None:
    url = await scene.pdf_url()
    scene.hh.set_resume_file(scene.applicant, size=300_000, chunked=True)
    async with scene.session.get(url, headers={"Authorization": f"Bearer {scene.employer_token}"}) as response:
        body = await response.read()
        assert response.headers.get("Content-Length") is None
    assert body.startswith(b"%PDF-") and len(body) == 300_000
    scene.hh.set_resume_file(scene.applicant, not_pdf=True)
    status, content_type, body = await scene.get(url, scene.employer_token)
    assert (status, content_type) == (200, "text/html") and not body.startswith(b"%PDF")


async def test_files_on_another_host_as_hh_rus_own_pages_show_them(scene: Scene) -> None:
    scene.hh.files_url = scene.hh.base_url.replace("127.0.0.1", "localhost")
    url = await scene.pdf_url()
    assert url.startswith(f"{scene.hh.files_url}/api_resume_converter/{scene.applicant.resume_id}/")
    status, content_type, body = await scene.get(url, scene.employer_token)
    assert (status, content_type, body) == (200, "application/pdf", scene.hh.resume_file(scene.applicant))


async def test_a_held_file_comes_when_released(scene: Scene) -> None:
    url = await scene.pdf_url()
    gate = scene.hh.hold_resume_files()
    fetching = asyncio.ensure_future(scene.get(url, scene.employer_token))
    await asyncio.wait_for(gate.reached.wait(), 5)
    assert not fetching.done()
    gate.release()
    status, _, _ = await asyncio.wait_for(fetching, 5)
    assert status == 200
