"""Files built to hurt an importer, small on disk: zip bombs.

:func:`write_zip_bomb` writes a zip whose one member inflates to a gigabyte
or more while the file stays a few megabytes, without ever holding the
member in memory: the line is compressed once, and the compressed block is
written again and again (after a full flush a deflate stream refers to
nothing before it, so the copies can follow each other). The central
directory can declare a size other than the real one, as a hostile zip may.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MIB = 1 << 20
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_DEFLATED = 8
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: the zip epoch


def write_zip_bomb(
    path: Path,
    member: str = "Connections.csv",
    *,
    header: bytes = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    line: bytes = b"Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,CEO,12 Mar 2019\n",
    mebibytes: int = 1024,
    declared: int | None = None,
) -> int:
    """Write a zip at ``path`` holding ``member``: ``header``, then ``line`` repeated to
    about ``mebibytes`` MiB. The central directory and the local header state
    ``declared`` as its size (the true size by default). Returns the true size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(header) + compressor.flush(zlib.Z_FULL_FLUSH)
    chunk = line * (MIB // len(line))
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    size = len(header) + len(chunk) * mebibytes
    crc = zlib.crc32(header)
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    compressed = len(head) + len(block) * mebibytes + len(tail)
    stated = size if declared is None else declared
    name = member.encode()
    with path.open("wb") as file:
        file.write(
            _LOCAL.pack(
                b"PK\x03\x04", 20, 0, _DEFLATED, 0, _DOS_DATE, crc, compressed, stated, len(name), 0
            )
        )
        file.write(name)
        file.write(head)
        for _ in range(mebibytes):
            file.write(block)
        file.write(tail)
        directory_at = file.tell()
        directory = _CENTRAL.pack(
            b"PK\x01\x02", 20, 20, 0, _DEFLATED, 0, _DOS_DATE, crc, compressed, stated,
            len(name), 0, 0, 0, 0, 0, 0,
        ) + name  # fmt: skip
        file.write(directory)
        file.write(_END.pack(b"PK\x05\x06", 0, 0, 1, 1, len(directory), directory_at, 0))
    return size
