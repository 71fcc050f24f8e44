"""Delivery against a real SMTP server (aiosmtpd) on loopback: plain, login, and STARTTLS."""

import email
import json
import socket
import ssl
import subprocess
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from products.delivery import DeliveryError, SmtpConfig, archive, build_message, send, sha256_of


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content, session.authenticated,
                              session.ssl is not None))
        return "250 OK"


def _auth(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"lit" and data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


@pytest.fixture
def pdf(tmp_path):
    p = tmp_path / "pacesetter-2026-W47-hackney.pdf"
    p.write_bytes(b"%PDF-1.7 test\n")
    return p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(**kw):
    sink = Sink()
    ctl = Controller(sink, hostname="127.0.0.1", port=_free_port(), **kw)
    ctl.start()
    return sink, ctl


def test_send_plain_with_attachment(pdf):
    sink, ctl = _serve()
    try:
        cfg = SmtpConfig("127.0.0.1", ctl.port, "lit@example.police.uk")
        send(cfg, build_message(cfg, ["chair@example.police.uk"], "OFFICIAL-SENSITIVE: test", "body", pdf))
    finally:
        ctl.stop()
    [(rcpts, content, authed, tls)] = sink.messages
    assert rcpts == ["chair@example.police.uk"] and not authed and not tls
    msg = email.message_from_bytes(content, policy=policy.default)
    [att] = list(msg.iter_attachments())
    assert att.get_filename() == pdf.name and att.get_content() == pdf.read_bytes()


def test_login(pdf):
    sink, ctl = _serve(authenticator=_auth, auth_require_tls=False)
    try:
        port = ctl.port
        good = SmtpConfig("127.0.0.1", port, "lit@example.police.uk", username="lit", password="s3cret")
        send(good, build_message(good, ["c@example.police.uk"], "s", "b", pdf))
        bad = SmtpConfig("127.0.0.1", port, "lit@example.police.uk", username="lit", password="wrong")
        with pytest.raises(DeliveryError, match="127.0.0.1"):
            send(bad, build_message(bad, ["c@example.police.uk"], "s", "b", pdf))
    finally:
        ctl.stop()
    assert len(sink.messages) == 1 and sink.messages[0][2]


def test_starttls_then_login(pdf, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    sink, ctl = _serve(tls_context=server_ctx, require_starttls=True, authenticator=_auth)
    try:
        port = ctl.port
        cfg = SmtpConfig("127.0.0.1", port, "lit@example.police.uk", starttls=True, username="lit", password="s3cret")
        send(cfg, build_message(cfg, ["c@example.police.uk"], "s", "b", pdf), ssl_context=client_ctx)
        no_tls = SmtpConfig("127.0.0.1", port, "lit@example.police.uk")
        with pytest.raises(DeliveryError):  # the server insists on STARTTLS
            send(no_tls, build_message(no_tls, ["c@example.police.uk"], "s", "b", pdf))
    finally:
        ctl.stop()
    [(_, _, authed, tls)] = sink.messages
    assert authed and tls


def test_unreachable_server_names_it(pdf):
    cfg = SmtpConfig("127.0.0.1", 1, "lit@example.police.uk", timeout=2)
    with pytest.raises(DeliveryError, match="127.0.0.1:1"):
        send(cfg, build_message(cfg, ["c@example.police.uk"], "s", "b", pdf))


def test_archive_keeps_copy_and_sha256(pdf, tmp_path):
    from datetime import datetime

    entry = archive(pdf, tmp_path / "archive", week="2026-W47", area="Hackney", when=datetime(2026, 11, 23, 7))
    assert entry.sha256 == sha256_of(pdf) and len(entry.sha256) == 64
    line = json.loads((tmp_path / "archive" / "manifest.jsonl").read_text().splitlines()[0])
    assert line["sha256"] == entry.sha256 and line["file"].endswith("2026-W47/" + pdf.name)
