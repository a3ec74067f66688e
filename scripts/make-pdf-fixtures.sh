#!/usr/bin/env bash
# Build the PDF fixtures in fixtures/pdf/ from the HTML sources in fixtures/pdf-src/.
# Needs (fixture generation only, never at runtime or in CI): node, LibreOffice
# (soffice), poppler-utils (pdftoppm), ImageMagick (convert) or img2pdf, qpdf,
# and a CJK font (fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=fixtures/pdf-src
OUT=fixtures/pdf
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# 1. HTML sources and expected.json from one set of numbers
node "$SRC/gen.mjs"

# 2. HTML -> PDF with LibreOffice Writer. The "HTML (StarWriter)" import filter lays the page out as a
#    Writer document (the default Writer/Web import drops the first paragraph and adds a blank page).
for name in ruled borderless pagebreak; do
  soffice --headless -env:UserInstallation="file://$TMP/lo-profile" \
    --infilter='HTML (StarWriter)' --convert-to 'pdf:writer_pdf_Export' --outdir "$TMP" "$SRC/$name.html" >/dev/null 2>&1
  cp "$TMP/$name.pdf" "$OUT/$name.pdf"
done

# 3. an image-only PDF (what a scanner produces): render the ruled report's pages and wrap the images
pdftoppm -r 100 -gray -png "$OUT/ruled.pdf" "$TMP/scan"
if command -v img2pdf >/dev/null; then
  img2pdf "$TMP"/scan-*.png -o "$OUT/scanned.pdf"
else
  # no img2pdf: let LibreOffice wrap the page images (an HTML page of <img>s) into a PDF
  {
    echo '<html><body style="margin:0">'
    for png in "$TMP"/scan-*.png; do
      echo "<p style=\"page-break-after:always;margin:0\"><img src=\"$(basename "$png")\" width=\"640\"></p>"
    done
    echo '</body></html>'
  } >"$TMP/scanned.html"
  (cd "$TMP" && soffice --headless -env:UserInstallation="file://$TMP/lo-profile" \
    --infilter='HTML (StarWriter)' --convert-to 'pdf:writer_pdf_Export' --outdir "$TMP/out" scanned.html >/dev/null 2>&1)
  cp "$TMP/out/scanned.pdf" "$OUT/scanned.pdf"
fi

# 4. encrypted copies: one needs a user password to open, one has only an owner password
qpdf --encrypt user-secret owner-secret 256 -- "$OUT/ruled.pdf" "$OUT/encrypted-user.pdf"
qpdf --encrypt '' owner-secret 256 --print=none --modify=none -- "$OUT/ruled.pdf" "$OUT/encrypted-owner.pdf"

ls -l "$OUT"
