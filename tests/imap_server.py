"""A private Dovecot for the mail tests: a real IMAP server on loopback.

One server per xdist worker (started on first use, stopped at the session's end), in
its own temp dir with its own ``dovecot.conf``: plain IMAP on 127.0.0.1 on a free
port, any user name with the one test password, Maildir mailboxes owned
by the ``dovecot`` system user (Dovecot refuses to serve mail as root), INBOX and a
``Sent`` folder with the ``\\Sent`` special-use flag. Every test gets a user of its
own (:meth:`DovecotServer.new_mailbox`), so its mailbox starts empty; messages are
delivered over IMAP (APPEND), the way a mail client files them.

Dovecot comes from Debian's ``dovecot-imapd`` (``.ci/run`` installs it); without it
the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from imapclient import IMAPClient

DOVECOT = Path("/usr/sbin/dovecot")
#: The system user that owns the test mailboxes (Debian's package creates it).
MAIL_USER = "dovecot"
PASSWORD = "s3cret-test-password"

_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
# The user in each imap process's title: a test can cut one user's connections.
verbose_proctitle = yes
mail_location = maildir:{root}/mail/%u
# Any user name logs in with the test password (a mailbox per test, no user list).
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(slots=True)
class Mailbox:
    """One test user's mailbox on the server: where to connect and how to fill it."""

    host: str
    port: int
    user: str
    password: str = PASSWORD

    def client(self) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def deliver(
        self,
        folder: str,
        *,
        sender: str,
        to: str,
        subject: str,
        when: datetime,
        cc: str | None = None,
        message_id: str | None = None,
        in_reply_to: str | None = None,
        body: str = "Hello there.",
    ) -> str:
        """File a message in ``folder`` (``INBOX`` or ``Sent``); its Message-ID back."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        if cc:
            message["Cc"] = cc
        message["Subject"] = subject
        message["Date"] = format_datetime(when)
        message["Message-ID"] = message_id or make_msgid(domain="test.example")
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
        message.set_content(body)
        with self.client() as client:
            client.append(folder, message.as_bytes(), msg_time=when)
        return str(message["Message-ID"])


@dataclass(slots=True)
class DovecotServer:
    root: Path
    port: int
    process: subprocess.Popen[bytes]
    _users: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_mailbox(self) -> Mailbox:
        """A user of its own, with an empty mailbox (INBOX and Sent)."""
        user = f"user{next(self._users)}@test.example"
        mailbox = Mailbox("127.0.0.1", self.port, user)
        with mailbox.client() as client:
            client.create_folder("Sent")  # flagged \\Sent by the configuration
        return mailbox

    def drop_connections(self, user: str) -> None:
        """Kill the imap processes serving ``user``: their connections drop, as a
        network failure would drop them."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("dovecot/imap ") and f"[{user} " in title:
                os.kill(int(entry.name), signal.SIGKILL)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start_dovecot() -> DovecotServer:
    """A Dovecot in the foreground in a fresh temp dir, accepting connections."""
    owner = pwd.getpwnam(MAIL_USER)
    # Under /tmp, readable: Dovecot's unprivileged processes walk this path.
    root = Path(tempfile.mkdtemp(prefix="netdeck-dovecot-"))
    root.chmod(0o755)
    for name in ("mail", "home"):
        (root / name).mkdir()
        os.chown(root / name, owner.pw_uid, owner.pw_gid)
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(root=root, port=port, uid=owner.pw_uid, gid=owner.pw_gid, password=PASSWORD)
    )
    process = subprocess.Popen(
        [str(DOVECOT), "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = DovecotServer(root, port, process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.01)
    log = server.log()
    server.stop()
    raise RuntimeError(f"Dovecot did not start on port {port}:\n{log}")


def dovecot_missing() -> str | None:
    """Why the mail tests cannot run here, or ``None``."""
    if not DOVECOT.exists():
        return "Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)"
    if os.geteuid() != 0:
        return "the test Dovecot runs its mailboxes as the dovecot user: needs root"
    try:
        pwd.getpwnam(MAIL_USER)
    except KeyError:
        return f"no {MAIL_USER} system user (dovecot-core creates it)"
    return None
