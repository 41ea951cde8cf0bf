"""Where records come from: files, `.gz` files, `.zip` archives and folders of them.

Takedown archives ship zipped, and collections are folders of daily files:
each file inside becomes one `Source`, read and reported on its own, with its
rejects file next to what the user named.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from storage.records import InputFileError, InputLines

#: File names (a .gz suffix looked through) that a folder or archive is read for.
DATA_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Source:
    """One input: a file, or one member of a zip archive."""

    path: Path  # the file on disk (the archive, for a member)
    member: str | None = None  # the name inside the archive

    @property
    def label(self) -> str:
        """How the user sees it: the path, or "archive.zip:member.csv"."""
        return f"{self.path}:{self.member}" if self.member else str(self.path)

    @property
    def rejects_path(self) -> Path:
        """FILE.rejects.jsonl next to the input (for a member: next to its archive)."""
        if self.member is None:
            return self.path.with_name(self.path.name + ".rejects.jsonl")
        flat = self.member.replace("/", "_").replace("\\", "_")
        return self.path.with_name(f"{self.path.name}.{flat}.rejects.jsonl")

    @property
    def size(self) -> int:
        """Bytes to read, for progress: the file's size, or the member's uncompressed size."""
        if self.member is None:
            return self.path.stat().st_size
        with zipfile.ZipFile(self.path) as archive:
            return archive.getinfo(self.member).file_size

    def open(self) -> tuple[InputLines, IO[bytes]]:
        """The source's text lines, and the byte stream whose position tells progress.

        Raises `InputFileError` for a .gz that is not gzip or a damaged zip.
        """
        if self.member is None:
            raw: IO[bytes] = open(self.path, "rb")  # noqa: SIM115 - closed with the lines
            name = self.path.name
        else:
            try:
                # The member stays readable after the archive is closed (zipfile counts users).
                with zipfile.ZipFile(self.path) as archive:
                    raw = archive.open(self.member)
            except (zipfile.BadZipFile, KeyError, NotImplementedError, RuntimeError) as exc:
                raise InputFileError(f"cannot read it from the zip archive ({exc})") from None
            name = self.member
        magic = raw.read(2)
        if magic != GZIP_MAGIC and name.lower().endswith(".gz"):
            raw.close()
            raise InputFileError("not a gzip file (its name ends in .gz)")
        raw.seek(0)  # files and zip members on disk both seek
        # gzip is told from its first bytes, whatever the name says.
        stream = gzip.GzipFile(fileobj=raw) if magic == GZIP_MAGIC else raw
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
        return InputLines(text), raw


class SourceError(Exception):
    """A named input that cannot be read at all (missing, an empty folder); user-facing."""


def is_data_file(name: str) -> bool:
    """Whether a file found in a folder or archive is read: data suffixes, not rejects or hidden files."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if base.startswith((".", "_")) or base.endswith(".rejects.jsonl"):
        return False
    base = base.removesuffix(".gz")
    return base.endswith(DATA_SUFFIXES) or base.endswith(".zip")


def expand(paths: Iterable[Path]) -> list[Source]:
    """The sources named by `paths`, in order: files, zip members, files found in folders.

    A folder is read for data files (`DATA_SUFFIXES`, optionally .gz, and .zip
    archives) in name order, through subfolders. Raises `SourceError` for a
    path that does not exist, a damaged zip, or one with no data file inside.
    """
    sources: list[Source] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and is_data_file(str(p.relative_to(path)))
            )
            if not found:
                raise SourceError(f"no data files in the folder {path} (looked for {_suffixes()})")
            for file in found:
                sources.extend(_file_sources(file))
        elif path.is_file():
            sources.extend(_file_sources(path))
        else:
            raise SourceError(f"no such file: {path}")
    return sources


def _file_sources(path: Path) -> list[Source]:
    if path.suffix.lower() != ".zip":
        return [Source(path)]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info.filename
                for info in archive.infolist()
                if not info.is_dir()
                and not info.filename.startswith("__MACOSX/")
                and is_data_file(info.filename)
                and not info.filename.lower().endswith(".zip")
            ]
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"{path}: not a readable zip archive ({exc})") from None
    if not members:
        raise SourceError(f"{path}: no data files in the zip archive (looked for {_suffixes()})")
    return [Source(path, member) for member in sorted(members)]


def _suffixes() -> str:
    return ", ".join(DATA_SUFFIXES) + ", .gz of those, .zip"
