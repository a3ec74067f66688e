#!/bin/sh
# Scanned-PDF fixtures (issue 11): image-only PDFs wrapped around the scan images of
# fixtures/scan/ (made by scripts/make-scan-fixtures.sh) with img2pdf (Debian package img2pdf),
# which embeds the JPEG and PNG data without re-encoding them. A4 pages, the image fitted to the
# page, no text layer. The PDFs are committed: CI does not need img2pdf.
#   ruled-scan-200g.pdf        200 dpi gray PNG, pages 1–2 of fixtures/pdf/ruled.pdf
#   ruled-scan-seal.pdf        200 dpi colour with a red seal on every page
#   hongze-2024-scan-150q40.pdf 150 dpi gray JPEG quality 40, pages 2–4 of the corpus report hongze-2024
# Expected values: fixtures/pdf/ruled.expected.json and fixtures/scan/hongze-2024.expected.json.
set -eu
cd "$(dirname "$0")/.."
S=fixtures/scan
A4="--pagesize A4 --fit into"
# shellcheck disable=SC2086
img2pdf $A4 -o "$S/ruled-scan-200g.pdf" "$S/ruled-p1-200g.png" "$S/ruled-p2-200g.png"
# shellcheck disable=SC2086
img2pdf $A4 -o "$S/ruled-scan-seal.pdf" "$S/ruled-p1-seal.png" "$S/ruled-p2-seal.png"
# shellcheck disable=SC2086
img2pdf $A4 -o "$S/hongze-2024-scan-150q40.pdf" "$S/hongze-2024-p2-150q40.jpg" "$S/hongze-2024-p3-150q40.jpg" "$S/hongze-2024-p4-150q40.jpg"
ls -l "$S"/*.pdf
