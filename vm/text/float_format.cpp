// Float text conversions with OTP's exact output.
//
// Shortest round-trip digits come from std::to_chars (shortest mode), which
// yields the same digits as OTP's Ryu-based printer; only the layout is ours.
// The {decimals, N} mode reproduces OTP's fast path: for moderate values and
// few decimals OTP scales the fraction by 10^N in double arithmetic and rounds
// half away from zero, so float_to_list(0.1, [{decimals, 17}]) is
// "0.10000000000000000" where printf says "0.10000000000000001".
#include "vm/text/float_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace girder::vm {

namespace {

// OTP formats into a 256-byte buffer; longer output is a badarg.
constexpr std::size_t kMaxFormatted = 256;
constexpr int kMaxScientificDigits = 249;
constexpr int kMaxDecimals = 253;

// Powers of ten for OTP's fast decimals path, which covers up to 18 decimals.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                             1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
constexpr int kFastDecimals = 18;

// Shortest digits and decimal exponent: value = 0.d1d2d3... * 10^(exp+1),
// i.e. d1.d2d3... * 10^exp.
void shortest_digits(double value, std::string& digits, int& exp) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  std::size_t e = text.find('e');
  digits.clear();
  for (std::size_t i = 0; i < e; ++i) {
    if (text[i] >= '0' && text[i] <= '9') digits.push_back(text[i]);
  }
  exp = std::atoi(std::string(text.substr(e + 1)).c_str());
}

// Drops trailing zeros; a '.' left last gets one zero back ("1.0").
void strip_trailing_zeros(std::string& s) {
  std::size_t end = s.size();
  while (end > 0 && s[end - 1] == '0') --end;
  if (end > 0 && s[end - 1] == '.') ++end;
  s.resize(end);
}

}  // namespace

std::string format_float_short(double value) {
  std::string out;
  if (std::signbit(value)) {
    out.push_back('-');
    value = -value;
  }
  if (value == 0.0) return out + "0.0";
  std::string digits;
  int exp;
  shortest_digits(value, digits, exp);
  int n = static_cast<int>(digits.size());

  // Scientific: d.ddd e exp (at least one digit after the point).
  std::string sci;
  sci.push_back(digits[0]);
  sci.push_back('.');
  if (n > 1) sci.append(digits, 1, std::string::npos);
  else sci.push_back('0');
  sci.push_back('e');
  sci.append(std::to_string(exp));

  // Integral values from 2^53 up print in scientific notation regardless.
  if (value >= 9007199254740992.0) return out + sci;

  std::string fixed;
  if (exp < 0) {
    fixed = "0.";
    fixed.append(static_cast<std::size_t>(-exp - 1), '0');
    fixed.append(digits);
  } else if (exp >= n - 1) {
    fixed = digits;
    fixed.append(static_cast<std::size_t>(exp - (n - 1)), '0');
    fixed.append(".0");
  } else {
    fixed = digits.substr(0, static_cast<std::size_t>(exp + 1));
    fixed.push_back('.');
    fixed.append(digits, static_cast<std::size_t>(exp + 1), std::string::npos);
  }
  return out + (fixed.size() <= sci.size() ? fixed : sci);
}

std::string format_float_scientific(double value, int digits) {
  if (digits < 0 || digits > kMaxScientificDigits) return {};
  char buf[kMaxFormatted + 64];
  int len = std::snprintf(buf, sizeof buf, "%.*e", digits, value);
  if (len < 0 || static_cast<std::size_t>(len) >= kMaxFormatted) return {};
  return std::string(buf, static_cast<std::size_t>(len));
}

std::string format_float_decimals(double value, int decimals, bool compact) {
  if (decimals < 0 || decimals > kMaxDecimals) return {};
  std::string out;
  double mag = std::fabs(value);
  if (mag > 9007199254740992.0 || decimals > kFastDecimals) {
    char buf[kMaxFormatted + 400];
    int len = std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    if (len < 0 || static_cast<std::size_t>(len) >= kMaxFormatted) return {};
    out.assign(buf, static_cast<std::size_t>(len));
    // OTP strips here even with no decimals: 1.0e20 with [{decimals, 0},
    // compact] gives "1".
    if (compact) strip_trailing_zeros(out);
    return out;
  }
  // OTP's fast path: the integer part exactly, the fraction scaled by 10^N in
  // double arithmetic and rounded half away from zero, carrying on overflow.
  if (std::signbit(value)) out.push_back('-');
  if (decimals == 0) {
    out.append(std::to_string(static_cast<std::uint64_t>(std::llround(mag))));
    return out;
  }
  double int_f = std::floor(mag);
  double frac_f = std::round((mag - int_f) * kPow10[decimals]);
  auto int_part = static_cast<std::uint64_t>(int_f);
  auto frac_part = static_cast<std::uint64_t>(frac_f);
  if (frac_f >= kPow10[decimals]) {
    ++int_part;
    frac_part = 0;
  }
  out.append(std::to_string(int_part));
  out.push_back('.');
  std::string f = std::to_string(frac_part);
  out.append(static_cast<std::size_t>(decimals) - f.size(), '0');
  out.append(f);
  if (compact) strip_trailing_zeros(out);
  return out;
}

bool parse_float(std::string_view text, double& out) {
  std::size_t i = 0, n = text.size();
  auto digits = [&]() {
    std::size_t start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  if (!digits()) return false;
  if (i >= n || text[i] != '.') return false;
  ++i;
  if (!digits()) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  if (i != n) return false;
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (!std::isfinite(v)) return false;
  out = v;
  return true;
}

}  // namespace girder::vm
