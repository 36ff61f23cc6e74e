"""Files kept from the previous pack: a rebuild after a text edit links them instead of writing them again.

A product's pictures on one platform are what its `ImagePlan` says — which stored originals (by sha256), cut how
and at which size, under which file names — and nothing else (the alt texts live in the upload file, not in
the pictures). So each pack's manifest records, per product folder, a fingerprint of that plan, what the
writers were told about the pictures (`ProductImages` without the alt texts) and each picture's modification
time. When the next build of the same platform plans the same pictures for the same folder, it hard-links the
previous pack's files into its new temporary folder instead of reading, writing, fsyncing and hashing them
again; the new pack is then swapped in atomically as before, and deleting the old pack only drops its links.

The product folders' text files (title, description, specs…) are kept the same way when the new build would
write exactly the bytes the previous manifest lists for that path (the texts are made anyway, for the upload
file; writing and fsyncing tens of thousands of small files is what a rebuild would spend its time on).

A kept file is trusted only as it was recorded: same size and modification time as in the previous manifest
(a picture someone edited or replaced in the pack is written again), a path inside the product's own
`images/` folder. Anything unexpected — no manifest, a manifest from another app version's layout, a link
the file system refuses (FAT32 USB sticks have no hard links) — means the pictures are simply written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.catalogue.images import DERIVED_JPEG_QUALITY
from app.services.listing.packs.images import (
    CUT_RECIPE,
    MAX_STRIP_HEIGHT,
    ImagePlan,
    PixelCache,
    ProductImages,
    main_alts,
)
from app.services.listing.packs.profiles import PlatformProfile
from app.services.listing.packs.source import ListingProduct

#: Bump when the names or the contents of a pack's pictures change for the same plan.
LAYOUT = "pictures-1"


@dataclass(frozen=True)
class KeptFile:
    """A file of a previous pack as its manifest recorded it."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class PictureRecord:
    """One product folder's pictures in a pack: the plan's fingerprint and the paths the writers were given."""

    fingerprint: str
    images: ProductImages   # alt texts left empty: they are made again from the product

    def paths(self) -> list[str]:
        images = self.images
        return [*images.mains, *([images.white] if images.white else []), *images.details, *images.strips,
                *dict.fromkeys(images.variant_by_sku.values())]

    def as_json(self) -> dict[str, Any]:
        images = self.images
        return {"fingerprint": self.fingerprint,
                "images": {"mains": images.mains, "white": images.white, "details": images.details,
                           "strips": images.strips, "variant_by_sku": images.variant_by_sku}}


def picture_fingerprint(plan: ImagePlan, profile: PlatformProfile, pixels: PixelCache, folder: str) -> str:
    """What decides the product's picture files on this platform, hashed: two builds with the same fingerprint
    write the same files under the same names."""
    def square(image: Any) -> list[Any]:
        return [pixels.sha256(image.blob_id), plan.square_size(image)]

    described = {
        "layout": LAYOUT, "recipe": CUT_RECIPE, "quality": DERIVED_JPEG_QUALITY, "folder": folder,
        "mains": [square(image) for image in plan.mains],
        "white": square(plan.white) if plan.white is not None else None,
        "variants": [[sku, image.id, *square(image)] for sku, image in plan.variants.items()],   # numbered in order
        "details": [pixels.sha256(image.blob_id) for image in plan.details],
        "detail_width": plan.detail_width,
        "strip": [profile.images.detail_strip, MAX_STRIP_HEIGHT],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


class PreviousPack:
    """The pack a build replaces, as far as its pictures can be kept (empty when there is none usable)."""

    def __init__(self, root: Path | None = None, records: Mapping[str, PictureRecord] | None = None,
                 files: Mapping[str, KeptFile] | None = None) -> None:
        self.root = root
        self._records = dict(records or {})
        self._files = dict(files or {})
        self._real_root = os.path.realpath(root) if root is not None else ""
        self._folders_checked: dict[str, bool] = {}   # {pack-relative folder: really where it says}

    @classmethod
    def read(cls, root: Path) -> PreviousPack:
        """The pack at `root` (its manifest.json); empty when missing or not as this app writes it."""
        try:
            manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
            files = {entry["path"]: (int(entry["size"]), str(entry["sha256"])) for entry in manifest["files"]}
            mtimes = {str(path): int(mtime) for path, mtime in manifest["reuse"]["mtime_ns"].items()}
            records = _records(manifest["reuse"]["pictures"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError, RecursionError):
            return cls()   # missing, damaged or edited out of shape (1e999, deep nesting…): keep nothing
        kept = {path: KeptFile(files[path][0], mtime, files[path][1]) for path, mtime in mtimes.items()
                if path in files and _in_a_folder(path)}
        return cls(root, records, kept)

    def pictures(self, folder: str, fingerprint: str) -> PictureRecord | None:
        """The folder's pictures in this pack when they were made from the same plan, else None."""
        record = self._records.get(folder)
        if record is None or record.fingerprint != fingerprint:
            return None
        if not all(path in self._files for path in record.paths()):
            return None
        return record

    def link_same(self, path: str, data: bytes, target_root: Path) -> bool:
        """Hard-link the previous pack's file at `path` into `target_root` when it holds exactly `data`
        (unchanged since its manifest); False when the file is to be written."""
        kept = self._files.get(path)
        if kept is None or kept.size != len(data) or kept.sha256 != hashlib.sha256(data).hexdigest():
            return False
        return self._link_all([path], target_root, folders_made=True)

    def link(self, record: PictureRecord, target_root: Path) -> bool:
        """Hard-link the record's files into `target_root` (the new pack's temporary folder); False — with
        nothing left behind — when any file changed since its manifest or can't be linked."""
        return self._link_all(record.paths(), target_root)

    def _link_all(self, paths: list[str], target_root: Path, *, folders_made: bool = False) -> bool:
        """`folders_made`: the targets' folders exist (the product folder, made by the builder). Paths are
        joined as strings: a rebuild links tens of thousands of files."""
        assert self.root is not None
        source_root, target_base = os.fspath(self.root), os.fspath(target_root)
        made: list[str] = []
        folders = {posixpath.dirname(path) for path in paths} if folders_made else set()
        try:
            for path in paths:
                native = path.replace("/", os.sep)
                source, target = os.path.join(source_root, native), os.path.join(target_base, native)
                kept = self._files[path]
                status = os.lstat(source)
                if (not stat.S_ISREG(status.st_mode) or not self._really_inside(path)
                        or status.st_size != kept.size or status.st_mtime_ns != kept.mtime_ns):
                    raise FileNotFoundError(path)   # edited, replaced or linked elsewhere: write it again
                folder = posixpath.dirname(path)
                if folder not in folders:
                    os.makedirs(os.path.dirname(target), exist_ok=True)   # images/; the product's folder
                    folders.add(folder)                                  # is the builder's
                os.link(source, target)
                made.append(target)
        except OSError:
            for target in made:   # a link left behind would be written through into the previous pack: a
                os.unlink(target)  # link that can't be removed fails the build (the old packs stay)
            return False
        return True

    def _really_inside(self, path: str) -> bool:
        """The file's folder is the pack's own, not a symbolic link or Windows junction to elsewhere (a
        link to a file outside would let the next in-place edit of the pack change that file)."""
        folder = posixpath.dirname(path)
        if folder not in self._folders_checked:
            expected = os.path.join(self._real_root, *folder.split("/"))
            self._folders_checked[folder] = os.path.realpath(expected) == expected
        return self._folders_checked[folder]

    def known(self) -> dict[str, KeptFile]:
        """{pack-relative path: size, modification time, sha256} of the files that can be kept."""
        return dict(self._files)


def kept_images(record: PictureRecord, product: ListingProduct, profile: PlatformProfile,
                plan: ImagePlan) -> ProductImages:
    """The writers' view of kept pictures: the recorded paths, the alt texts made from the product now."""
    images = record.images
    return ProductImages(list(images.mains), main_alts(plan, product, profile), images.white,
                         list(images.details), list(images.strips), dict(images.variant_by_sku))


def _records(data: Mapping[str, Any]) -> dict[str, PictureRecord]:
    """The manifest's picture records, each path checked to lie in its own folder's images/."""
    records: dict[str, PictureRecord] = {}
    for folder, entry in data.items():
        images = entry["images"]
        record = PictureRecord(str(entry["fingerprint"]), ProductImages(
            [str(p) for p in images["mains"]], [], str(images["white"]) if images["white"] else None,
            [str(p) for p in images["details"]], [str(p) for p in images["strips"]],
            {str(sku): str(p) for sku, p in images["variant_by_sku"].items()}))
        if not all(_inside(path, folder) for path in record.paths()):
            continue
        records[folder] = record
    return records


def _in_a_folder(path: str) -> bool:
    """A product folder's text file or picture, as this app names them ("P/title.txt", "P/images/01_main.jpg"):
    nothing that could lead out of the pack on any system (no "..", no drive, no backslash)."""
    parts = path.split("/")
    return 2 <= len(parts) <= 3 and all(_plain(part) for part in parts) and (len(parts) == 2 or parts[1] == "images")


def _inside(path: str, folder: str) -> bool:
    """A picture of `folder`: "<folder>/images/<name>"."""
    parts = path.split("/")
    return _in_a_folder(path) and len(parts) == 3 and parts[0] == folder


def _plain(part: str) -> bool:
    return part not in ("", ".", "..") and ":" not in part and "\\" not in part


__all__ = ["KeptFile", "PictureRecord", "PreviousPack", "kept_images", "picture_fingerprint"]
