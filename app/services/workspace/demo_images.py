"""Product pictures and certificate "scans" drawn by code (Pillow only) for the demo workspace.

Nothing is downloaded: the demo must build offline and carry no third-party image rights. Every
picture is drawn at twice its size and scaled down, which gives anti-aliased edges Pillow's
primitives lack. Main images follow the strictest main-image rule we know (Amazon's): pure white
RGB 255 background, product filling about 85 % of the frame, no text or logo.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from app.frozen import resources_dir

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]

SCALE = 2
MAIN_SIZE = (1000, 1000)
DETAIL_SIZE = (750, 1000)
WHITE: RGB = (255, 255, 255)
STEEL: RGB = (196, 200, 204)
RUBBER: RGB = (34, 35, 38)


# --- small colour and image helpers -------------------------------------------------------------

def _shade(colour: RGB, factor: float, add: float = 0.0) -> RGB:
    """`colour` scaled by `factor` plus `add`, clamped to 0–255."""
    red, green, blue = (max(0, min(255, round(c * factor + add))) for c in colour)
    return red, green, blue


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour a fraction `t` of the way from `a` to `b`."""
    red, green, blue = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return red, green, blue


def _columns(width: int, height: int, colour_at: Callable[[float], RGB]) -> Image.Image:
    """An image whose colour varies across (0 → 1 left to right) and is constant down each column."""
    row = Image.new("RGB", (max(1, width), 1))
    row.putdata([colour_at(x / max(1, width - 1)) for x in range(max(1, width))])
    return row.resize((max(1, width), max(1, height)), Image.Resampling.NEAREST)


def _rows(width: int, height: int, top: RGB, bottom: RGB) -> Image.Image:
    """A vertical gradient from `top` to `bottom`."""
    column = Image.new("RGB", (1, max(1, height)))
    column.putdata([_mix(top, bottom, y / max(1, height - 1)) for y in range(max(1, height))])
    return column.resize((max(1, width), max(1, height)), Image.Resampling.NEAREST)


def _cylinder(colour: RGB, highlight_at: float = 0.3, gloss: float = 45.0) -> Callable[[float], RGB]:
    """Shading across a rounded surface: dark edges, a soft bright band at `highlight_at`."""
    def colour_at(x: float) -> RGB:
        body = 0.72 + 0.36 * math.sin(math.pi * (0.08 + 0.84 * x))
        spot = gloss * math.exp(-((x - highlight_at) / 0.07) ** 2)
        return _shade(colour, body, spot)
    return colour_at


def _mask(size: tuple[int, int], draw: Callable[[ImageDraw.ImageDraw], None]) -> Image.Image:
    """An "L" mask with whatever `draw` paints in 255."""
    mask = Image.new("L", size, 0)
    draw(ImageDraw.Draw(mask))
    return mask


def _soft_shadow(canvas: Image.Image, box: Box, darkness: int = 70, blur: float = 28.0) -> None:
    """A blurred elliptical contact shadow, drawn only inside a margin around `box`."""
    x0, y0, x1, y1 = (round(v) for v in box)
    pad = round(blur * 3)
    size = (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
    mask = _mask(size, lambda d: d.ellipse((pad, pad, size[0] - pad, size[1] - pad), fill=darkness))
    mask = _blurred(mask, blur)
    canvas.paste(Image.new("RGB", size, (40, 40, 44)), (x0 - pad, y0 - pad), mask)


def _blurred(mask: Image.Image, radius: float) -> Image.Image:
    """A wide Gaussian blur done at quarter size (a shadow needs no detail; 16× less work)."""
    small = mask.reduce(4).filter(ImageFilter.GaussianBlur(radius / 4))
    return small.resize(mask.size, Image.Resampling.BILINEAR)


def _finish(canvas: Image.Image, size: tuple[int, int]) -> bytes:
    """Scale the 2× drawing down to `size` (this is the anti-aliasing) and encode it as PNG."""
    image = canvas.convert("RGB")
    if image.size == (size[0] * SCALE, size[1] * SCALE):
        image = image.reduce(SCALE)  # box-averages each 2×2 block: the anti-aliasing, and fast
    else:
        image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _big(size: tuple[int, int]) -> tuple[int, int]:
    return size[0] * SCALE, size[1] * SCALE


# --- the suitcase -----------------------------------------------------------------------------

def _draw_suitcase(canvas: Image.Image, box: Box, colour: RGB, front_pocket: bool = False) -> None:
    """A hard-shell spinner suitcase seen three-quarter front, filling `box` (handle to wheels)."""
    bx, by, bw, bh = box[0], box[1], box[2] - box[0], box[3] - box[1]

    def at(fx0: float, fy0: float, fx1: float, fy1: float) -> tuple[int, int, int, int]:
        return round(bx + fx0 * bw), round(by + fy0 * bh), round(bx + fx1 * bw), round(by + fy1 * bh)

    _draw_trolley_handle(canvas, at)
    _draw_wheels(canvas, at, back=True)
    _draw_side_panel(canvas, at, colour)
    _draw_wheels(canvas, at, back=False)
    _draw_front_shell(canvas, at(0.0, 0.22, 0.80, 0.93), colour, front_pocket)


def _draw_trolley_handle(canvas: Image.Image, at: Callable[..., tuple[int, int, int, int]]) -> None:
    """Two aluminium tubes and a rubber grip."""
    draw = ImageDraw.Draw(canvas)
    for left in (0.25, 0.57):
        x0, y0, x1, y1 = at(left, 0.03, left + 0.035, 0.23)
        canvas.paste(_columns(x1 - x0, y1 - y0, _cylinder(STEEL, 0.35, 40)), (x0, y0))
        draw.rectangle(at(left - 0.006, 0.14, left + 0.041, 0.15), fill=_shade(STEEL, 0.62))
    grip = at(0.21, 0.0, 0.645, 0.05)
    radius = (grip[3] - grip[1]) // 2
    mask = _mask(canvas.size, lambda d: d.rounded_rectangle(grip, radius, fill=255))
    canvas.paste(_rows(canvas.width, canvas.height, (0, 0, 0), (0, 0, 0)), (0, 0), mask)
    shine = at(0.24, 0.008, 0.615, 0.018)
    draw.rounded_rectangle(shine, (shine[3] - shine[1]) // 2, fill=(78, 80, 86))
    draw.rounded_rectangle(at(0.20, 0.205, 0.66, 0.232), round(radius * 0.6), fill=(48, 50, 54))


def _draw_wheels(canvas: Image.Image, at: Callable[..., tuple[int, int, int, int]], back: bool) -> None:
    """Spinner wheels: a housing and a pair of rubber wheels; the back pair sits higher and smaller."""
    draw = ImageDraw.Draw(canvas)
    spots = ((0.835, 0.885, 0.935),) if back else ((0.05, 0.925, 0.17), (0.60, 0.925, 0.72))
    for left, top, right in spots:
        height = 0.06 if back else 0.075
        draw.rounded_rectangle(at(left + 0.01, top - 0.01, right - 0.01, top + 0.03), 14, fill=(52, 54, 58))
        wheel = at(left + 0.015, top + 0.012, right - 0.015, top + height)
        draw.rounded_rectangle(wheel, (wheel[2] - wheel[0]) // 3, fill=RUBBER)
        hub = at(left + 0.045, top + 0.03, right - 0.045, top + height - 0.018)
        draw.ellipse(hub, fill=(120, 124, 130))
        middle = (wheel[0] + wheel[2]) // 2
        draw.line((middle, wheel[1] + 6, middle, wheel[3] - 6), fill=(12, 12, 14), width=4)


def _draw_side_panel(canvas: Image.Image, at: Callable[..., tuple[int, int, int, int]], colour: RGB) -> None:
    """The receding side: darker, with the zip seam, a side handle and a lock."""
    panel = at(0.70, 0.195, 0.975, 0.905)
    radius = round((panel[2] - panel[0]) * 0.28)
    mask = _mask(canvas.size, lambda d: d.rounded_rectangle(panel, radius, fill=255))
    side = _rows(canvas.width, canvas.height, _shade(colour, 0.78, -4), _shade(colour, 0.58, -8))
    canvas.paste(side, (0, 0), mask)
    draw = ImageDraw.Draw(canvas)
    zip_x = at(0.885, 0, 0, 0)[0]
    top, bottom = at(0, 0.215, 0, 0.885)[1], at(0, 0.215, 0, 0.885)[3]
    draw.line((zip_x, top, zip_x, bottom), fill=(28, 28, 30), width=max(6, round(canvas.width * 0.004)))
    for y in range(top, bottom, 18):
        draw.line((zip_x - 3, y, zip_x + 3, y + 6), fill=(70, 72, 76), width=2)
    draw.rounded_rectangle(at(0.905, 0.45, 0.95, 0.62), 16, fill=(40, 41, 45))
    draw.rounded_rectangle(at(0.915, 0.47, 0.94, 0.60), 8, fill=_shade(colour, 0.45))
    draw.rounded_rectangle(at(0.86, 0.30, 0.915, 0.36), 8, fill=(36, 37, 40))
    draw.rounded_rectangle(at(0.868, 0.31, 0.907, 0.35), 5, fill=(92, 96, 104))


def _draw_front_shell(canvas: Image.Image, rect: tuple[int, int, int, int], colour: RGB, front_pocket: bool) -> None:
    """The front shell: curved shading, vertical ribs, a rim, optionally a zipped front pocket."""
    x0, y0, x1, y1 = rect
    width, height = x1 - x0, y1 - y0
    radius = round(width * 0.09)
    layer = _columns(width, height, _cylinder(colour, 0.27, 34 if sum(colour) < 300 else 18)).convert("RGBA")
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _draw_ribs(draw, width, height, skip_top=0.34 if front_pocket else 0.0)
    if front_pocket:
        _draw_pocket(draw, width, height, colour)
    _vertical_light(overlay, width, height)
    layer = Image.alpha_composite(layer, overlay).convert("RGB")
    mask = _mask((width, height), lambda d: d.rounded_rectangle((0, 0, width - 1, height - 1), radius, fill=255))
    canvas.paste(layer, (x0, y0), mask)
    ImageDraw.Draw(canvas).rounded_rectangle(rect, radius, outline=_shade(colour, 0.62, -6),
                                             width=max(4, round(width * 0.006)))


def _draw_ribs(draw: ImageDraw.ImageDraw, width: int, height: int, skip_top: float) -> None:
    """Vertical ribs pressed into the shell: a shadowed groove with a lit edge beside it."""
    top, bottom = round(height * (0.05 + skip_top)), round(height * 0.95)
    for index in range(1, 7):
        x = round(width * index / 7)
        draw.rounded_rectangle((x - 9, top, x + 9, bottom), 9, fill=(0, 0, 0, 46))
        draw.rounded_rectangle((x + 9, top + 4, x + 16, bottom - 4), 4, fill=(255, 255, 255, 52))


def _draw_pocket(draw: ImageDraw.ImageDraw, width: int, height: int, colour: RGB) -> None:
    """A zipped laptop pocket on the upper front (the carry-on's front opening)."""
    box = (round(width * 0.1), round(height * 0.06), round(width * 0.9), round(height * 0.36))
    draw.rounded_rectangle(box, round(width * 0.05), fill=(0, 0, 0, 30), outline=(20, 20, 22, 200), width=8)
    pull_x, pull_y = box[2] - round(width * 0.12), box[1]
    draw.rounded_rectangle((pull_x - 12, pull_y - 6, pull_x + 12, pull_y + 60), 8, fill=(60, 62, 66, 255))


def _vertical_light(overlay: Image.Image, width: int, height: int) -> None:
    """Light from above: the top of the shell a little brighter, the bottom a little darker."""
    light = Image.linear_gradient("L").resize((width, height))
    top = ImageOps.invert(light).point(lambda v: max(0, v - 170) // 3)
    bottom = light.point(lambda v: max(0, v - 150) // 2)
    overlay.alpha_composite(Image.merge("RGBA", (*Image.new("RGB", (width, height), WHITE).split(), top)))
    overlay.alpha_composite(Image.merge("RGBA", (*Image.new("RGB", (width, height), (0, 0, 0)).split(), bottom)))


def suitcase_main(colour: RGB, *, front_pocket: bool = False, mirrored: bool = False) -> bytes:
    """A 1000×1000 main image of the suitcase on pure white; `mirrored` shows it from the other side."""
    canvas = Image.new("RGB", _big(MAIN_SIZE), WHITE)
    height = canvas.height * 0.85
    width = height * 0.56
    left = (canvas.width - width) / 2
    top = (canvas.height - height) / 2
    _soft_shadow(canvas, (left + width * 0.02, top + height * 0.965, left + width * 1.0, top + height * 1.01))
    _draw_suitcase(canvas, (left, top, left + width, top + height), colour, front_pocket)
    if mirrored:
        canvas = ImageOps.mirror(canvas)
    return _finish(canvas, MAIN_SIZE)


def suitcase_lifestyle(colour: RGB, *, front_pocket: bool = False,
                       wall: RGB = (214, 202, 186), floor: RGB = (168, 132, 98)) -> bytes:
    """A 750×1000 scene: the suitcase standing on a wooden floor before a warm wall."""
    canvas = _room(_big(DETAIL_SIZE), wall, floor, horizon=0.74)
    height = canvas.height * 0.78
    width = height * 0.56
    left = (canvas.width - width) / 2 - canvas.width * 0.04
    top = canvas.height * 0.965 - height
    _soft_shadow(canvas, (left, top + height * 0.955, left + width * 1.08, top + height * 1.02), darkness=110)
    _draw_suitcase(canvas, (left, top, left + width, top + height), colour, front_pocket)
    return _finish(canvas, DETAIL_SIZE)


def _room(size: tuple[int, int], wall: RGB, floor: RGB, horizon: float, boards: bool = True) -> Image.Image:
    """A wall over a floor (with boards) or a table top, lit from above."""
    width, height = size
    line = round(height * horizon)
    canvas = _rows(width, height, _shade(wall, 1.06), _shade(wall, 0.9))
    canvas.paste(_rows(width, height - line, _shade(floor, 0.86), _shade(floor, 1.04)), (0, line))
    draw = ImageDraw.Draw(canvas)
    for index in range(-6, 12) if boards else ():
        x = round(width * index / 6)
        draw.line((width / 2 + (x - width / 2) * 0.35, line, x, height), fill=_shade(floor, 0.78), width=3)
    draw.rectangle((0, line - 10, width, line + 4), fill=_shade(wall, 0.8))
    return canvas


# --- the scarf --------------------------------------------------------------------------------

Point = tuple[float, float]


def _cloth(size: tuple[int, int], colour: RGB, check: float, seed: int, twill: bool = True) -> Image.Image:
    """Woven cloth: the base colour, a faint twill (diagonal ribs, close-ups only) and a tone-on-tone check."""
    width, height = size
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for offset in range(-height, width, 6) if twill else ():
        draw.line((offset, 0, offset + height, height), fill=(255, 255, 255, 12) if offset % 12 else (0, 0, 0, 12),
                  width=2)
    step = max(12, round(check))
    start = random.Random(seed).randrange(step)
    for pos in range(start, max(width, height), step):
        band = max(6, step // 7)
        draw.rectangle((pos, 0, pos + band, height), fill=(255, 255, 255, 16))
        draw.rectangle((0, pos, width, pos + band), fill=(255, 255, 255, 16))
        draw.line((pos + band * 2, 0, pos + band * 2, height), fill=(0, 0, 0, 24), width=2)
        draw.line((0, pos + band * 2, width, pos + band * 2), fill=(0, 0, 0, 24), width=2)
    cloth = Image.alpha_composite(Image.new("RGBA", size, (*colour, 255)), overlay).convert("RGB")
    return cloth.filter(ImageFilter.GaussianBlur(1.2))  # softens the weave so warping leaves no moire


def _drape(size: tuple[int, int], folds: float, phase: float) -> Image.Image:
    """Grey shading (255 = lit) of soft vertical folds across an image, to multiply cloth with."""
    def colour_at(t: float) -> RGB:
        wave = 0.5 + 0.5 * math.sin(2 * math.pi * (t * folds + phase))
        edge = math.sin(math.pi * (0.03 + 0.94 * t)) ** 0.4
        value = round(255 * (0.68 + 0.32 * wave) * (0.80 + 0.20 * edge))
        return value, value, value
    return _columns(size[0], size[1], colour_at)


def _fringe(draw: ImageDraw.ImageDraw, hem: Callable[[float], Point], length: float, colour: RGB,
            rng: random.Random, strand: int = 5, spacing: float = 16.0) -> None:
    """Twisted tassels, in pairs, hanging from the hem curve `hem(t)` for t in 0…1."""
    left, right = hem(0.0), hem(1.0)
    count = max(8, round(abs(right[0] - left[0]) / spacing))
    for index in range(count + 1):
        x, y = hem(index / count)
        drop = length * rng.uniform(0.85, 1.08)
        sway = rng.uniform(-0.08, 0.08) * length
        for gap, tone in ((-strand * 0.6, rng.uniform(0.70, 0.82)), (strand * 0.6, rng.uniform(0.86, 1.0))):
            draw.line((x + gap, y - 6, x + gap + sway * 0.3, y + drop * 0.5, x + gap + sway, y + drop),
                      fill=(*_shade(colour, tone), 255), width=strand, joint="curve")


def _hanging_panel(colour: RGB, size: tuple[int, int], phase: float, seed: int, *, hem_at: float = 0.91,
                   strand: int = 6, spacing: float = 16.0, twill: bool = False) -> Image.Image:
    """One hanging half of the scarf, flat (RGBA): shaded cloth, a waving hem, fringe below it."""
    width, height = size
    hem_y, wave = height * hem_at, height * 0.012
    cloth = ImageChops.multiply(_cloth(size, _shade(colour, 1.14, 8), width * 0.16, seed, twill),
                                _drape(size, 2.4, phase))

    def hem(t: float) -> Point:
        return width * t, hem_y + wave * math.sin(t * math.pi * 3 + phase * 6)

    outline = [(0.0, 0.0), (float(width), 0.0)] + [hem(1 - i / 48) for i in range(49)]
    panel = Image.new("RGBA", size, (0, 0, 0, 0))
    panel.paste(cloth.convert("RGBA"), (0, 0), _mask(size, lambda d: d.polygon(outline, fill=255)))
    _fringe(ImageDraw.Draw(panel), hem, height - hem_y - wave * 2, colour, random.Random(seed), strand, spacing)
    return panel


def _perspective(dst: Sequence[Point], src: Sequence[Point]) -> tuple[float, ...]:
    """Coefficients for Image.transform(PERSPECTIVE) sending the `src` quad onto the `dst` quad."""
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(dst, src, strict=False):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    for col in range(8):  # Gauss-Jordan elimination with partial pivoting (8×8, no numpy needed)
        pivot = max(range(col, 8), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(8):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=False)]
    return tuple(rows[r][8] / rows[r][r] for r in range(8))


def _warp_onto(canvas: Image.Image, flat: Image.Image, quad: Sequence[Point]) -> None:
    """Composite `flat` onto `canvas` stretched into `quad` (top-left, top-right, bottom-right, bottom-left)."""
    w, h = flat.size
    left, top = math.floor(min(x for x, _ in quad)), math.floor(min(y for _, y in quad))
    right, bottom = math.ceil(max(x for x, _ in quad)), math.ceil(max(y for _, y in quad))
    coeffs = _perspective([(x - left, y - top) for x, y in quad], [(0, 0), (w, 0), (w, h), (0, h)])
    warped = flat.transform((right - left, bottom - top), Image.Transform.PERSPECTIVE, coeffs,
                            Image.Resampling.BILINEAR)
    canvas.paste(warped, (left, top), warped)


def _draw_scarf(canvas: Image.Image, box: Box, colour: RGB, seed: int = 7) -> None:
    """A scarf folded over an (invisible) rail: two panels gathered at the top, flaring into folds and fringe."""
    bx, by, bw, bh = box[0], box[1], box[2] - box[0], box[3] - box[1]

    def pt(fx: float, fy: float) -> Point:
        return bx + fx * bw, by + fy * bh

    flat = (round(bw * 0.62), round(bh * 0.98))
    back = _hanging_panel(_shade(colour, 0.8), flat, 0.35, seed)
    _warp_onto(canvas, back, [pt(0.40, 0.04), pt(0.66, 0.04), pt(1.0, 0.96), pt(0.40, 0.93)])
    front = _hanging_panel(colour, flat, 0.1, seed + 1)
    _warp_onto(canvas, front, [pt(0.30, 0.04), pt(0.62, 0.04), pt(0.68, 1.0), pt(0.0, 0.98)])
    _draw_fold(canvas, (*pt(0.29, 0.0), *pt(0.67, 0.07)), colour)


def _draw_fold(canvas: Image.Image, rect: Box, colour: RGB) -> None:
    """Where the cloth bends over the rail: a soft roll lit from above."""
    x0, y0, x1, y1 = (round(v) for v in rect)
    size = (x1 - x0, y1 - y0)
    roll = ImageChops.multiply(_cloth(size, _shade(colour, 1.14, 8), size[0] * 0.3, 1, twill=False),
                               _rows(size[0], size[1], (255, 255, 255), (150, 150, 150)))
    mask = _mask(size, lambda d: d.rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), size[1] // 2, fill=255))
    canvas.paste(roll, (x0, y0), mask)


def scarf_main(colour: RGB) -> bytes:
    """A 1000×1000 main image of the scarf on pure white."""
    canvas = Image.new("RGB", _big(MAIN_SIZE), WHITE)
    height = canvas.height * 0.86
    width = height * 0.80
    left = (canvas.width - width) / 2
    top = (canvas.height - height) / 2
    _draw_scarf(canvas, (left, top, left + width, top + height), colour)
    return _finish(canvas, MAIN_SIZE)


def scarf_detail(colour: RGB, background: RGB = (203, 191, 170)) -> bytes:
    """A 750×1000 close-up: the weave and the fringe of one end, lying on a linen-coloured table."""
    size = _big(DETAIL_SIZE)
    canvas = _rows(size[0], size[1], _shade(background, 1.08), _shade(background, 0.9))
    flat = (round(size[0] * 1.1), round(size[1] * 1.0))
    piece = _hanging_panel(colour, flat, 0.2, 3, hem_at=0.82, strand=11, spacing=30, twill=True)
    piece = piece.rotate(-8, resample=Image.Resampling.BILINEAR, expand=True)
    shadow = _blurred(piece.getchannel("A"), 30).point(lambda v: v * 60 // 255)
    origin = (round(size[0] * 0.10), round(size[1] * 0.95 - piece.height))
    canvas.paste(Image.new("RGB", piece.size, (50, 44, 38)), (origin[0] + 16, origin[1] + 28), shadow)
    canvas.paste(piece, origin, piece)
    return _finish(canvas, DETAIL_SIZE)


# --- the thermos cup --------------------------------------------------------------------------

def _draw_thermos(canvas: Image.Image, box: Box, colour: RGB) -> None:
    """A vacuum flask: powder-coated body, steel base ring, brushed-steel screw cap."""
    bx, by, bw, bh = box[0], box[1], box[2] - box[0], box[3] - box[1]

    def at(fx0: float, fy0: float, fx1: float, fy1: float) -> tuple[int, int, int, int]:
        return round(bx + fx0 * bw), round(by + fy0 * bh), round(bx + fx1 * bw), round(by + fy1 * bh)

    steel = _columns(canvas.width, canvas.height, _band(STEEL, bx, bw, canvas.width, 60))
    paint = _columns(canvas.width, canvas.height, _band(colour, bx, bw, canvas.width, 30 if sum(colour) < 300 else 14))
    body = _round_bottom(canvas.size, at(0, 0.238, 1, 0.955), at(0, 0.925, 1, 0.985))
    canvas.paste(steel, (0, 0), body)
    coat = _round_bottom(canvas.size, at(0, 0.238, 1, 0.925), at(0, 0.895, 1, 0.955))
    canvas.paste(paint, (0, 0), ImageChops.multiply(coat, body))
    canvas.paste(steel, (0, 0), _round_bottom(canvas.size, at(0.01, 0.025, 0.99, 0.24), at(0.01, 0.215, 0.99, 0.265)))
    draw = ImageDraw.Draw(canvas)
    draw.arc(at(0.01, 0.215, 0.99, 0.265), 0, 180, fill=_shade(STEEL, 0.45), width=5)
    draw.ellipse(at(0.01, 0.0, 0.99, 0.05), fill=_shade(STEEL, 1.06, 10), outline=_shade(STEEL, 0.72), width=4)
    draw.ellipse(at(0.12, 0.01, 0.7, 0.036), fill=_shade(STEEL, 1.1, 16))
    for index in range(1, 8):  # grip ridges on the cap
        y = by + bh * (0.07 + index * 0.018)
        draw.line((bx + bw * 0.02, y, bx + bw * 0.98, y), fill=_shade(STEEL, 0.8), width=3)


def _round_bottom(size: tuple[int, int], rect: tuple[int, int, int, int],
                  ellipse: tuple[int, int, int, int]) -> Image.Image:
    """The mask of a rectangle ending in an ellipse: a cylinder's side seen from slightly above."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle(rect, fill=255)
    draw.ellipse(ellipse, fill=255)
    return mask


def _band(colour: RGB, left: float, width: float, canvas_width: int, gloss: float) -> Callable[[float], RGB]:
    """Cylinder shading for an object spanning `left`…`left+width` on a canvas `canvas_width` wide."""
    shade = _cylinder(colour, 0.25, gloss)

    def colour_at(x: float) -> RGB:
        return shade(min(1.0, max(0.0, (x * (canvas_width - 1) - left) / width)))
    return colour_at


def thermos_main(colour: RGB) -> bytes:
    """A 1000×1000 main image of the vacuum cup on pure white."""
    canvas = Image.new("RGB", _big(MAIN_SIZE), WHITE)
    height = canvas.height * 0.85
    width = height * 0.34
    left = (canvas.width - width) / 2
    top = (canvas.height - height) / 2
    _soft_shadow(canvas, (left - width * 0.05, top + height * 0.95, left + width * 1.08, top + height * 1.0))
    _draw_thermos(canvas, (left, top, left + width, top + height), colour)
    return _finish(canvas, MAIN_SIZE)


def thermos_lifestyle(colour: RGB, wall: RGB = (188, 205, 214), table: RGB = (226, 214, 196)) -> bytes:
    """A 750×1000 scene: the cup on a light table against a cool wall."""
    canvas = _room(_big(DETAIL_SIZE), wall, table, horizon=0.7, boards=False)
    height = canvas.height * 0.62
    width = height * 0.34
    left = canvas.width * 0.5 - width / 2
    top = canvas.height * 0.9 - height
    _soft_shadow(canvas, (left - width * 0.1, top + height * 0.94, left + width * 1.3, top + height * 1.03), 110)
    _draw_thermos(canvas, (left, top, left + width, top + height), colour)
    return _finish(canvas, DETAIL_SIZE)


# --- certificate "scans" ------------------------------------------------------------------------

FONT_CANDIDATES = (
    "fonts/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> Path | None:
    """A font that can show Chinese (shipped in resources/fonts or installed), or None."""
    for candidate in FONT_CANDIDATES:
        path = Path(candidate) if Path(candidate).is_absolute() else resources_dir() / candidate
        if path.is_file():
            return path
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The Chinese-capable font when the machine has one; Pillow's own (Latin only) otherwise."""
    path = cjk_font_path()
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def certificate_scan(title: str, lines: Sequence[str], seal: str, *, paper: RGB = (250, 248, 242)) -> bytes:
    """A 1240×1754 (A4 at 150 dpi) image of a certificate: border, title, fields, a red seal.

    A title with " / " is set on two lines; long lines are wrapped to the page width.
    """
    size = (1240, 1754)
    canvas = Image.new("RGB", _big(size), paper)
    draw = ImageDraw.Draw(canvas)
    width, height = canvas.size
    draw.rectangle((90, 90, width - 90, height - 90), outline=(150, 126, 80), width=10)
    draw.rectangle((120, 120, width - 120, height - 120), outline=(190, 170, 120), width=3)
    y = 300
    title_font = _font(84)
    for part in title.split(" / "):
        for line in _wrap_to_width(draw, part, title_font, width - 440):
            draw.text((width / 2, y), line, fill=(40, 44, 70), font=title_font, anchor="mm")
            y += 110
    draw.line((400, y - 20, width - 400, y - 20), fill=(150, 126, 80), width=4)
    y += 90
    body_font = _font(46)
    for text in lines:
        for line in _wrap_to_width(draw, text, body_font, width - 520):
            draw.text((260, y), line, fill=(30, 30, 34), font=body_font)
            y += 92
        y += 18
    _seal(draw, (width - 560, height - 560), 230, seal)
    _scan_noise(canvas)
    return _finish(canvas, size)


def _wrap_to_width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
                   max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width`: at spaces where it can, anywhere in Chinese."""
    lines: list[str] = []
    current = ""
    for char in text:
        if draw.textlength(current + char, font=font) <= max_width:
            current += char
            continue
        cut = current.rfind(" ")
        if cut > len(current) // 2:
            lines.append(current[:cut])
            current = current[cut + 1:] + char
        else:
            lines.append(current)
            current = char
    return [line.strip() for line in [*lines, current] if line.strip()]


def _seal(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int, text: str) -> None:
    """A red round company seal with a star and a line of text."""
    red = (200, 40, 40)
    cx, cy = centre
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=16)
    star = [(cx + (70 if i % 2 == 0 else 28) * math.sin(math.pi * i / 5),
             cy - 40 - (70 if i % 2 == 0 else 28) * math.cos(math.pi * i / 5)) for i in range(10)]
    draw.polygon(star, fill=red)
    draw.text((cx, cy + 90), text, fill=red, font=_font(44), anchor="mm")


def _scan_noise(canvas: Image.Image) -> None:
    """A few faint specks so the page reads as scanned paper, deterministic."""
    rng = random.Random(11)
    draw = ImageDraw.Draw(canvas)
    for _ in range(500):
        x, y = rng.randrange(canvas.width), rng.randrange(canvas.height)
        tone = rng.randrange(200, 235)
        draw.point((x, y), fill=(tone, tone, tone - 6))
