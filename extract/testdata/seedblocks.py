"""seedblocks reads the seed (text pdftotext made of a plan document) back
into the blocks of the document it came from: title, date, headings,
paragraphs, indicator lines, tasks, the appendix table. The fixture
scripts render these blocks as Word, PDF and web pages."""

import re

PART = re.compile(r"^[一二三四五六七八九十]+、")
SECTION = re.compile(r"^（[一二三四五六七八九十]+）")
TASK = re.compile(r"^(\d+)[.．](?=\D)")
PAGE_NUMBER = re.compile(r"^[—\-]\s*\d+\s*[—\-]$")
# A paragraph that opens with a short topic sentence (城区安全韧性加强。).
TOPIC = re.compile(r"^[^。，；、]{4,12}。")
ROW = re.compile(r"^(\d+)．(\S+(?: GDP\S*)?)(.*)$")
CHANGE_WORDS = ("下降", "增长")


def width(s):
    return sum(1 if ord(c) < 0x80 else 2 for c in s)


def read(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    lines = [l for l in lines if l and not PAGE_NUMBER.match(l)]
    full = sorted(width(l) for l in lines)[len(lines) * 3 // 4]
    blocks = []
    i = 0
    # The cover: two title lines and the date.
    blocks.append(("title", lines[0] + lines[1]))
    blocks.append(("date", lines[2]))
    i = 3
    para = None

    def flush():
        nonlocal para
        if para is not None:
            blocks.append(para)
            para = None

    lines = untangle(lines)
    while i < len(lines):
        l = lines[i]
        if l.startswith("附件："):
            flush()
            blocks.append(("para", l + lines[i + 1]))
            i += 2
            continue
        if l == "附件":
            flush()
            blocks.append(("annex", l))
            blocks.append(("table-title", lines[i + 1] + lines[i + 2]))
            table, i = read_table(lines, i + 3)
            blocks.append(table)
            continue
        if l.startswith("注："):
            flush()
            blocks.append(("note", l))
            i += 1
            continue
        prev_ended = para is None or para[1].endswith(("。", "；", "："))
        if PART.match(l) and "。" not in l:
            flush()
            blocks.append(("part", l))
        elif SECTION.match(l) and "。" not in l:
            flush()
            blocks.append(("section", l))
        elif l.startswith("——"):
            flush()
            blocks.append(("indicator", l))
        elif TASK.match(l):
            flush()
            para = ["task", l]
        elif para is None or prev_ended and TOPIC.match(l):
            flush()
            para = ["para", l]
        else:
            para[1] += l
        if para is not None and width(l) < full - 4 and l.endswith(("。", "；", "：", "！")):
            flush()
        i += 1
    flush()
    return [tuple(b) for b in blocks]


def untangle(lines):
    """Puts back the first line of a task that the PDF extraction moved
    into the task before it at a page break: the line of a task heading
    (22.提升…保障) inside another task's text, whose continuation is the
    first line after it that opens with a comma (、租购并举…)."""
    out = list(lines)
    for i, l in enumerate(out):
        if TASK.match(l) and i > 0 and not out[i - 1].endswith(("。", "；", "：")):
            for j in range(i + 1, len(out)):
                if out[j].startswith("、"):
                    out.insert(j - 1, out.pop(i))
                    break
                if TASK.match(out[j]) or SECTION.match(out[j]):
                    break
    return out


def read_table(lines, i):
    """The appendix table from its header (指标名称) to the note."""
    assert lines[i] == "指标名称", lines[i]
    header = ["指标名称"]
    i += 1
    while not lines[i].startswith("一、"):
        if re.match(r"^\d{4}\s*年$", lines[i]):
            header.append(lines[i].replace(" ", ""))
        else:
            header[-1] += lines[i]
        i += 1
    rows = []
    while not lines[i].startswith("注："):
        l = lines[i]
        if re.match(r"^[一二三四五六七八九十]+、", l):
            rows.append((l,))
            i += 1
            continue
        m = re.match(r"^(\d+．)(.*)$", l)
        assert m, l
        i += 1
        if not re.match(r"^(\d+．|注：|[一二三四五六七八九十]+、)", lines[i]):
            # Cells wrapped over two lines each, written column by column.
            name = l
            frags = []
            while not re.match(r"^(\d+．|注：)", lines[i]):
                frags.append(lines[i])
                i += 1
            cells = [frags[j] + frags[j + 1] for j in range(0, len(frags), 2)]
        else:
            tokens = m.group(2).split()
            cells = []
            k = len(tokens) - 1
            while len(cells) < 3:
                tok = tokens[k]
                if tokens[k - 1] in CHANGE_WORDS:
                    tok = tokens[k - 1] + " " + tok
                    k -= 1
                cells.insert(0, tok)
                k -= 1
            name = m.group(1) + " ".join(tokens[: k + 1])
        rows.append((name, *cells))
    return ("table", header, rows), i
