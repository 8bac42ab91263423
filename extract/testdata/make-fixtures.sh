#!/bin/sh
# make-fixtures.sh regenerates the document files of this folder from the
# seed text, with the tools that make such files in real life. The files
# are committed, so tests and CI need none of these tools. Needs Debian's
# packages (as root: apt-get install python3-reportlab python3-docx
# libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-microhei poppler-utils
# qpdf img2pdf).
#
#   seed.docx         python-docx: numbering from numbering.xml, a footnote,
#                     a page footer, the appendix as a Word table
#   seed-lo.docx      the same, saved again as .docx by LibreOffice
#   seed.doc          the same, saved by LibreOffice as Word 97-2003 (refused)
#   seed-lo.pdf       LibreOffice's PDF export of seed.docx: embedded subset
#                     fonts (Noto CJK as Type 1, WenQuanYi as TrueType) with
#                     ToUnicode maps, page numbers in the footer (— 3 —)
#   seed-stsong.pdf   reportlab, STSong-Light: a CID font not embedded,
#                     UniGB-UCS2-H, the appendix as a drawn table
#   seed-v2.pdf       the same with one figure changed (新增9800座学位)
#   turned.pdf        the appendix on a landscape page drawn turned on a
#                     portrait one (/Rotate 90), as print-to-PDF drivers do
#   seed-cid.pdf      three pages of seed-stsong.pdf printed through cairo:
#                     the substituted font embedded as a CIDFontType0C subset,
#                     Identity-H, whose ToUnicode map gives Kangxi radicals
#                     (⼀ for 一) for common characters, as PDFs in the wild do
#   bench.pdf         LibreOffice export of the seed in large print: 50 pages
#   scanned.pdf       two pages of seed-stsong.pdf as images only (no text layer)
#   encrypted.pdf     a page of seed-stsong.pdf, AES-256, user password "secret"
#   restricted.pdf    the same page with an owner password only (copying
#                     forbidden): opens without a password, as many official
#                     PDFs do
#   damaged.pdf       seed-stsong.pdf cut off in the middle, like a failed download
#   seed.html         a saved page of a government site, GBK, written here
set -eu
cd "$(dirname "$0")"
seed=../../seeds/futian-2021-execution-2022-plan.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 make_fixtures.py "$seed" "$tmp"
cp "$tmp/seed.docx" "$tmp/seed.html" "$tmp/seed-stsong.pdf" "$tmp/seed-v2.pdf" "$tmp/turned.pdf" .

soffice --headless --convert-to pdf --outdir "$tmp/lo" "$tmp/seed.docx" "$tmp/bench.docx" >/dev/null 2>&1
cp "$tmp/lo/seed.pdf" seed-lo.pdf
cp "$tmp/lo/bench.pdf" bench.pdf
soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/lodocx" "$tmp/seed.docx" >/dev/null 2>&1
cp "$tmp/lodocx/seed.docx" seed-lo.docx
soffice --headless --convert-to 'doc:MS Word 97' --outdir "$tmp/lodoc" "$tmp/seed.docx" >/dev/null 2>&1
cp "$tmp/lodoc/seed.doc" seed.doc

pdftocairo -pdf -f 1 -l 2 seed-stsong.pdf "$tmp/cid-a.pdf"
last=$(pdfinfo seed-stsong.pdf | sed -n 's/^Pages: *//p')
pdftocairo -pdf -f "$last" -l "$last" seed-stsong.pdf "$tmp/cid-b.pdf"
qpdf --empty --pages "$tmp/cid-a.pdf" "$tmp/cid-b.pdf" -- seed-cid.pdf

pdftoppm -r 72 -gray -jpeg -jpegopt quality=60 -f 1 -l 2 seed-stsong.pdf "$tmp/scan"
img2pdf --pagesize A4 -o scanned.pdf "$tmp"/scan-*.jpg

qpdf --empty --pages seed-stsong.pdf 1 -- "$tmp/page1.pdf"
qpdf --encrypt secret owner 256 -- "$tmp/page1.pdf" encrypted.pdf
qpdf --encrypt '' owner 128 --use-aes=y --extract=n --modify=none -- "$tmp/page1.pdf" restricted.pdf

size=$(wc -c < seed-stsong.pdf)
head -c $((size / 2)) seed-stsong.pdf > damaged.pdf

pdfinfo bench.pdf | grep '^Pages'
ls -l *.pdf *.docx *.doc *.html
