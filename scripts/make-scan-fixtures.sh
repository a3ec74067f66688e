#!/bin/sh
# Scanned-page fixtures for the OCR reader (issue 11), made from the fixture and corpus PDFs with
# pdftoppm (poppler-utils) and ImageMagick 6 (Debian). The images are committed: CI does not need these tools.
# Conditions (table pages only):
#   *-200g.png    200 dpi gray
#   *-150q40.jpg  150 dpi gray, slight blur, JPEG quality 40
#   *-rot.jpg     200 dpi gray rotated by 1.0° (or -0.7°), with noise, JPEG quality 70
#   *-seal.png    200 dpi colour with a red seal on every page, over table 三's numbers where the page has them
#   *-300bw.tif   300 dpi bilevel (hard threshold), all table pages in one multi-page CCITT G4 TIFF
# Sources: fixtures/pdf/ruled.pdf pages 1–2; the corpus report hongze-2024 pages 2–4; city-2020, pages 1–4
# of the PDF sweep's LibreOffice print s012 of the 2019-layout content city-2020 (table 三 runs from
# page 2 onto page 3; table 四 its header on page 3, its numbers on page 4); county-2019-blank, pages 1–4 of
# fixtures/scan/county-2019-blank.pdf (scripts/make-blank-columns-pdf.mjs: a 2019-layout report whose
# table 三 runs over pages 2–4 with blank applicant columns).
# Expected values: the source document's expected JSON (fixtures/pdf/ruled.expected.json,
# shared corpus hongze-2024-pdf/expected.json copied to fixtures/scan/hongze-2024.expected.json,
# fixtures/pdf-sweep/expected/city-2020.json, fixtures/scan/county-2019-blank.expected.json).
# Usage: make-scan-fixtures.sh [name …]  (no name: every source)
set -eu
cd "$(dirname "$0")/.."
CONVERT=${CONVERT:-/usr/bin/convert}
IDENTIFY=${IDENTIFY:-/usr/bin/identify}
OUT=fixtures/scan
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# name pdf first-page last-page rotation seal-x 'page:seal-y …' (seal centre at 200 dpi px; over table 三's numbers where the page has them)
make() {
  name=$1 pdf=$2 first=$3 last=$4 rot=$5 sx=$6 seals=$7
  pdftoppm -r 200 -gray -png -f "$first" -l "$last" "$pdf" "$TMP/$name-g200"
  pdftoppm -r 150 -gray -png -f "$first" -l "$last" "$pdf" "$TMP/$name-g150"
  pdftoppm -r 300 -gray -png -f "$first" -l "$last" "$pdf" "$TMP/$name-g300"
  pdftoppm -r 200 -png -f "$first" -l "$last" "$pdf" "$TMP/$name-c200"
  bw=""
  for p in $(seq "$first" "$last"); do
    f=$(ls "$TMP/$name-g200-"*"$p.png" | head -1)
    cp "$f" "$OUT/$name-p$p-200g.png"
    "$CONVERT" "$(ls "$TMP/$name-g150-"*"$p.png" | head -1)" -blur 0x0.6 -quality 40 "$OUT/$name-p$p-150q40.jpg"
    "$CONVERT" "$f" -background white -rotate "$rot" -attenuate 0.25 +noise Gaussian -colorspace Gray -quality 70 "$OUT/$name-p$p-rot.jpg"
    "$CONVERT" "$(ls "$TMP/$name-g300-"*"$p.png" | head -1)" -threshold 55% "$TMP/$name-bw-$p.png"
    bw="$bw $TMP/$name-bw-$p.png"
    c=$(ls "$TMP/$name-c200-"*"$p.png" | head -1)
    sy=$(for s in $seals; do if [ "${s%%:*}" = "$p" ]; then echo "${s#*:}"; fi; done)
    if [ -n "$sy" ]; then
      # a red seal (ring, inner ring, star) over the number columns, multiplied onto the page as stamp ink
      # is (black print under it stays black; its red channel is what the reader sees)
      wh=$("$IDENTIFY" -format '%wx%h' "$c")
      "$CONVERT" -size "$wh" xc:white -fill none -stroke 'rgb(215,35,40)' -strokewidth 9 -draw "circle $sx,$sy $((sx + 170)),$sy" \
        -strokewidth 3 -draw "circle $sx,$sy $((sx + 150)),$sy" -stroke none -fill 'rgb(215,35,40)' \
        -draw "polygon $sx,$((sy - 70)) $((sx + 20)),$((sy - 20)) $((sx + 70)),$((sy - 20)) $((sx + 30)),$((sy + 12)) $((sx + 45)),$((sy + 65)) $sx,$((sy + 32)) $((sx - 45)),$((sy + 65)) $((sx - 30)),$((sy + 12)) $((sx - 70)),$((sy - 20)) $((sx - 20)),$((sy - 20))" \
        "$TMP/seal.png"
      "$CONVERT" "$c" "$TMP/seal.png" -compose Multiply -composite -depth 8 "$OUT/$name-p$p-seal.png"
    fi
  done
  # shellcheck disable=SC2086
  "$CONVERT" $bw -monochrome -compress Group4 -density 300 -units PixelsPerInch "$OUT/$name-300bw.tif"
}

want() { [ -z "$ONLY" ] || case " $ONLY " in *" $1 "*) true ;; *) false ;; esac; }
ONLY="$*"
if want ruled; then make ruled fixtures/pdf/ruled.pdf 1 2 1.0 1000 '1:1900 2:900'; fi
if want hongze-2024; then
  make hongze-2024 ../shared/corpus/hongze-2024-pdf/source.pdf 2 4 -0.7 1100 '2:1500 3:1700 4:700'
  cp ../shared/corpus/hongze-2024-pdf/expected.json "$OUT/hongze-2024.expected.json"
fi
if want city-2020; then
  make city-2020 fixtures/pdf-sweep/libreoffice/city-2020/s012.pdf 1 4 0.8 1100 '1:700 2:1500 3:600 4:250'
  rm -f "$OUT"/city-2020-p*-rot.jpg # no rotated condition for this source
fi
if want county-2019-blank; then
  make county-2019-blank fixtures/scan/county-2019-blank.pdf 1 4 0.8 1100 '1:1700 2:1450 3:1000 4:200'
  rm -f "$OUT"/county-2019-blank-p*-rot.jpg # no rotated condition for this source
fi
ls -l "$OUT"
