"""Draws fixtures/demo_seal.png, the sample seal the demo prints on its certificates: a red
ring, a star, a sample authority's name along the top and 演示样章 ("sample seal, for the
demo") below, so that no one takes a demo certificate for a real one. Run once with
`.venv/bin/python scripts/draw_demo_seal.py`; the PNG is committed."""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
RED = (205, 30, 30, 255)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
TOP_TEXT = "示例省人力资源和社会保障厅"
BOTTOM_TEXT = "演示样章"
TARGET = Path(__file__).resolve().parent.parent / "fixtures" / "demo_seal.png"


def star(draw, centre, outer, inner):
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(points, fill=RED)


def main():
    seal = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    centre = SIZE / 2
    draw.ellipse((6, 6, SIZE - 6, SIZE - 6), outline=RED, width=14)
    star(draw, centre, 62, 25)
    font = ImageFont.truetype(FONT, 46, index=2)  # the SC face of the collection
    # Along the top arc, from lower left to lower right, each character upright to the centre.
    spread = math.radians(250)
    for i, character in enumerate(TOP_TEXT):
        angle = -math.pi / 2 - spread / 2 + spread * i / (len(TOP_TEXT) - 1)
        glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((30, 30), character, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x = centre + 142 * math.cos(angle) - 30
        y = centre + 142 * math.sin(angle) - 30
        seal.alpha_composite(glyph, (round(x), round(y)))
    small = ImageFont.truetype(FONT, 40, index=2)
    draw.text((centre, centre + 105), BOTTOM_TEXT, font=small, fill=RED, anchor="mm")
    # The colour the same red everywhere, the shape in the alpha channel alone: WeasyPrint
    # embeds the colour and the alpha as two images, and a flat colour compresses to nothing.
    red = Image.new("RGB", seal.size, RED[:3])
    red.putalpha(seal.getchannel("A"))
    red.save(TARGET, optimize=True)


if __name__ == "__main__":
    main()
