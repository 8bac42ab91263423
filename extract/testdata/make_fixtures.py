"""make_fixtures renders the seed as the files people have: a Word file
(python-docx, with numbering from numbering.xml, a footnote and a page
footer), a PDF with a non-embedded CID font (reportlab's STSong-Light), a web page
saved from a government site (GBK), and a large-print Word file for the
benchmark's PDF.
make-fixtures.sh runs it and the tools that make the rest (LibreOffice,
qpdf, poppler, img2pdf). Run with Debian's python3 (/usr/bin/python3)."""

import copy
import html
import sys

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

import seedblocks

BODY_FONT = "Noto Serif CJK SC"  # CFF outlines: LibreOffice embeds a CIDFontType0 subset
HEAD_FONT = "WenQuanYi Micro Hei"  # TrueType: a CIDFontType2 subset
SECTION_FONT = "Noto Sans CJK SC"


# ---- Word ----------------------------------------------------------------

NUMBERING = """<w:numbering %s>
  <w:abstractNum w:abstractNumId="10">
    <w:multiLevelType w:val="singleLevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:suff w:val="nothing"/><w:lvlText w:val="（%%1）"/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">
    <w:multiLevelType w:val="singleLevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:suff w:val="nothing"/><w:lvlText w:val="%%1."/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  %s
</w:numbering>"""

FOOTNOTES = """<w:footnotes %s>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>
    <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
    <w:r><w:t xml:space="preserve"> 初步测算数据以区统计部门正式发布为准。</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def east_asian(run_or_style, font):
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml("<w:rFonts %s/>" % nsdecls("w"))
        rpr.insert(0, fonts)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(a), font)


def numbered(p, num_id):
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, parse_xml('<w:numPr %s><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr>' % (nsdecls("w"), num_id)))


def page_footer(section, size):
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ").font.size = size
    run = p.add_run()
    run.font.size = size
    for xml in ('<w:fldChar %s w:fldCharType="begin"/>', '<w:instrText %s xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar %s w:fldCharType="separate"/>', '<w:t %s>1</w:t>', '<w:fldChar %s w:fldCharType="end"/>'):
        run._r.append(parse_xml(xml % nsdecls("w")))
    p.add_run(" —").font.size = size


def add_footnote(doc, paragraph, after):
    """Splits paragraph's text after the words `after` with a footnote
    reference, and adds the footnotes part."""
    text = paragraph.text
    i = text.index(after) + len(after)
    for r in list(paragraph.runs):
        r._r.getparent().remove(r._r)
    paragraph.add_run(text[:i])
    ref = paragraph.add_run()
    ref._r.append(parse_xml('<w:rPr %s><w:vertAlign w:val="superscript"/></w:rPr>' % nsdecls("w")))
    ref._r.append(parse_xml('<w:footnoteReference %s w:id="1"/>' % nsdecls("w")))
    paragraph.add_run(text[i:])
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                (FOOTNOTES % nsdecls("w")).encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def build_docx(blocks, path, size=16, spacing=1.75, part_breaks=False):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size)
    east_asian(normal, BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(size * spacing)
    page_footer(sec, Pt(14))

    # Numbering: sections (（一）) restart in each part, one w:num per
    # part over one abstract list; tasks (1.) count on through the text.
    part_nums = []
    tasks_num = 90
    body = []
    for b in blocks:
        if b[0] == "part":
            part_nums.append(100 + len(part_nums))
    nums = []
    for n in part_nums:
        nums.append('<w:num w:numId="%d"><w:abstractNumId w:val="10"/>'
                    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' % n)
    nums.append('<w:num w:numId="%d"><w:abstractNumId w:val="20"/></w:num>' % tasks_num)
    numbering = doc.part.numbering_part
    numbering._element = parse_xml(NUMBERING % (nsdecls("w"), "\n".join(nums)))

    # A style carrying the section numbering of the first part, as Word's
    # list styles do; later parts override it on the paragraph.
    sstyle = doc.styles.add_style("SectionHeading", 1)
    sstyle.base_style = normal
    east_asian(sstyle, SECTION_FONT)
    sstyle.font.bold = True
    sstyle.element.get_or_add_pPr().insert(0, parse_xml(
        '<w:numPr %s><w:numId w:val="%d"/></w:numPr>' % (nsdecls("w"), part_nums[0])))

    part_index = -1
    footnoted = False
    for b in blocks:
        kind = b[0]
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            head, tail = b[1].split("执行情况")
            r = p.add_run(head)
            r.add_break()
            p.add_run("执行情况" + tail)
            for r in p.runs:
                r.font.size = Pt(22)
                r.bold = True
        elif kind == "date":
            p = doc.add_paragraph(b[1])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "part":
            part_index += 1
            p = doc.add_paragraph()
            r = p.add_run(b[1])
            east_asian(r, HEAD_FONT)
            p.paragraph_format.first_line_indent = Pt(size * 2)
            p.paragraph_format.page_break_before = part_breaks and part_index > 0
        elif kind == "section":
            text = seedblocks.SECTION.sub("", b[1])
            p = doc.add_paragraph(text, style="SectionHeading")
            p.paragraph_format.first_line_indent = Pt(size * 2)
            if part_index > 0:
                numbered(p, part_nums[part_index])
        elif kind == "task":
            text = seedblocks.TASK.sub("", b[1])
            p = doc.add_paragraph(text)
            p.paragraph_format.first_line_indent = Pt(size * 2)
            numbered(p, tasks_num)
        elif kind in ("para", "indicator"):
            p = doc.add_paragraph(b[1])
            p.paragraph_format.first_line_indent = Pt(size * 2)
            if not footnoted and b[1].startswith("初步测算"):
                add_footnote(doc, p, "初步测算")
                footnoted = True
        elif kind == "annex":
            p = doc.add_paragraph(b[1])
            p.paragraph_format.page_break_before = True
            east_asian(p.runs[0], HEAD_FONT)
        elif kind == "table-title":
            p = doc.add_paragraph(b[1].replace(" ", ""))
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.runs[0].bold = True
        elif kind == "table":
            add_table(doc, b[1], b[2])
        elif kind == "note":
            p = doc.add_paragraph(b[1])
            p.runs[0].font.size = Pt(12)
    doc.save(path)


def add_table(doc, header, rows):
    t = doc.add_table(rows=0, cols=4)
    t.style = "Table Grid"
    widths = [Mm(52), Mm(34), Mm(34), Mm(36)]

    def fill(cells, texts, bold=False):
        for c, w, s in zip(cells, widths, texts):
            c.width = w
            c.text = s
            for r in c.paragraphs[0].runs:
                r.font.size = Pt(12)
                r.bold = bold
    fill(t.add_row().cells, header, bold=True)
    for row in rows:
        cells = t.add_row().cells
        if len(row) == 1:
            merged = cells[0].merge(cells[3])
            merged.text = row[0]
            merged.paragraphs[0].runs[0].font.size = Pt(12)
            merged.paragraphs[0].runs[0].bold = True
        else:
            fill(cells, row)


# ---- web page --------------------------------------------------------------

PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_规划计划_深圳市福田区人民政府门户网站</title>
<meta name="SiteName" content="深圳市福田区人民政府门户网站" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2022-01-20 16:30" />
<meta name="ContentSource" content="福田区发展和改革局" />
<link rel="stylesheet" href="/images/common.css" type="text/css" />
<script type="text/javascript">var _hmt = _hmt || []; function doZoom(size) {{ document.getElementById('zoom').style.fontSize = size + 'px'; }}</script>
<style type="text/css">.nav li {{ float: left; }} #zoom p {{ text-indent: 2em; line-height: 2; }}</style>
</head>
<body>
<div class="top">
  <div class="top-bar"><span>今天是：2022年1月20日</span> <a href="/english/">English</a> <a href="/wza/">无障碍</a> <a href="/login">登录</a></div>
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="深圳市福田区人民政府" /></a></div>
  <form class="search" action="/search"><input type="text" name="q" value="请输入关键字" /><button type="submit">搜索</button></form>
  <ul class="nav">
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjft/">走进福田</a></li><li><a href="/ztzl/">专题专栏</a></li>
  </ul>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ghjh/">规划计划</a> &gt; 年度计划</div>
<div class="main">
  <div class="left">
    <h3>规划计划</h3>
    <ul>
      <li><a href="/zwgk/ghjh/fzgh/">发展规划</a></li><li><a href="/zwgk/ghjh/ndjh/">年度计划</a></li>
      <li><a href="/zwgk/ghjh/zxgh/">专项规划</a></li><li><a href="/zwgk/ghjh/qygh/">区域规划</a></li>
    </ul>
  </div>
  <div class="right">
    <div class="xxgk-table"><table>
      <tr><td>索引号：</td><td>11440304007542001X/2022-00123</td><td>分类：</td><td>计划</td></tr>
      <tr><td>发布机构：</td><td>福田区发展和改革局</td><td>发布日期：</td><td>2022-01-20</td></tr>
    </table></div>
    <h1 class="title">{title}</h1>
    <div class="info">
      <span>发布时间：2022-01-20 16:30</span> <span>来源：福田区发展和改革局</span> <span>浏览次数：<script>document.write(1024)</script></span>
      <span>【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
      <span><a href="javascript:window.print()">打印</a></span> <span><a href="javascript:window.close()">关闭</a></span>
    </div>
    <div class="bdsharebuttonbox"><span>分享到：</span><a href="#" class="bds_weixin" title="分享到微信">微信</a><a href="#" class="bds_tsina" title="分享到新浪微博">微博</a><a href="#" class="bds_qzone" title="分享到QQ空间">QQ空间</a></div>
    <div id="zoom" class="TRS_Editor">
{body}
    </div>
    <div class="attachment"><p>附件：<a href="/attachment/0/123/123456/9876543.pdf">{title}.pdf</a></p></div>
    <div class="prev-next"><p>上一篇：<a href="/zwgk/ghjh/ndjh/content/post_9000001.html">福田区2020年国民经济和社会发展计划执行情况与2021年计划</a></p>
      <p>下一篇：<a href="/zwgk/ghjh/ndjh/content/post_9000003.html">福田区2022年政府投资项目计划</a></p></div>
    <div class="related"><h4>相关链接</h4><ul>
      <li><a href="/a.html">福田区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要</a></li>
      <li><a href="/b.html">2021年福田区政府工作报告</a></li>
    </ul></div>
    <div class="qrcode"><img src="/images/qr.png" alt="二维码" /><p>扫一扫在手机打开当前页</p></div>
  </div>
</div>
<div class="footer">
  <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a> | <a href="/yssm/">隐私声明</a></p>
  <p>主办：深圳市福田区人民政府办公室　承办：深圳市福田区政务服务数据管理局　联系电话：0755-82918000</p>
  <p>版权所有：深圳市福田区人民政府　粤ICP备05080224号　粤公网安备 44030402000123号　网站标识码：4403040001</p>
</div>
</body>
</html>
"""


def build_html(blocks, path):
    title = next(b[1] for b in blocks if b[0] == "title")
    out = []
    esc = html.escape
    photo_done = False
    for b in blocks:
        kind = b[0]
        if kind == "title":
            continue  # the page's <h1> carries it
        if kind == "date":
            out.append('<p style="text-align: right;">%s</p>' % esc(b[1]))
        elif kind == "part":
            out.append("<p><strong>%s</strong></p>" % esc(b[1]))
            if not photo_done:
                # A photo with its caption, as news-style pages have.
                out.append('<p style="text-align: center;"><img src="/images/2022/ftzx.jpg" border="0" alt="" /></p>')
                out.append('<p style="text-align: center;">福田中心区夜景（2021年12月摄）</p>')
                photo_done = True
        elif kind == "section":
            out.append('<p><span style="font-family: 楷体_GB2312;"><strong>%s</strong></span></p>' % esc(b[1]))
        elif kind in ("para", "indicator", "task", "note", "annex"):
            out.append("<p>%s</p>" % esc(b[1]))
        elif kind == "table-title":
            out.append('<p style="text-align: center;"><strong>%s</strong></p>' % esc(b[1]))
        elif kind == "table":
            rows = ['<table border="1" cellspacing="0" cellpadding="0" width="600">']
            rows.append("<tbody><tr>%s</tr>" % "".join("<td><p><strong>%s</strong></p></td>" % esc(h) for h in b[1]))
            for r in b[2]:
                if len(r) == 1:
                    rows.append('<tr><td colspan="4"><p>%s</p></td></tr>' % esc(r[0]))
                else:
                    rows.append("<tr>%s</tr>" % "".join("<td><p>%s</p></td>" % esc(c) for c in r))
            rows.append("</tbody></table>")
            out.append("\n".join(rows))
    page = PAGE.format(title=esc(title), body="\n".join(out))
    with open(path, "wb") as f:
        f.write(page.encode("gbk"))


# ---- PDF (reportlab) ------------------------------------------------------------

def pdf_story(blocks, font, size, table_size):
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle
    from reportlab.lib import colors

    leading = size * 1.7
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=leading, firstLineIndent=size * 2, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=size * 1.5, leading=size * 2.4, alignment=TA_CENTER, firstLineIndent=0)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=font, fontSize=table_size, leading=table_size * 1.4, wordWrap="CJK")
    story = []
    for b in blocks:
        kind = b[0]
        e = lambda s: html.escape(s)
        if kind == "title":
            head, tail = b[1].split("执行情况")
            story += [Spacer(1, 20 * mm), Paragraph(e(head) + "<br/>" + e("执行情况" + tail), title), Spacer(1, 10 * mm)]
        elif kind == "date":
            story += [Paragraph(e(b[1]), center), Spacer(1, 10 * mm)]
        elif kind == "annex":
            story += [PageBreak(), Paragraph(e(b[1]), ParagraphStyle("annex", parent=body, firstLineIndent=0))]
        elif kind == "table-title":
            story += [Paragraph(e(b[1]), center), Spacer(1, 4 * mm)]
        elif kind == "table":
            data = [[Paragraph(e(h), cell) for h in b[1]]]
            spans = []
            for r in b[2]:
                if len(r) == 1:
                    spans.append(("SPAN", (0, len(data)), (3, len(data))))
                    data.append([Paragraph(e(r[0]), cell), "", "", ""])
                else:
                    data.append([Paragraph(e(c), cell) for c in r])
            t = Table(data, colWidths=[50 * mm, 33 * mm, 33 * mm, 36 * mm])
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + spans))
            story += [t, Spacer(1, 3 * mm)]
        elif kind == "note":
            story.append(Paragraph(e(b[1]), ParagraphStyle("note", parent=body, fontSize=table_size, leading=table_size * 1.5, firstLineIndent=0)))
        else:
            story.append(Paragraph(e(b[1]), body))
    return story


def page_number(font):
    def draw(canvas, doc):
        from reportlab.lib.pagesizes import A4
        canvas.saveState()
        canvas.setFont(font, 12)
        canvas.drawCentredString(A4[0] / 2, 15 * 2.8346, "— %d —" % doc.page)
        canvas.restoreState()
    return draw


def build_reportlab(blocks, path, font, size=14, table_size=11):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=30 * mm, title="", author="", subject="", creator="make_fixtures.py",
                            invariant=1)
    doc.build(pdf_story(blocks, font, size, table_size), onFirstPage=page_number(font), onLaterPages=page_number(font))


def build_turned(blocks, path):
    """The appendix on a landscape page printed on a portrait one: the
    content turned a quarter (its text runs up the page), the page's
    /Rotate turning it back for the viewer, as print-to-PDF drivers do."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas as rlcanvas
    from reportlab.platypus import Frame
    annex = blocks[[b[0] for b in blocks].index("annex"):]
    # reportlab swaps a page's width and height when it is rotated: this
    # gives a portrait MediaBox.
    c = rlcanvas.Canvas(path, pagesize=(A4[1], A4[0]), invariant=1)
    c.setPageRotation(90)
    c.translate(A4[0], 0)
    c.rotate(90)
    story = [b for b in pdf_story(annex, "STSong-Light", 14, 11) if type(b).__name__ != "PageBreak"]
    Frame(20 * mm, 15 * mm, A4[1] - 40 * mm, A4[0] - 30 * mm).addFromList(story, c)
    c.showPage()
    c.save()


def main(seed, out):
    blocks = seedblocks.read(seed)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    build_docx(blocks, out + "/seed.docx")
    # Large print, each part on a new page: 50 pages for the benchmark.
    build_docx(blocks, out + "/bench.docx", size=22, part_breaks=True)
    build_html(blocks, out + "/seed.html")
    build_reportlab(blocks, out + "/seed-stsong.pdf", "STSong-Light")
    # A corrected edition with one figure changed: shared in Slack, it
    # must reach the subscribers of its task.
    v2 = [tuple(x.replace("新增9510座学位", "新增9800座学位") if isinstance(x, str) else x for x in b) for b in blocks]
    build_reportlab(v2, out + "/seed-v2.pdf", "STSong-Light")
    build_turned(blocks, out + "/turned.pdf")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
