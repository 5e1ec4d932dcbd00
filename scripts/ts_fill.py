#!/usr/bin/env python3
"""Fills a Qt Linguist .ts file from a glossary (TSV: source<TAB>translation).

Workflow when adding user-visible strings:
  cmake --build build/dev --target update_translations   # lupdate adds the new sources
  add a line per new string to translations/zh_CN.tsv
  python3 scripts/ts_fill.py translations/ct_zh_CN.ts translations/zh_CN.tsv
Strings missing from the glossary are listed and left unfinished (the build still works;
they show in English).
"""
import sys
import xml.etree.ElementTree as ET


def unescape_tsv(s):
    return s.replace("\\n", "\n").replace("\\t", "\t")


def main():
    ts_path, tsv_path = sys.argv[1], sys.argv[2]
    glossary = {}
    with open(tsv_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if "\t" not in line:
                sys.exit(f"{tsv_path}:{n}: expected 'source<TAB>translation'")
            src, dst = line.split("\t", 1)
            glossary[unescape_tsv(src)] = unescape_tsv(dst)

    tree = ET.parse(ts_path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        tr = message.find("translation")
        if source not in glossary:
            missing.append(source)
            continue
        text = glossary[source]
        for child in list(tr):
            tr.remove(child)
        if message.get("numerus") == "yes":
            tr.text = None
            form = ET.SubElement(tr, "numerusform")
            form.text = text
        else:
            tr.text = text
        tr.attrib.pop("type", None)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    with open(ts_path, "r+", encoding="utf-8") as f:  # keep the DOCTYPE lupdate expects
        body = f.read()
        if "<!DOCTYPE TS>" not in body:
            body = body.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
            f.seek(0)
            f.write(body)
            f.truncate()
    for m in missing:
        print(f"untranslated: {m!r}")


if __name__ == "__main__":
    main()
