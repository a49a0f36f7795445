// Formatting and parsing floats exactly as OTP 25 does.
//
// format_float_short: the shortest text that reads back as the same double
// (io_lib's ~p/~w and float_to_list(F, [short])), laid out like OTP: fixed
// notation ("123.456", "0.0001") unless scientific ("1.0e-5", "1.0e15") is
// shorter, ties going to fixed; integral values at or above 2^53 are always
// scientific. Exponents carry no '+' and no leading zeros.
#pragma once

#include <string>
#include <string_view>

namespace girder::vm {

std::string format_float_short(double value);
// printf "%.*e": float_to_list(F) is format_float_scientific(F, 20).
// Returns "" when OTP raises badarg (digits outside 0..249).
std::string format_float_scientific(double value, int digits);
// float_to_list(F, [{decimals, N}]) and with `compact`. Returns "" when OTP
// raises badarg (decimals outside 0..253, or text of 256 or more bytes).
std::string format_float_decimals(double value, int decimals, bool compact);
// list_to_float / binary_to_float: [+-]digits.digits[(e|E)[+-]digits] and
// nothing else; a value too large for a double is rejected (badarg), one too
// small becomes 0.0 or a denormal. Returns false if the text is not a float.
bool parse_float(std::string_view text, double& out);

}  // namespace girder::vm
