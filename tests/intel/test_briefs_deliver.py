"""`deliver_week` against a real SMTP server (aiosmtpd) on loopback: each chair gets its BCU's PDF,
each email is audited as a disclosure with the briefing's records, each PDF is archived with its SHA-256."""

from __future__ import annotations

import email
import hashlib
import json
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from intel.audit import DISCLOSURE
from intel.briefs import briefing_filename, deliver_week, records_sidecar
from intel.config import load_settings
from intel.errors import IntelError
from intel.store import Store

WEEK = "2026-W47"


class Sink:
    def __init__(self):
        self.got = []

    async def handle_DATA(self, server, session, envelope):
        self.got.append((sorted(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    ctl = Controller(sink, hostname="127.0.0.1", port=port)
    ctl.start()
    yield sink, port
    ctl.stop()


def _settings(tmp_path, port, chairs):
    base = load_settings(db_url=f"sqlite:///{tmp_path / 'intel.db'}")
    delivery = base.delivery.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "chairs": chairs})
    output = base.output.model_copy(update={"archive_dir": str(tmp_path / "archive")})
    return base.model_copy(update={"delivery": delivery, "output": output})


def _briefing(folder, bcu, content: bytes, records):
    path = folder / briefing_filename(WEEK, bcu)
    path.write_bytes(content)
    records_sidecar(path).write_text(json.dumps({"records": records}))
    return path


def test_deliver_sends_audits_and_archives(tmp_path, smtp):
    sink, port = smtp
    settings = _settings(tmp_path, port, {"Hackney": ["chair.hackney@example.police.uk"],
                                          "all": ["lead@example.police.uk", "dci@example.police.uk"]})
    out = tmp_path / "briefings"
    out.mkdir()
    hackney = _briefing(out, "Hackney", b"%PDF-1.7 hackney", ["LIT-1", "CR-2"])
    force = _briefing(out, None, b"%PDF-1.7 force", ["LIT-1"])
    store = Store(settings.store_url)
    try:
        sent = deliver_week(store, settings, WEEK, out, user="lead1")
        events = store.audit_events(user="lead1")
    finally:
        store.close()
    assert [d.area for d in sent] == ["Hackney", "Force-wide"]
    assert [r for r, _ in sink.got] == [["chair.hackney@example.police.uk"],
                                        ["dci@example.police.uk", "lead@example.police.uk"]]
    msg = email.message_from_bytes(sink.got[0][1], policy=policy.default)
    assert msg["Subject"] == "OFFICIAL-SENSITIVE: Pacesetter briefing Hackney 2026-W47"
    assert [a.get_content() for a in msg.iter_attachments()] == [b"%PDF-1.7 hackney"]
    assert [e.action for e in events] == [DISCLOSURE, DISCLOSURE]
    assert events[0].record_ids == ["CR-2", "LIT-1"] and "chair.hackney@example.police.uk" in events[0].what
    digest = hashlib.sha256(b"%PDF-1.7 hackney").hexdigest()
    assert sent[0].sha256 == digest and digest in events[0].what
    manifest = [json.loads(x) for x in (tmp_path / "archive" / "manifest.jsonl").read_text().splitlines()]
    assert [(m["area"], m["sha256"]) for m in manifest] == [("Hackney", digest),
                                                            ("Force-wide", hashlib.sha256(b"%PDF-1.7 force").hexdigest())]
    assert (tmp_path / "archive" / WEEK / hackney.name).read_bytes() == b"%PDF-1.7 hackney"
    assert force.exists()


def test_missing_briefing_or_chairs_is_a_clear_error(tmp_path, smtp):
    _, port = smtp
    store = Store(f"sqlite:///{tmp_path / 'intel.db'}")
    try:
        with pytest.raises(IntelError, match="delivery.chairs is empty"):
            deliver_week(store, _settings(tmp_path, port, {}), WEEK, tmp_path, user="u")
        with pytest.raises(IntelError, match="intel brief --week 2026-W47"):
            deliver_week(store, _settings(tmp_path, port, {"Hackney": ["c@example.police.uk"]}), WEEK, tmp_path,
                         user="u")
    finally:
        store.close()


def test_login_needs_the_password_from_the_environment(tmp_path, smtp, monkeypatch):
    _, port = smtp
    s = _settings(tmp_path, port, {"Hackney": ["c@example.police.uk"]})
    s = s.model_copy(update={"delivery": s.delivery.model_copy(update={"username": "lit"})})
    monkeypatch.delenv("INTEL_SMTP_PASSWORD", raising=False)
    store = Store(s.store_url)
    try:
        with pytest.raises(IntelError, match="INTEL_SMTP_PASSWORD"):
            deliver_week(store, s, WEEK, tmp_path, user="u")
    finally:
        store.close()
