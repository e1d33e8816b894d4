"""The exchange folder shared with the customs client software (architecture §4).

``outbox/`` messages to customs (one UTF-8 XML file each, named ``<MessageType>_<guid>.xml``),
``sent/`` what the client has transmitted, ``inbox/`` receipts from customs, ``processed/`` and
``failed/`` what the receiver handled. ``tmp/`` holds files being written: a file appears in
``outbox/`` only complete, by an atomic rename inside one file system. ``receiving/`` holds the
receipts a receiver is working on: it claims a file by renaming it there (one rename succeeds,
so several receivers never handle one file twice); a file left there by a receiver that died is
put back into ``inbox/`` after ``STALE_CLAIM_SECONDS``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

STALE_CLAIM_SECONDS = 600  # one receipt takes milliseconds: a claim this old lost its receiver


@dataclass(frozen=True, slots=True)
class ExchangeFolders:
    root: Path

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def sent(self) -> Path:
        return self.root / "sent"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    @property
    def failed(self) -> Path:
        return self.root / "failed"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def receiving(self) -> Path:
        return self.root / "receiving"

    def create(self) -> ExchangeFolders:
        for folder in (
            self.outbox,
            self.sent,
            self.inbox,
            self.processed,
            self.failed,
            self.tmp,
            self.receiving,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def claim_receipt(self, path: Path) -> Path | None:
        """Move an inbox file into ``receiving/`` for this receiver; None if another took it."""
        target = self.receiving / path.name
        try:
            os.rename(path, target)  # atomic: of several receivers, one succeeds
        except FileNotFoundError:
            return None
        os.utime(target)  # the claim's time, for stale_claims_back
        return target

    def release_receipt(self, path: Path) -> None:
        """Put a claimed file back into ``inbox/`` for the next pass."""
        os.replace(path, self.inbox / path.name)

    def stale_claims_back(self, older_than: float = STALE_CLAIM_SECONDS) -> int:
        """Put files claimed longer ago than ``older_than`` (a dead receiver) back in ``inbox/``."""
        moved = 0
        limit = time.time() - older_than
        for path in self.receiving.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    os.rename(path, self.inbox / path.name)
                    moved += 1
            except FileNotFoundError:  # another receiver returned it first
                continue
        return moved

    def already_delivered(self, file_name: str) -> bool:
        """The message is in ``outbox/`` or the client already moved it to ``sent/``."""
        return (self.outbox / file_name).exists() or (self.sent / file_name).exists()

    def write_outbox(self, file_name: str, data: bytes) -> Path:
        """Write ``data`` as ``outbox/<file_name>``: temp file, fsync, atomic rename."""
        return write_atomically(self.tmp, self.outbox / file_name, data)

    def write_inbox(self, file_name: str, data: bytes) -> Path:
        return write_atomically(self.tmp, self.inbox / file_name, data)

    def sync_outbox(self) -> None:
        """Make the renames into ``outbox/`` durable before the rows say "sent"."""
        sync_directory(self.outbox)

    def move(self, source: Path, folder: Path, note: str | None = None) -> Path:
        """Move a handled file into ``folder`` (a unique name if one is there already)."""
        target = _free_name(folder / source.name)
        os.replace(source, target)
        if note is not None:
            target.with_name(target.name + ".reason.txt").write_text(note + "\n", encoding="utf-8")
        return target


def write_atomically(tmp_dir: Path, target: Path, data: bytes) -> Path:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = tmp_dir / f".{target.name}.{os.getpid()}.part"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return target


def sync_directory(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    counter = 1
    while True:
        candidate = path.with_name(f"{path.stem}.{counter}{path.suffix}")
        if not candidate.exists():
            return candidate
        counter += 1
