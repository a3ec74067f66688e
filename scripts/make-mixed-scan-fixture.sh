#!/bin/sh
# A mixed PDF (issue 11: tables continued from a text page onto a scanned page): pages 1–2 of the
# text PDF fixtures/scan/county-2019-blank.pdf (LibreOffice print of the 2019-layout report with
# blank columns; table 三 starts on page 2) and pages 3–4 of its 200 dpi gray scan
# fixtures/scan/county-2019-blank-scan-200g.pdf (image-only pages: table 三 goes on over page 3
# onto page 4). Combined with qpdf (Debian package qpdf), pages copied as they are. The PDF is
# committed: CI does not need qpdf. Expected values: fixtures/scan/county-2019-blank.expected.json.
set -eu
cd "$(dirname "$0")/.."
S=fixtures/scan
qpdf --empty --pages "$S/county-2019-blank.pdf" 1-2 "$S/county-2019-blank-scan-200g.pdf" 3-4 -- "$S/county-2019-blank-mixed.pdf"
