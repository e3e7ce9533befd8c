"""Photos as readers on phones need them: every raster image a page shows, in several widths
and formats, oriented, with every byte of metadata (EXIF, GPS, XMP, IPTC, maker notes) left out.

- read.py: open a file and say what it is (its size as shown, whether it is whole), refusing a
  decompression bomb from its header, before a pixel is decoded;
- plan.py: which widths and formats each photo gets and under which address (the markup plan,
  `Pictures`, that the render stage is told);
- encode.py: make those files on every core, the same bytes whichever core makes them;
- store.py: the folder that keeps them by their source's bytes and the settings, so a warm build
  encodes none.
SVG and GIF are not touched: the render stage copies them as they are.
"""
