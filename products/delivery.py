"""Email a product to its chairs and keep an archive copy with its SHA-256.

Who may receive what, and the audit of each disclosure, are decided in intel/; this module only
moves bytes and reports what it did.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import smtplib
import ssl
from dataclasses import asdict, dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path


class DeliveryError(Exception):
    """Sending failed; the message says which server and why."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0


@dataclass(frozen=True)
class ArchiveEntry:
    file: str
    sha256: str
    week: str
    area: str
    archived_at: str


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def build_message(cfg: SmtpConfig, recipients: list[str], subject: str, body: str, pdf: Path) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain=cfg.sender.rpartition("@")[2] or None)
    msg.set_content(body)
    msg.add_attachment(Path(pdf).read_bytes(), maintype="application", subtype="pdf", filename=Path(pdf).name)
    return msg


def send(cfg: SmtpConfig, msg: EmailMessage, *, ssl_context: ssl.SSLContext | None = None) -> None:
    """Send over SMTP; STARTTLS (before login) and login as configured."""
    try:
        with smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout) as smtp:
            smtp.ehlo()
            if cfg.starttls:
                smtp.starttls(context=ssl_context or ssl.create_default_context())
                smtp.ehlo()
            if cfg.username:
                if cfg.password is None:
                    raise DeliveryError(f"SMTP login as {cfg.username!r} needs a password, and none was given")
                smtp.login(cfg.username, cfg.password)
            refused = smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP {cfg.host}:{cfg.port}: {exc}") from exc
    if refused:
        raise DeliveryError(f"SMTP {cfg.host}:{cfg.port} refused recipients: {', '.join(sorted(refused))}")


def archive(pdf: Path, archive_dir: Path, *, week: str, area: str, when: datetime) -> ArchiveEntry:
    """Copy the product into archive_dir/<week>/ and append its SHA-256 to manifest.jsonl."""
    pdf = Path(pdf)
    dest_dir = Path(archive_dir) / week
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / pdf.name
    if pdf.resolve() != dest.resolve():
        shutil.copyfile(pdf, dest)
    entry = ArchiveEntry(str(dest), sha256_of(dest), week, area, when.replace(microsecond=0).isoformat())
    with open(Path(archive_dir) / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(entry), sort_keys=True) + "\n")
    return entry
