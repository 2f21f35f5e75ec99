"""Reading a PDF back the way a person's tools would: its text (pdftotext) and the QR codes a
real reader (zbar) finds on its first page. The `pdf_tools` fixture checks they are installed."""

import subprocess
import tempfile
from pathlib import Path

PDF_TOOLS = ("pdftotext", "pdftoppm", "zbarimg")


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def qr_codes(content: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(content)
        first_page = ["-r", "150", "-png", "-f", "1", "-l", "1"]
        page = Path(directory) / "page"
        subprocess.run(["pdftoppm", *first_page, str(path), str(page)], check=True)
        [image] = Path(directory).glob("page*.png")
        found = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True
        )
        return [line for line in found.stdout.splitlines() if line]
