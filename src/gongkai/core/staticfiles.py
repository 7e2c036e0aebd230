"""The static files' storage: WhiteNoise's hashed names (a changed file gets a new name, so browsers may
keep each for good) and compressed copies, brotli and gzip, served to browsers that accept them."""
from __future__ import annotations

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class QuickCompressor(Compressor):
    # Brotli's default quality (11) took 16 s for the API docs' 1.5 MB script on this machine and
    # minutes for a `gongkai demo` start; quality 9 takes 0.7 s, 9 % larger, still 13 % under gzip -9.
    BROTLI_QUALITY = 9
    # Source maps are read only by developer tools: not worth compressing at every collectstatic.
    SKIP = ("map",)

    def __init__(self, extensions=None, **kwargs):
        super().__init__(extensions=(*(extensions or self.SKIP_COMPRESS_EXTENSIONS), *self.SKIP), **kwargs)

    @staticmethod
    def compress_brotli(data: bytes) -> bytes:
        return brotli.compress(data, quality=QuickCompressor.BROTLI_QUALITY)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return QuickCompressor(**kwargs)
