// UTF-8 helpers shared by the external term format (atom names) and the
// unicode/binary BIFs. Header-only: every function is small and hot.
//
// "Valid" means RFC 3629 UTF-8: shortest form, no surrogates, <= U+10FFFF,
// which is what Erlang accepts for atoms and unicode:characters_to_*.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace girder::vm::utf8 {

// Result of decoding one character at the front of a byte range.
enum class Decode { Ok, Invalid, Incomplete };

// Decode the character starting at s[i]; on Ok sets cp and len. Incomplete
// means the bytes so far are a valid prefix that the range cuts short.
inline Decode decode(const unsigned char* s, std::size_t n, std::size_t i, std::uint32_t& cp,
                     std::size_t& len) {
  unsigned char c = s[i];
  if (c < 0x80) { cp = c; len = 1; return Decode::Ok; }
  std::uint32_t min;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
  else return Decode::Invalid;
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= n) {
      // The checks below already rejected impossible prefixes.
      return Decode::Incomplete;
    }
    unsigned char d = s[i + k];
    if ((d & 0xC0) != 0x80) return Decode::Invalid;
    cp = (cp << 6) | (d & 0x3F);
    // Early checks so "incomplete" is not reported for impossible prefixes.
    if (k == 1) {
      if (len == 3 && (cp < (0x800 >> 6) || (cp >= (0xD800 >> 6) && cp <= (0xDFFF >> 6))))
        return Decode::Invalid;
      if (len == 4 && (cp < (0x10000 >> 12) || cp > (0x10FFFF >> 12))) return Decode::Invalid;
    }
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return Decode::Invalid;
  return Decode::Ok;
}

inline bool valid(std::string_view s, std::size_t* chars = nullptr) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len;
    if (decode(p, s.size(), i, cp, len) != Decode::Ok) return false;
    i += len;
    ++count;
  }
  if (chars) *chars = count;
  return true;
}

inline bool valid_code_point(std::int64_t cp) {
  return cp >= 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

inline void append(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Code points of a UTF-8 string that is valid in practice (atom names, text
// the VM wrote itself): each valid character decodes, and any byte that
// does not start one stands for itself, so nothing is dropped.
inline std::u32string decode_lenient(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len;
    if (decode(p, s.size(), i, cp, len) != Decode::Ok) {
      cp = p[i];
      len = 1;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Strict decode of a whole byte string; false if it is not valid UTF-8.
inline bool decode_strict(const unsigned char* p, std::size_t n, std::u32string& out) {
  for (std::size_t i = 0; i < n;) {
    std::uint32_t cp;
    std::size_t len;
    if (decode(p, n, i, cp, len) != Decode::Ok) return false;
    out.push_back(cp);
    i += len;
  }
  return true;
}

// Latin-1 bytes to UTF-8.
inline std::string from_latin1(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) append(out, c);
  return out;
}

// UTF-8 to latin-1 if every character is <= 255; precondition: valid UTF-8.
inline bool to_latin1(std::string_view s, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len;
    if (decode(p, s.size(), i, cp, len) != Decode::Ok || cp > 255) return false;
    out.push_back(static_cast<char>(cp));
    i += len;
  }
  return true;
}

}  // namespace girder::vm::utf8
