#!/bin/sh
# Scanned-PDF fixtures (issue 11): image-only PDFs wrapped around the scan images of
# fixtures/scan/ (made by scripts/make-scan-fixtures.sh) with img2pdf (Debian package img2pdf),
# which embeds the JPEG and PNG data without re-encoding them. A4 pages, the image fitted to the
# page, no text layer. The PDFs are committed: CI does not need img2pdf.
#   ruled-scan-200g.pdf        200 dpi gray PNG, pages 1–2 of fixtures/pdf/ruled.pdf
#   ruled-scan-seal.pdf        200 dpi colour with a red seal on every page
#   hongze-2024-scan-150q40.pdf 150 dpi gray JPEG quality 40, pages 2–4 of the corpus report hongze-2024
#   city-2020-scan-{150q40,200g,300bw,seal}.pdf  pages 1–4 of the PDF sweep's LibreOffice print s012 of the
#                              2019-layout content city-2020 (table 三 over pages 2–3), in each of the four
#                              conditions; 300bw wraps the CCITT G4 TIFF's pages as they are
#   ruled-scan-invisible-text.pdf  ruled-scan-200g.pdf under an invisible text layer (render mode 3, as a
#                              scanner's OCR layer) that misreads every 4 as 7: ruled.pdf's text with its
#                              ToUnicode entry for the glyph of 4 changed and `3 Tr` after each BT (qpdf,
#                              fix-qdf), overlaid on the scan with qpdf --overlay
#   ruled-undecodable-page.pdf ruled.pdf pages 1–2 and, as page 3, the last page (text only) of the field case
#                              pdf-no-tounicode (fonts without ToUnicode): one undecodable page in a text PDF
#   county-2019-blank-scan-{150q40,200g,300bw,seal}.pdf  pages 1–4 of fixtures/scan/county-2019-blank.pdf
#                              (2019 layout, table 三 over pages 2–4 with blank applicant columns), the same four conditions
# Expected values: fixtures/pdf/ruled.expected.json, fixtures/scan/hongze-2024.expected.json,
# fixtures/pdf-sweep/expected/city-2020.json and fixtures/scan/county-2019-blank.expected.json.
# Usage: make-scan-pdf-fixtures.sh [county-2019-blank]  (the name alone: only that source's four PDFs)
set -eu
cd "$(dirname "$0")/.."
S=fixtures/scan
A4="--pagesize A4 --fit into"
# four-condition scans of pages 1–4 of a source (the multi-page G4 TIFF wrapped as it is)
four() {
  for c in 150q40.jpg 200g.png seal.png; do
    # shellcheck disable=SC2086
    img2pdf $A4 -o "$S/$1-scan-${c%.*}.pdf" "$S/$1-p1-$c" "$S/$1-p2-$c" "$S/$1-p3-$c" "$S/$1-p4-$c"
  done
  # shellcheck disable=SC2086
  img2pdf $A4 -o "$S/$1-scan-300bw.pdf" "$S/$1-300bw.tif"
}
four county-2019-blank
if [ "${1:-}" = county-2019-blank ]; then ls -l "$S"/county-2019-blank-scan-*.pdf; exit 0; fi
# shellcheck disable=SC2086
img2pdf $A4 -o "$S/ruled-scan-200g.pdf" "$S/ruled-p1-200g.png" "$S/ruled-p2-200g.png"
# shellcheck disable=SC2086
img2pdf $A4 -o "$S/ruled-scan-seal.pdf" "$S/ruled-p1-seal.png" "$S/ruled-p2-seal.png"
# shellcheck disable=SC2086
img2pdf $A4 -o "$S/hongze-2024-scan-150q40.pdf" "$S/hongze-2024-p2-150q40.jpg" "$S/hongze-2024-p3-150q40.jpg" "$S/hongze-2024-p4-150q40.jpg"
four city-2020
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
qpdf --qdf --object-streams=disable fixtures/pdf/ruled.pdf "$TMP/q.pdf"
# the glyph LibreOffice mapped to 4 (U+0034) now maps to 7; every text object is drawn invisible
grep -aq '^<C9> <0034>$' "$TMP/q.pdf"
sed -e 's/^<C9> <0034>$/<C9> <0037>/' -e 's/^BT$/BT 3 Tr/' "$TMP/q.pdf" >"$TMP/q2.pdf"
fix-qdf "$TMP/q2.pdf" >"$TMP/invisible.pdf"
qpdf "$S/ruled-scan-200g.pdf" --overlay "$TMP/invisible.pdf" --from=1-2 --to=1-2 -- "$S/ruled-scan-invisible-text.pdf"
qpdf --empty --pages fixtures/pdf/ruled.pdf 1-2 ../shared/field-cases/pdf-no-tounicode/input.pdf 6 -- "$S/ruled-undecodable-page.pdf"
ls -l "$S"/*.pdf
