"""What a picture looks like to a platform, measured from its pixels: the share of the border that is white
(Amazon's and the Chinese platforms' white-background main image: every channel ≥ 250 for ≥ 97% of the border's
pixels) and the share of the frame the product fills."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

WHITE_LEVEL = 250
WHITE_SHARE = 0.97


# ---------------------------------------------------------------- pixels


def _rgb_on_white(image: Image.Image) -> Image.Image:
    """RGB with any transparency composited on white (how a platform shows it)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image if image.mode == "RGB" else image.convert("RGB")   # only read: no 12 MP copy of an RGB photo


def _open(data: bytes | Image.Image) -> Image.Image:
    if isinstance(data, Image.Image):
        return _rgb_on_white(data)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return _rgb_on_white(image)


def _darkest_channel(image: Image.Image) -> Image.Image:
    red, green, blue = image.split()
    return ImageChops.darker(ImageChops.darker(red, green), blue)


def border_white_ratio(data: bytes | Image.Image, level: int = WHITE_LEVEL) -> float:
    """The share of the image's border pixels (a band 1% of the short side wide, at least 1 px) whose
    red, green and blue are all ≥ `level`."""
    image = _open(data)
    width, height = image.size
    band = max(1, round(min(width, height) * 0.01))
    strips = [image.crop((0, 0, width, band)), image.crop((0, height - band, width, height)),
              image.crop((0, band, band, height - band)), image.crop((width - band, band, width, height - band))]
    white = total = 0
    for strip in strips:
        if strip.width == 0 or strip.height == 0:
            continue
        histogram = _darkest_channel(strip).histogram()
        white += sum(histogram[level:])
        total += strip.width * strip.height
    return white / total if total else 0.0


def is_white_background(data: bytes | Image.Image, level: int = WHITE_LEVEL, share: float = WHITE_SHARE) -> bool:
    """True when ≥ `share` of the border pixels are ≥ `level` in every channel (a main image on white)."""
    return border_white_ratio(data, level) >= share


def fill_ratio(data: bytes | Image.Image, level: int = WHITE_LEVEL) -> float:
    """How much of the frame the product fills: the longer side of the non-white bounding box over the
    image's side (Amazon asks ≥ 0.85)."""
    image = _open(data)
    # A pixel is the product's when any channel is below `level`: each channel mapped to 255 there, and the
    # bounding box of pixels with any non-zero channel (RGB's `getbbox`) — the darkest channel's box, in one
    # pass over the pixels instead of five.
    mask = image.point([255 if value < level else 0 for value in range(256)] * 3)
    box = mask.getbbox()
    if box is None:
        return 0.0
    left, top, right, bottom = box
    return max((right - left) / image.width, (bottom - top) / image.height)


