#pragma once
// UTF-8 ⇄ code points for the tokenizers (core-internal). Invalid input bytes decode to U+FFFD,
// as Python's bytes.decode("utf-8", errors="replace") does for each bad sequence.

#include <string>

namespace muse::utf8 {

std::u32string decode(const std::string& text);
void append(std::string& out, char32_t cp);
std::string encode(const std::u32string& text);

} // namespace muse::utf8
