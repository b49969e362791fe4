"""Files built in memory for the upload tests."""

import io
import zlib

from PIL import Image


def image_bytes(width, height, image_format="PNG", **save_options):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (31, 78, 61)).save(output, image_format, **save_options)
    return output.getvalue()


MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def png_claiming(width, height):
    """A tiny PNG file whose header announces `width` by `height` pixels (a decompression bomb's
    trick): building a real one would take the memory the test checks is not used."""
    data = bytearray(image_bytes(8, 8))
    # Signature (8 bytes), IHDR length (4) and type (4), then width and height, then the CRC.
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)
