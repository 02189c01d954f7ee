#!/usr/bin/python3
"""Fills <translation> elements of translations/*.ts from translations/<lang>.json dictionaries.

Translators keep the JSON files (source text → translation); lupdate keeps the .ts files in step
with the code. Running this after `ninja update_translations` marks every known text finished and
lists the texts that still need a translation. Exit status 1 when any text is untranslated.
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

root = Path(__file__).resolve().parent.parent / "translations"
missing_total = 0
for ts in sorted(root.glob("muse-studio_*.ts")):
    lang = ts.stem.split("_", 1)[1]
    table_path = root / f"{lang}.json"
    table = json.loads(table_path.read_text(encoding="utf-8")) if table_path.exists() else {}
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if source in table:
            translation.text = table[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    text = ts.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>",
                                                  '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>')
    ts.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    for m in missing:
        print(f"{ts.name}: untranslated: {m!r}")
    missing_total += len(missing)
sys.exit(1 if missing_total else 0)
