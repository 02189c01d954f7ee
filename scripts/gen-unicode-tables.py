#!/usr/bin/python3
"""Generates the Unicode and HTML tables of the CLIP tokenizer from this Python's own data.

The reference CLIP tokenizer is Python code (str.lower(), html.unescape(), the `regex` module's
\\p{L}, \\p{N} and \\s), so the most faithful tables are the ones Python itself uses. Writes:

  core/src/text/UnicodeTables.cpp  letter / number / whitespace classes, the lowercase map (as
                                   str.lower() does it, Final_Sigma context included) and the
                                   HTML entities and character-reference rules of html.unescape()

Run from the repository root:  /usr/bin/python3 scripts/gen-unicode-tables.py
The output is committed; rerun it only to move to another Unicode version.
"""

import html
import html.entities
import os
import sys
import unicodedata

MAX_CODE_POINT = 0x10FFFF
OUTPUT = os.path.join("core", "src", "text", "UnicodeTables.cpp")


def ranges_of(predicate):
    """Maximal [first, last] runs of code points for which predicate(cp) holds."""
    runs = []
    start = None
    for cp in range(MAX_CODE_POINT + 2):
        inside = cp <= MAX_CODE_POINT and predicate(cp)
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            runs.append((start, cp - 1))
            start = None
    return runs


def is_letter(cp):
    return unicodedata.category(chr(cp)).startswith("L")


def is_number(cp):
    return unicodedata.category(chr(cp)).startswith("N")


def is_white_space(cp):
    # The `regex` module's \s is the White_Space property. str.isspace() is White_Space plus the
    # four information separators U+001C..U+001F (bidi class B/S), which White_Space excludes.
    return chr(cp).isspace() and not 0x1C <= cp <= 0x1F


def sigma_after_is_final(c):
    """'A' + c + 'Σ': is the (last) sigma lowered to the final form?"""
    return ("A" + c + "\u03a3").lower()[-1] == "\u03c2"


def sigma_before_is_final(c):
    """'AΣ' + c: is the sigma lowered to the final form?"""
    return ("A\u03a3" + c).lower()[1] == "\u03c2"


# CPython's str.lower() maps U+03A3 to final sigma when it follows a cased letter (skipping
# case-ignorable characters) and no cased letter follows. unicodedata exposes neither property,
# so they are read off lower() itself: with c between 'A' and 'Σ', the sigma is final when c is
# case-ignorable or cased; with c after 'AΣ', the sigma stays final when c is case-ignorable or
# not cased. Only "cased and not case-ignorable" matters to the algorithm (ignorable comes first).
def is_case_ignorable(cp):
    c = chr(cp)
    return sigma_after_is_final(c) and sigma_before_is_final(c)


def is_cased(cp):
    c = chr(cp)
    return sigma_after_is_final(c) and not sigma_before_is_final(c)


def lowercase_runs():
    """(first, last, stride, delta): lower(cp) == cp + delta for cp in first..last step stride."""
    singles = []
    for cp in range(MAX_CODE_POINT + 1):
        if cp == 0x03A3:
            continue  # contextual, handled in code
        low = chr(cp).lower()
        if len(low) == 1 and ord(low) != cp:
            singles.append((cp, ord(low) - cp))
    runs = []
    i = 0
    while i < len(singles):
        first, delta = singles[i]
        # Prefer the longer of a contiguous run and an every-other run (Latin Extended pairs).
        best_stride, best_end = 1, i
        for stride in (1, 2):
            j = i
            while (j + 1 < len(singles) and singles[j + 1][0] == singles[j][0] + stride
                   and singles[j + 1][1] == delta):
                j += 1
            if j > best_end:
                best_stride, best_end = stride, j
        runs.append((first, singles[best_end][0], best_stride, delta))
        i = best_end + 1
    return runs


def lowercase_expansions():
    out = []
    for cp in range(MAX_CODE_POINT + 1):
        low = chr(cp).lower()
        if len(low) > 1:
            out.append((cp, [ord(ch) for ch in low]))
    return out


def c_string(text):
    """A C++ string literal holding the UTF-8 bytes of text (hex escapes, split so that a hex
    escape never swallows a following hex digit)."""
    parts = []
    for byte in text.encode("utf-8"):
        if 0x20 <= byte < 0x7F and chr(byte) not in '"\\?':
            parts.append(chr(byte))
        else:
            parts.append('\\x%02x""' % byte)
    body = "".join(parts)
    if body.endswith('""'):
        body = body[:-2]
    return '"' + body + '"'


def emit_ranges(out, name, runs):
    out.append("const CodePointRange %s[] = {" % name)
    line = "   "
    for first, last in runs:
        item = " {0x%X, 0x%X}," % (first, last)
        if len(line) + len(item) > 100:
            out.append(line)
            line = "   "
        line += item
    out.append(line)
    out.append("};")
    out.append("")


def main():
    if not os.path.isdir(os.path.join("core", "src", "text")):
        sys.exit("run from the repository root (core/src/text not found)")
    out = []
    out.append("// Generated by scripts/gen-unicode-tables.py from Python %s (Unicode %s); do not edit."
               % (sys.version.split()[0], unicodedata.unidata_version))
    out.append("// The classes, lowercase map and HTML rules of the reference CLIP tokenizer, which is Python code.")
    out.append("")
    out.append('#include "text/UnicodeTables.h"')
    out.append("")
    out.append("#include <algorithm>")
    out.append("#include <cstring>")
    out.append("")
    out.append("namespace muse::unicode {")
    out.append("")
    out.append("namespace {")
    out.append("")
    out.append("struct CodePointRange {")
    out.append("    char32_t first;")
    out.append("    char32_t last;")
    out.append("};")
    out.append("")
    emit_ranges(out, "kLetters", ranges_of(is_letter))
    emit_ranges(out, "kNumbers", ranges_of(is_number))
    emit_ranges(out, "kWhiteSpace", ranges_of(is_white_space))
    emit_ranges(out, "kCaseIgnorable", ranges_of(is_case_ignorable))
    emit_ranges(out, "kCased", ranges_of(is_cased))

    out.append("struct LowercaseRun {")
    out.append("    char32_t first;")
    out.append("    char32_t last;")
    out.append("    int32_t stride;")
    out.append("    int32_t delta;")
    out.append("};")
    out.append("")
    out.append("const LowercaseRun kLowercase[] = {")
    for first, last, stride, delta in lowercase_runs():
        out.append("    {0x%X, 0x%X, %d, %d}," % (first, last, stride, delta))
    out.append("};")
    out.append("")
    out.append("struct LowercaseExpansion {")
    out.append("    char32_t codePoint;")
    out.append("    char32_t lower[3];")
    out.append("    int count;")
    out.append("};")
    out.append("")
    out.append("const LowercaseExpansion kLowercaseExpansions[] = {")
    for cp, lows in lowercase_expansions():
        if len(lows) > 3:
            sys.exit("lowercase of U+%04X is longer than 3 code points" % cp)
        padded = lows + [0] * (3 - len(lows))
        out.append("    {0x%X, {%s}, %d}," % (cp, ", ".join("0x%X" % c for c in padded), len(lows)))
    out.append("};")
    out.append("")

    entities = sorted(html.entities.html5.items())
    out.append("struct NamedEntity {")
    out.append("    const char* name; // without '&', with the ';' where the standard requires it")
    out.append("    const char* value; // UTF-8")
    out.append("};")
    out.append("")
    out.append("// html.entities.html5, sorted by name (byte order) for binary search.")
    out.append("const NamedEntity kNamedEntities[] = {")
    for name, value in sorted(entities, key=lambda kv: kv[0].encode("utf-8")):
        out.append("    {%s, %s}," % (c_string(name), c_string(value)))
    out.append("};")
    out.append("")
    out.append("struct CharRefReplacement {")
    out.append("    char32_t number;")
    out.append("    char32_t replacement;")
    out.append("};")
    out.append("")
    out.append("// html._invalid_charrefs: numbers the HTML standard maps elsewhere (mostly Windows-1252).")
    out.append("const CharRefReplacement kInvalidCharRefs[] = {")
    for number, replacement in sorted(html._invalid_charrefs.items()):
        if len(replacement) != 1:
            sys.exit("unexpected multi-character replacement for &#%d;" % number)
        out.append("    {0x%X, 0x%X}," % (number, ord(replacement)))
    out.append("};")
    out.append("")
    out.append("// html._invalid_codepoints: numbers whose reference is dropped.")
    emit_ranges(out, "kDroppedCharRefs", ranges_of(lambda cp: cp in html._invalid_codepoints))

    out.append("template <typename Table>")
    out.append("bool inRanges(const Table& table, char32_t cp)")
    out.append("{")
    out.append("    auto it = std::upper_bound(std::begin(table), std::end(table), cp,")
    out.append("                               [](char32_t value, const CodePointRange& r) { return value < r.first; });")
    out.append("    return it != std::begin(table) && cp <= std::prev(it)->last;")
    out.append("}")
    out.append("")
    out.append("} // namespace")
    out.append("")
    out.append("bool isLetter(char32_t cp) { return inRanges(kLetters, cp); }")
    out.append("bool isNumber(char32_t cp) { return inRanges(kNumbers, cp); }")
    out.append("bool isWhiteSpace(char32_t cp) { return inRanges(kWhiteSpace, cp); }")
    out.append("bool isCaseIgnorable(char32_t cp) { return inRanges(kCaseIgnorable, cp); }")
    out.append("bool isCased(char32_t cp) { return inRanges(kCased, cp); }")
    out.append("")
    out.append("int lowercaseOf(char32_t cp, char32_t out[3])")
    out.append("{")
    out.append("    for (const auto& e : kLowercaseExpansions)")
    out.append("        if (e.codePoint == cp) {")
    out.append("            std::copy(e.lower, e.lower + e.count, out);")
    out.append("            return e.count;")
    out.append("        }")
    out.append("    auto it = std::upper_bound(std::begin(kLowercase), std::end(kLowercase), cp,")
    out.append("                               [](char32_t value, const LowercaseRun& r) { return value < r.first; });")
    out.append("    out[0] = cp;")
    out.append("    if (it != std::begin(kLowercase)) {")
    out.append("        const LowercaseRun& run = *std::prev(it);")
    out.append("        if (cp <= run.last && (cp - run.first) % static_cast<char32_t>(run.stride) == 0)")
    out.append("            out[0] = static_cast<char32_t>(static_cast<int32_t>(cp) + run.delta);")
    out.append("    }")
    out.append("    return 1;")
    out.append("}")
    out.append("")
    out.append("const char* findHtmlEntity(std::string_view name)")
    out.append("{")
    out.append("    auto it = std::lower_bound(std::begin(kNamedEntities), std::end(kNamedEntities), name,")
    out.append("                               [](const NamedEntity& e, std::string_view n) { return std::string_view(e.name) < n; });")
    out.append("    return it != std::end(kNamedEntities) && std::string_view(it->name) == name ? it->value : nullptr;")
    out.append("}")
    out.append("")
    out.append("std::size_t longestHtmlEntityName() { return %d; }" % max(len(k) for k in html.entities.html5))
    out.append("")
    out.append("CharRefResult resolveCharRef(uint64_t number)")
    out.append("{")
    out.append("    for (const auto& r : kInvalidCharRefs)")
    out.append("        if (r.number == number)")
    out.append("            return {CharRefResult::Kind::CodePoint, r.replacement};")
    out.append("    if ((number >= 0xD800 && number <= 0xDFFF) || number > 0x10FFFF)")
    out.append("        return {CharRefResult::Kind::CodePoint, 0xFFFD};")
    out.append("    if (inRanges(kDroppedCharRefs, static_cast<char32_t>(number)))")
    out.append("        return {CharRefResult::Kind::Dropped, 0};")
    out.append("    return {CharRefResult::Kind::CodePoint, static_cast<char32_t>(number)};")
    out.append("}")
    out.append("")
    out.append("} // namespace muse::unicode")
    out.append("")
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))
    print("wrote %s (%d lines)" % (OUTPUT, len(out)))


if __name__ == "__main__":
    main()
